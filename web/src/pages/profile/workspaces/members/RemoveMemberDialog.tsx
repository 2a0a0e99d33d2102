import { Text } from '@mantine/core';
import { ConfirmDialog } from '../../../../ui/ConfirmDialog';
import { useRemoveMember } from './members-queries';
import type { Member } from '@foyer/contract';

interface RemoveMemberDialogProps {
  workspace: { id: string; name: string };
  member: Member | undefined;
  onClose: () => void;
  onRemoved: (member: Member, revokedCredentials: number) => void;
}

export function RemoveMemberDialog({ workspace, member, onClose, onRemoved }: RemoveMemberDialogProps) {
  const remove = useRemoveMember(workspace.id);
  return (
    <ConfirmDialog item={member} title="Remove member?" confirmLabel="Remove member"
      action={remove} variablesOf={(shown) => shown.id} onDone={(shown, result) => onRemoved(shown, result.revoked_credentials)} onClose={onClose}>
      {(shown) => (
        <>
          <Text>
            Remove <strong>{shown.name}</strong> ({shown.email}) from {workspace.name}?
          </Text>
          <Text size="sm">
            Their membership ends at once, and every credential they hold in {workspace.name} stops working: scripts and
            agents that use those keys fail on their next call. To come back, they need a new invitation.
          </Text>
        </>
      )}
    </ConfirmDialog>
  );
}
