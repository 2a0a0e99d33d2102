import { Alert, Button, Code, Group, List, Loader, Stack, Text } from '@mantine/core';
import type { Credential } from '@foyer/contract';
import { AppDialog } from '../../../../ui/AppDialog';
import { TimeWithExact } from '../../../../ui/TimeWithExact';
import { relativeTime } from '../../../../ui/times';
import { useLeaveImpact, useLeaveWorkspace } from './members-queries';

interface LeaveWorkspaceDialogProps {
  opened: boolean;
  onClose: () => void;
  workspace: { id: string; name: string };
  /** where the session continues when the workspace left is the current one */
  continueIn: { id: string; name: string } | undefined;
}

/**
 * Leave workspace: first what leaving revokes (each of your credentials there, with when and from where it was last
 * used), or why you cannot leave; then a confirmation.
 */
export function LeaveWorkspaceDialog({ opened, onClose, workspace, continueIn }: LeaveWorkspaceDialogProps) {
  const impact = useLeaveImpact(workspace.id, opened);
  const leave = useLeaveWorkspace();
  const close = () => {
    leave.reset();
    onClose();
  };

  return (
    <AppDialog opened={opened} onClose={close} title={`Leave ${workspace.name}?`} size={640}>
      {impact.isPending && <Loader size="sm" aria-label="Loading what leaving changes" />}
      {impact.error && (
        <Stack gap="md">
          <Alert color="red" variant="light" title="What leaving changes could not be loaded">
            {impact.error.message}
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Close
            </Button>
          </Group>
        </Stack>
      )}
      {impact.data && !impact.data.can.leave && (
        <Stack gap="md">
          <Alert color="orange" variant="light" title={`You cannot leave ${workspace.name}`}>
            {impact.data.why_not.leave ?? 'The server refused.'}
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              Close
            </Button>
          </Group>
        </Stack>
      )}
      {impact.data?.can.leave && (
        <Stack gap="md">
          <Text>
            Your membership of {workspace.name} ends at once. To come back, you need a new invitation.
          </Text>
          {impact.data.credentials.length === 0 ? (
            <Text size="sm">You hold no credentials in {workspace.name}, so no script or agent of yours is affected.</Text>
          ) : (
            <div>
              <Text size="sm" fw={600} id="leave-credentials-heading">
                {impact.data.credentials.length === 1
                  ? 'This credential of yours stops working:'
                  : `These ${impact.data.credentials.length} credentials of yours stop working:`}
              </Text>
              <List size="sm" mt="xs" spacing="xs" aria-labelledby="leave-credentials-heading">
                {impact.data.credentials.map((credential) => (
                  <List.Item key={credential.access_key}>
                    <CredentialUse credential={credential} />
                  </List.Item>
                ))}
              </List>
            </div>
          )}
          {continueIn ? (
            <Text size="sm">You stay signed in, in {continueIn.name}.</Text>
          ) : (
            <Text size="sm">{workspace.name} is your only workspace, so you are signed out at once.</Text>
          )}
          {leave.error && <Alert color="red" variant="light" title={leave.error.message} />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} data-autofocus>
              Cancel
            </Button>
            <Button color="red" loading={leave.isPending} onClick={() => leave.mutate({ workspace, continueIn }, { onSuccess: onClose })}>
              Leave {workspace.name}
            </Button>
          </Group>
        </Stack>
      )}
    </AppDialog>
  );
}

function CredentialUse({ credential }: { credential: Credential }) {
  const from = [credential.last_used_from, credential.last_used_client].filter(Boolean).join(', ');
  return (
    <>
      {credential.label ? <strong>{credential.label}</strong> : <em>No label</em>} <Code>{credential.access_key}</Code>
      <Text size="xs" c="dimmed">
        {credential.last_used ? (
          <>
            Last used <TimeWithExact iso={credential.last_used} display={(date) => relativeTime(date)} />
            {from ? ` from ${from}` : ''}
          </>
        ) : (
          'Never used'
        )}
      </Text>
    </>
  );
}
