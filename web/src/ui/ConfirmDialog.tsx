import { Alert, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { AppDialog } from './AppDialog';
import { DialogActions } from './DialogActions';
import { useLastDefined } from './use-last-defined';

/** What a confirmation dialog needs of a react-query mutation. */
interface ConfirmedAction<Variables, Result> {
  mutate: (variables: Variables, options: { onSuccess: (result: Result) => void }) => void;
  isPending: boolean;
  error: Error | null;
  reset: () => void;
}

interface ConfirmDialogProps<Item, Variables, Result> {
  /** what the dialog asks about: it is open while there is one, and keeps showing it while it fades out */
  item: Item | undefined;
  title: ReactNode | ((item: Item) => ReactNode);
  /** what confirming does */
  children: (item: Item) => ReactNode;
  confirmLabel: string;
  /** done on confirming, with variablesOf(item): a spinner while it runs, its error above the buttons */
  action: ConfirmedAction<Variables, Result>;
  variablesOf: (item: Item) => Variables;
  /** after the action succeeded, just before the dialog closes */
  onDone?: (item: Item, result: Result) => void;
  onClose: () => void;
  /** after the closing transition, when focus can move elsewhere */
  onExitTransitionEnd?: () => void;
}

/** "Delete this?": what happens, Cancel (focused first) and a red button that does it, then closes. */
export function ConfirmDialog<Item, Variables, Result>({
  item,
  title,
  children,
  confirmLabel,
  action,
  variablesOf,
  onDone,
  onClose,
  onExitTransitionEnd,
}: ConfirmDialogProps<Item, Variables, Result>) {
  const shown = useLastDefined(item);
  const close = () => {
    action.reset();
    onClose();
  };
  const confirm = (confirmed: Item) =>
    action.mutate(variablesOf(confirmed), {
      onSuccess: (result) => {
        onDone?.(confirmed, result);
        close();
      },
    });
  return (
    <AppDialog opened={item !== undefined} onClose={close} onExitTransitionEnd={onExitTransitionEnd} title={typeof title === 'function' ? (shown === undefined ? '' : title(shown)) : title} size="md">
      {shown !== undefined && (
        <Stack gap="md">
          {children(shown)}
          {action.error && <Alert color="red" variant="light" title={action.error.message} />}
          <DialogActions onCancel={close} focusCancel danger confirmLabel={confirmLabel} loading={action.isPending} onConfirm={() => confirm(shown)} />
        </Stack>
      )}
    </AppDialog>
  );
}
