import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { SUBCODES } from '@foyer/contract';
import { isApiError, retryAfterSeconds } from '../../api/client';
import { OneTimeCodeField } from '../../ui/fields/OneTimeCodeField';
import { retryWhen } from '../../ui/times';

interface SecondFactorFormProps {
  email: string;
  submitLabel: string;
  /** signs in with the code; throws the API's refusal */
  submit: (code: string) => Promise<void>;
  /** back to the email and password */
  onBack: () => void;
}

/** The second step of a password sign-in to an account with two-factor on: the app's code, or a recovery code. */
export function SecondFactorForm({ email, submitLabel, submit, onBack }: SecondFactorFormProps) {
  const [code, setCode] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [submitting, setSubmitting] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    if (!code.trim()) {
      setFieldError('Enter the code from your authenticator app.');
      return;
    }
    setFieldError(undefined);
    setProblem(undefined);
    setSubmitting(true);
    try {
      await submit(code.trim());
    } catch (error) {
      setCode('');
      if (isApiError(error, 401, SUBCODES.secondFactorInvalid)) setFieldError('That code is wrong, or was used already. Wait for the next code and type it.');
      else if (isApiError(error, 429)) setProblem(`Too many attempts: to protect your account, sign-in is paused. Try again ${retryWhen(retryAfterSeconds(error.errorData))}.`);
      else setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text size="sm">
          {email} signs in with two-factor. Open your authenticator app and type the code it shows for Foyer. Lost the
          phone? Type one of the recovery codes you saved instead.
        </Text>
        <OneTimeCodeField purpose="sign-in" autoFocus value={code} error={fieldError} onChange={setCode} />
        {problem && <Alert color="orange" variant="light" title={problem} role="alert" />}
        <Button type="submit" fullWidth loading={submitting}>
          {submitLabel}
        </Button>
        <Group justify="center">
          <Button variant="subtle" size="compact-sm" onClick={onBack}>
            Use another account
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
