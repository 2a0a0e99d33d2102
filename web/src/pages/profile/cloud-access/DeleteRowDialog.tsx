import { Code, Text } from '@mantine/core';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { bucketLabel, PROVIDER_LABELS } from './describe';
import { useDeleteAccessRow } from './storage-access-queries';
import type { AccessRow } from '@foyer/contract';

export function DeleteRowDialog({
  row,
  onClose,
  onDeleted,
  onExited,
}: {
  row: AccessRow | undefined;
  onClose: () => void;
  onDeleted: (row: AccessRow) => void;
  /** after the dialog's closing transition, when focus can move elsewhere */
  onExited?: () => void;
}) {
  const remove = useDeleteAccessRow();
  return (
    <ConfirmDialog item={row} title={(shown) => `Delete the access keys for ${shown.bucket}?`} confirmLabel="Delete access keys"
      action={remove} variablesOf={(shown) => shown.id} onDone={onDeleted} onClose={onClose} onExitTransitionEnd={onExited}>
      {(shown) => (
        <>
          <Text>
            Delete the {PROVIDER_LABELS[shown.provider]} keys for bucket <Code>{bucketLabel(shown)}</Code>
            {shown.endpoint ? (
              <>
                {' '}
                on <Code>{shown.endpoint}</Code>
              </>
            ) : null}
            ?
          </Text>
          <Text size="sm">
            {shown.scope === 'workspace'
              ? 'Nobody in this workspace will see objects from this bucket in the web app any more, unless they add keys of their own.'
              : 'The web app will no longer show your objects from this bucket.'}{' '}
            The stored secret is erased from the server; the keys themselves stay valid at your cloud provider.
          </Text>
        </>
      )}
    </ConfirmDialog>
  );
}
