import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import type { Member } from '../../../../api/workspaces';
import { AppDialog } from '../../../../ui/AppDialog';
import { useRemoveMember } from './members-queries';

interface RemoveMemberDialogProps {
  workspace: { id: string; name: string };
  member: Member | undefined;
  onClose: () => void;
  onRemoved: (member: Member, revokedCredentials: number) => void;
}

export function RemoveMemberDialog({ workspace, member, onClose, onRemoved }: RemoveMemberDialogProps) {
  return (
    <AppDialog opened={member !== undefined} onClose={onClose} title="Remove member?" size="md">
      {member && <RemoveConfirmation key={member.id} workspace={workspace} member={member} onClose={onClose} onRemoved={onRemoved} />}
    </AppDialog>
  );
}

function RemoveConfirmation({ workspace, member, onClose, onRemoved }: RemoveMemberDialogProps & { member: Member }) {
  const remove = useRemoveMember(workspace.id);
  return (
    <Stack gap="md">
      <Text>
        Remove <strong>{member.name}</strong> ({member.email}) from {workspace.name}?
      </Text>
      <Text size="sm">
        Their membership ends at once, and every credential they hold in {workspace.name} stops working: scripts and
        agents that use those keys fail on their next call. To come back, they need a new invitation.
      </Text>
      {remove.error && <Alert color="red" variant="light" title={remove.error.message} />}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onClose} data-autofocus>
          Cancel
        </Button>
        <Button
          color="red"
          loading={remove.isPending}
          onClick={() =>
            remove.mutate(member.id, {
              onSuccess: (result) => {
                onRemoved(member, result.revoked_credentials);
                onClose();
              },
            })
          }
        >
          Remove member
        </Button>
      </Group>
    </Stack>
  );
}
