import { TextInput } from '@mantine/core';

interface OneTimeCodeFieldProps {
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  /** "sign-in" also takes a recovery code; "confirm" is a code to confirm a change */
  purpose: 'sign-in' | 'enrol' | 'confirm';
  dialogFocus?: boolean;
  autoFocus?: boolean;
}

const DESCRIPTIONS: Record<OneTimeCodeFieldProps['purpose'], string> = {
  'sign-in': 'The six-digit code your authenticator app shows for Foyer, or one of your recovery codes.',
  enrol: 'The six-digit code the app shows once it has added Foyer.',
  confirm: 'The six-digit code your authenticator app shows now, or one of your recovery codes.',
};

/** A code from an authenticator app (or a recovery code): the phone's keyboard and the browser's autofill know it. */
export function OneTimeCodeField({ value, onChange, error, purpose, dialogFocus, autoFocus }: OneTimeCodeFieldProps) {
  return (
    <TextInput
      label={purpose === 'enrol' ? 'Code from the app' : 'Two-factor code'}
      description={DESCRIPTIONS[purpose]}
      autoComplete="one-time-code"
      inputMode={purpose === 'enrol' ? 'numeric' : 'text'}
      spellCheck={false}
      autoCapitalize="off"
      required
      maxLength={64}
      autoFocus={autoFocus}
      data-autofocus={dialogFocus || undefined}
      value={value}
      error={error}
      onChange={(event) => onChange(event.currentTarget.value)}
    />
  );
}
