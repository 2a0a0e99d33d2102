import { ActionIcon, Tooltip } from '@mantine/core';
import type { Ref } from 'react';
import { MailIcon, PencilIcon, RotateIcon, TrashIcon } from './icons';

interface RowActionButtonProps {
  /** "edit" shows a grey pencil; "send" a grey envelope; "rotate" two grey arrows; "remove" a red bin */
  kind: 'edit' | 'send' | 'rotate' | 'remove';
  /** shown on hover and focus */
  tooltip: string;
  /** the accessible name, which says which row: "Revoke ada@example.com" */
  label: string;
  onClick: () => void;
  buttonRef?: Ref<HTMLButtonElement>;
}

/** An icon button in a table row, with its tooltip. */
export function RowActionButton({ kind, tooltip, label, onClick, buttonRef }: RowActionButtonProps) {
  return (
    <Tooltip label={tooltip}>
      <ActionIcon ref={buttonRef} variant="subtle" color={kind === 'remove' ? 'red' : 'gray'} aria-label={label} onClick={onClick}>
        {kind === 'remove' ? <TrashIcon size={18} /> : kind === 'send' ? <MailIcon size={18} /> : kind === 'rotate' ? <RotateIcon size={18} /> : <PencilIcon size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}
