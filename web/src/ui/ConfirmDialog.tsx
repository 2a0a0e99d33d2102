import { Alert, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { AppDialog } from './AppDialog';
import { DialogActions } from './DialogActions';
import { useLastDefined } from './use-last-defined';

interface ConfirmDialogProps<Item> {
  /** what the dialog asks about: it is open while there is one, and keeps showing it while it fades out */
  item: Item | undefined;
  title: ReactNode | ((item: Item) => ReactNode);
  /** what confirming does */
  children: (item: Item) => ReactNode;
  confirmLabel: string;
  /** the confirmed action's state: a spinner while it runs, its error above the buttons */
  action: { isPending: boolean; error: Error | null };
  onConfirm: (item: Item) => void;
  onClose: () => void;
  /** after the closing transition, when focus can move elsewhere */
  onExitTransitionEnd?: () => void;
}

/** "Delete this?": what happens, Cancel (focused first) and a red button that does it. */
export function ConfirmDialog<Item>({ item, title, children, confirmLabel, action, onConfirm, onClose, onExitTransitionEnd }: ConfirmDialogProps<Item>) {
  const shown = useLastDefined(item);
  return (
    <AppDialog opened={item !== undefined} onClose={onClose} onExitTransitionEnd={onExitTransitionEnd} title={typeof title === 'function' ? (shown === undefined ? '' : title(shown)) : title} size="md">
      {shown !== undefined && (
        <Stack gap="md">
          {children(shown)}
          {action.error && <Alert color="red" variant="light" title={action.error.message} />}
          <DialogActions onCancel={onClose} focusCancel danger confirmLabel={confirmLabel} loading={action.isPending} onConfirm={() => onConfirm(shown)} />
        </Stack>
      )}
    </AppDialog>
  );
}
