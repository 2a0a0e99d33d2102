import { TextInput } from '@mantine/core';

interface NameFieldProps {
  value: string;
  onChange: (value: string) => void;
  error?: string;
  autoFocus?: boolean;
}

/** A person's name for a new account. */
export function NameField({ value, onChange, error, autoFocus }: NameFieldProps) {
  return (
    <TextInput
      label="Name"
      name="name"
      autoComplete="name"
      required
      autoFocus={autoFocus}
      value={value}
      error={error}
      onChange={(event) => onChange(event.currentTarget.value)}
    />
  );
}
