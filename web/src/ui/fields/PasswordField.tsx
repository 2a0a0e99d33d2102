import { PasswordInput } from '@mantine/core';
import { MIN_PASSWORD_LENGTH } from '@foyer/contract';

interface PasswordFieldProps {
  /**
   * "current": the password the account has now; "new": one being chosen, with its minimum length said under it;
   * "repeat": the new one again. The browser's password manager fills in or offers a password by this.
   */
  purpose: 'current' | 'new' | 'repeat';
  label?: string;
  name?: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  /** the field a dialog puts the focus in when it opens */
  dialogFocus?: boolean;
}

export function PasswordField({ purpose, label = 'Password', name, value, onChange, error, dialogFocus }: PasswordFieldProps) {
  return (
    <PasswordInput
      label={label}
      name={name}
      autoComplete={purpose === 'current' ? 'current-password' : 'new-password'}
      description={purpose === 'new' ? `At least ${MIN_PASSWORD_LENGTH} characters.` : undefined}
      required
      data-autofocus={dialogFocus || undefined}
      value={value}
      error={error}
      onChange={(event) => onChange(event.currentTarget.value)}
    />
  );
}
