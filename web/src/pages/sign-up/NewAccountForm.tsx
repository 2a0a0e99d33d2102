import { Alert, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { ACCOUNT_EXISTS_SUBCODE, signUp } from '../../api/auth';
import { isApiError } from '../../api/client';
import { inviteRefusal } from '../../api/invites';
import { MIN_PASSWORD_LENGTH } from '../../api/users';

interface FieldErrors {
  name?: string;
  email?: string;
  password?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

export interface NewAccountFormProps {
  /** joins through this invitation, in the same transaction as the account (a refused invitation creates nothing) */
  inviteToken?: string;
  /** the only address the invitation admits: shown filled in, and not editable */
  lockedEmail?: string;
  /** what the address must end in, said under the field */
  emailHint?: string;
  submitLabel: string;
  footnote?: ReactNode;
  /** what to say when the address already has an account: where to sign in instead */
  accountExists: (email: string) => ReactNode;
  onCreated: (result: { workspace: { id: string; name: string } }, name: string) => void;
  /** a refusal of the invitation itself (the page shows it above the form) */
  onInviteProblem?: (error: unknown) => void;
}

/** Name, email and password: a new account, by itself (open sign-up) or joining through an invitation. */
export function NewAccountForm({ inviteToken, lockedEmail, emailHint, submitLabel, footnote, accountExists, onCreated, onInviteProblem }: NewAccountFormProps) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState(lockedEmail ?? '');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<ReactNode | undefined>();
  const [submitting, setSubmitting] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    const found: FieldErrors = {
      name: name.trim() ? undefined : 'Enter your name.',
      email: EMAIL.test(email.trim()) ? undefined : 'Enter an email address, like ada@example.com.',
      password: password.length >= MIN_PASSWORD_LENGTH ? undefined : `Use at least ${MIN_PASSWORD_LENGTH} characters.`,
    };
    setErrors(found);
    if (found.name || found.email || found.password) return;
    setSubmitting(true);
    setFailure(undefined);
    try {
      const result = await signUp({ name: name.trim(), email: email.trim(), password, ...(inviteToken ? { invite_token: inviteToken } : {}) });
      onCreated(result, name.trim());
    } catch (error) {
      if (onInviteProblem && inviteRefusal(error)) onInviteProblem(error);
      else if (isApiError(error, 400, ACCOUNT_EXISTS_SUBCODE)) setFailure(accountExists(email.trim()));
      else setFailure(error instanceof Error ? error.message : String(error));
      setSubmitting(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <TextInput label="Name" name="name" autoComplete="name" required value={name} error={errors.name} onChange={(event) => setName(event.currentTarget.value)} />
        <TextInput
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          required
          readOnly={lockedEmail !== undefined}
          description={lockedEmail !== undefined ? 'This invitation is for this address only.' : emailHint}
          value={email}
          error={errors.email}
          onChange={(event) => setEmail(event.currentTarget.value)}
        />
        <PasswordInput
          label="Password"
          name="new-password"
          autoComplete="new-password"
          description={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          required
          value={password}
          error={errors.password}
          onChange={(event) => setPassword(event.currentTarget.value)}
        />
        {failure && (
          <Alert color="red" variant="light" role="alert">
            {failure}
          </Alert>
        )}
        <Button type="submit" fullWidth loading={submitting}>
          {submitLabel}
        </Button>
        {footnote && (
          <Text size="xs" c="dimmed" ta="center">
            {footnote}
          </Text>
        )}
      </Stack>
    </form>
  );
}
