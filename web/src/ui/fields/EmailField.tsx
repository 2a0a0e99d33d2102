import { TextInput } from '@mantine/core';

interface EmailFieldProps {
  value: string;
  onChange: (value: string) => void;
  error?: string;
  autoFocus?: boolean;
  /** the only address an invitation admits: shown filled in, and not editable */
  locked?: boolean;
  /** what the address must be like, said under the field */
  hint?: string;
}

/** The account's email, which is also its user name for the browser's password manager. */
export function EmailField({ value, onChange, error, autoFocus, locked = false, hint }: EmailFieldProps) {
  return (
    <TextInput
      label="Email"
      type="email"
      name="email"
      autoComplete="username"
      required
      autoFocus={autoFocus}
      readOnly={locked}
      description={locked ? 'This invitation is for this address only.' : hint}
      value={value}
      error={error}
      onChange={(event) => onChange(event.currentTarget.value)}
    />
  );
}
