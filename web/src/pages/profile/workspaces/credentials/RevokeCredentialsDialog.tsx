import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core';
import { AppDialog } from '../../../../ui/AppDialog';
import type { Credential } from '../../../../api/auth';
import { useRevokeCredentials } from './credentials-queries';

export function RevokeCredentialsDialog({
  credential,
  onClose,
  onRevoked,
  onExited,
}: {
  credential: Credential | undefined;
  onClose: () => void;
  onRevoked: () => void;
  /** after the dialog's closing transition, when focus can move elsewhere */
  onExited: () => void;
}) {
  return (
    <AppDialog opened={credential !== undefined} onClose={onClose} onExitTransitionEnd={onExited} title="Revoke credentials?" size="md">
      {credential && (
        <RevokeConfirmation
          key={credential.access_key}
          credential={credential}
          onCancel={onClose}
          onRevoked={() => {
            onRevoked();
            onClose();
          }}
        />
      )}
    </AppDialog>
  );
}

function RevokeConfirmation({ credential, onCancel, onRevoked }: { credential: Credential; onCancel: () => void; onRevoked: () => void }) {
  const revoke = useRevokeCredentials();
  return (
    <Stack gap="md">
      <Text>
        Revoke {credential.label ? <strong>“{credential.label}”</strong> : 'the credentials'} with access key{' '}
        <Code>{credential.access_key}</Code>?
      </Text>
      <Text size="sm">
        Every script, notebook and agent that uses them stops authenticating at once. Revoked credentials cannot be
        restored.
      </Text>
      {revoke.error && <Alert color="red" variant="light" title={revoke.error.message} />}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onCancel} data-autofocus>
          Cancel
        </Button>
        <Button color="red" loading={revoke.isPending} onClick={() => revoke.mutate(credential.access_key, { onSuccess: onRevoked })}>
          Revoke credentials
        </Button>
      </Group>
    </Stack>
  );
}
