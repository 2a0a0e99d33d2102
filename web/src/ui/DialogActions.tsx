import { Button, Group } from '@mantine/core';
import type { ReactNode, Ref } from 'react';

interface DialogActionsProps {
  onCancel: () => void;
  cancelLabel?: string;
  confirmLabel: ReactNode;
  /** without it, the confirming button submits the dialog's form */
  onConfirm?: () => void;
  loading?: boolean;
  disabled?: boolean;
  /** a red confirming button, for what cannot be undone */
  danger?: boolean;
  /** the dialog opens with the focus on Cancel, so that Enter does not confirm by accident */
  focusCancel?: boolean;
  confirmRef?: Ref<HTMLButtonElement>;
}

/** The buttons at the foot of a dialog: Cancel, then the one that does what the dialog is for. */
export function DialogActions({ onCancel, cancelLabel = 'Cancel', confirmLabel, onConfirm, loading, disabled, danger, focusCancel, confirmRef }: DialogActionsProps) {
  return (
    <Group justify="flex-end" gap="sm">
      <Button variant="default" onClick={onCancel} data-autofocus={focusCancel || undefined}>
        {cancelLabel}
      </Button>
      <Button
        ref={confirmRef}
        type={onConfirm ? 'button' : 'submit'}
        color={danger ? 'red' : undefined}
        loading={loading}
        disabled={disabled}
        onClick={onConfirm}
      >
        {confirmLabel}
      </Button>
    </Group>
  );
}
