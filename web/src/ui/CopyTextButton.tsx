import { Button, type ButtonProps } from '@mantine/core';
import type { Ref } from 'react';
import { CheckIcon, CopyIcon } from './icons';
import { useCopy } from './use-copy';

interface CopyTextButtonProps extends Omit<ButtonProps, 'children' | 'onClick'> {
  text: string;
  /** the visible label, e.g. "Copy" */
  label: string;
  /** the accessible name when the visible label alone does not say what is copied */
  accessibleLabel?: string;
  onCopied?: () => void;
  ref?: Ref<HTMLButtonElement>;
}

/** A button that copies `text` and then says "Copied" (or that copying failed) in a live region. */
export function CopyTextButton({ text, label, accessibleLabel, onCopied, ...buttonProps }: CopyTextButtonProps) {
  const { state, copy } = useCopy();
  const shown = state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select the text and copy it' : label;
  return (
    <Button
      variant="default"
      size="xs"
      leftSection={state === 'copied' ? <CheckIcon size={14} /> : <CopyIcon size={14} />}
      aria-label={accessibleLabel && state === 'idle' ? accessibleLabel : undefined}
      onClick={() => {
        void copy(text).then((ok) => {
          if (ok) onCopied?.();
        });
      }}
      {...buttonProps}
    >
      <span aria-live="polite">{shown}</span>
    </Button>
  );
}
