import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core';
import type { AccessRow } from '../../../api/storage-access';
import { AppDialog } from '../../../ui/AppDialog';
import { bucketLabel, PROVIDER_LABELS } from './describe';
import { useDeleteAccessRow } from './storage-access-queries';
import { useLastDefined } from './use-last-defined';

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
  const shown = useLastDefined(row);
  return (
    <AppDialog
      opened={row !== undefined}
      onClose={onClose}
      onExitTransitionEnd={onExited}
      title={shown ? `Delete the access keys for ${shown.bucket}?` : 'Delete access keys?'}
      size="md"
    >
      {shown && (
        <DeleteConfirmation
          key={shown.id}
          row={shown}
          onCancel={onClose}
          onDeleted={() => {
            onDeleted(shown);
            onClose();
          }}
        />
      )}
    </AppDialog>
  );
}

function DeleteConfirmation({ row, onCancel, onDeleted }: { row: AccessRow; onCancel: () => void; onDeleted: () => void }) {
  const remove = useDeleteAccessRow();
  return (
    <Stack gap="md">
      <Text>
        Delete the {PROVIDER_LABELS[row.provider]} keys for bucket <Code>{bucketLabel(row)}</Code>
        {row.endpoint ? (
          <>
            {' '}
            on <Code>{row.endpoint}</Code>
          </>
        ) : null}
        ?
      </Text>
      <Text size="sm">
        {row.scope === 'workspace'
          ? 'Nobody in this workspace will see objects from this bucket in the web app any more, unless they add keys of their own.'
          : 'The web app will no longer show your objects from this bucket.'}{' '}
        The stored secret is erased from the server; the keys themselves stay valid at your cloud provider.
      </Text>
      {remove.error && <Alert color="red" variant="light" title={remove.error.message} />}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onCancel} data-autofocus>
          Cancel
        </Button>
        <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(row.id, { onSuccess: onDeleted })}>
          Delete access keys
        </Button>
      </Group>
    </Stack>
  );
}
