import { Alert, Button, Stack, Text } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { ACCOUNT_EXISTS_SUBCODE } from '../../api/auth';
import { isApiError } from '../../api/client';
import { EmailField } from '../../ui/fields/EmailField';
import { ENTER_YOUR_NAME, newPasswordProblem } from '../../ui/fields/messages';
import { NameField } from '../../ui/fields/NameField';
import { PasswordField } from '../../ui/fields/PasswordField';
import { isEmailAddress } from '@foyer/contract';

interface FieldErrors {
  name?: string;
  email?: string;
  password?: string;
}


export interface NewAccount {
  name: string;
  email: string;
  password: string;
}

export interface NewAccountFormProps<Result> {
  /** makes the account on the server (and signs it in): open sign-up, an invitation, or the first administrator */
  create: (account: NewAccount) => Promise<Result>;
  /** the only address the invitation admits: shown filled in, and not editable */
  lockedEmail?: string;
  /** what the address must end in, said under the field */
  emailHint?: string;
  submitLabel: string;
  footnote?: ReactNode;
  autoFocus?: boolean;
  /** what to say when the address already has an account: where to sign in instead */
  accountExists?: (email: string) => ReactNode;
  onCreated: (result: Result, name: string) => void;
  /** a refusal the page shows itself (an invitation's, above the form): true when it took it */
  onRefused?: (error: unknown) => boolean;
}

/** Name, email and password, with the same rules and messages wherever a new account is made. */
export function NewAccountForm<Result>({ create, lockedEmail, emailHint, submitLabel, footnote, autoFocus, accountExists, onCreated, onRefused }: NewAccountFormProps<Result>) {
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
      name: name.trim() ? undefined : ENTER_YOUR_NAME,
      email: isEmailAddress(email) ? undefined : 'Enter an email address, like ada@example.com.',
      password: newPasswordProblem(password),
    };
    setErrors(found);
    if (found.name || found.email || found.password) return;
    setSubmitting(true);
    setFailure(undefined);
    try {
      const result = await create({ name: name.trim(), email: email.trim(), password });
      onCreated(result, name.trim());
    } catch (error) {
      if (onRefused?.(error)) {
        // shown by the page
      } else if (accountExists && isApiError(error, 400, ACCOUNT_EXISTS_SUBCODE)) setFailure(accountExists(email.trim()));
      else setFailure(error instanceof Error ? error.message : String(error));
      setSubmitting(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <NameField autoFocus={autoFocus} value={name} error={errors.name} onChange={setName} />
        <EmailField locked={lockedEmail !== undefined} hint={emailHint} value={email} error={errors.email} onChange={setEmail} />
        <PasswordField purpose="new" name="new-password" value={password} error={errors.password} onChange={setPassword} />
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
