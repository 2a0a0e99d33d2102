import { Alert, Button, Loader, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { PASSWORD_RESET_LINK_MINUTES, isEmailAddress } from '@foyer/contract';
import { isApiError, retryAfterSeconds } from '../../api/client';
import { getLoginModes } from '../../api/login';
import { isMailFailure, isMailNotConfigured, requestPasswordReset } from '../../api/password-reset';
import { Link } from '../../navigation/Link';
import { EmailField } from '../../ui/fields/EmailField';
import { ENTER_YOUR_EMAIL } from '../../ui/fields/messages';
import { retryWhen } from '../../ui/times';
import { AuthLayout } from '../AuthLayout';
import { useDocumentTitle } from '../use-document-title';
import { rememberedEmailForReset } from './remembered-email';

type Problem = { kind: 'throttled'; seconds: number } | { kind: 'mail_failed' } | { kind: 'no_mail' } | { kind: 'other'; text: string };

const backToSignIn = (
  <Link to="/login" underline="always" fw={500}>
    Back to sign in
  </Link>
);

function NoMailOnThisServer() {
  return (
    <Stack gap="md">
      <Alert color="orange" variant="light" title="This server cannot send mail" role="status">
        Foyer here has no mail server set up, so it cannot send you a link. Ask an administrator of this server to set
        a new password for you: they can print a reset link for your account and hand it to you.
      </Alert>
      {backToSignIn}
    </Stack>
  );
}

/**
 * /forgot-password: asks for the address and mails a reset link. The answer never says whether an account uses the
 * address: the same words, after the same time, either way.
 */
export function ForgotPasswordPage() {
  useDocumentTitle('Forgot password');
  const modes = useQuery({ queryKey: ['login.supported_modes'], queryFn: getLoginModes, staleTime: 0 });
  const [email, setEmail] = useState(rememberedEmailForReset);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();
  const [sentTo, setSentTo] = useState<string | undefined>();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    const address = email.trim();
    const missing = !address ? ENTER_YOUR_EMAIL : isEmailAddress(address) ? undefined : 'Enter an email address, such as ada@example.com.';
    setFieldError(missing);
    if (missing) return;
    setSubmitting(true);
    setProblem(undefined);
    try {
      await requestPasswordReset(address);
      setSentTo(address);
    } catch (error) {
      if (isApiError(error, 429)) setProblem({ kind: 'throttled', seconds: retryAfterSeconds(error.errorData) });
      else if (isMailFailure(error)) setProblem({ kind: 'mail_failed' });
      else if (isMailNotConfigured(error)) setProblem({ kind: 'no_mail' });
      else if (isApiError(error, 400) && error.errorData.field === 'email') setFieldError('Enter an email address, such as ada@example.com.');
      else setProblem({ kind: 'other', text: error instanceof Error ? error.message : String(error) });
    } finally {
      setSubmitting(false);
    }
  }

  if (modes.isPending) {
    return (
      <AuthLayout title="Forgot your password?">
        <Loader size="sm" aria-label="Loading" />
      </AuthLayout>
    );
  }
  if (modes.data?.mail === false || problem?.kind === 'no_mail') {
    return (
      <AuthLayout title="Forgot your password?">
        <NoMailOnThisServer />
      </AuthLayout>
    );
  }
  if (sentTo) {
    return (
      <AuthLayout title="Check your mail">
        <Stack gap="md">
          <Text role="status">
            If an account uses <strong>{sentTo}</strong>, a link to set a new password is on its way. It works once, for{' '}
            {PASSWORD_RESET_LINK_MINUTES} minutes.
          </Text>
          <Text size="sm" c="dimmed">
            Nothing after a few minutes? Look in the spam folder, and check that this is the address you signed up with. Asking again sends a new link and
            voids the one before.
          </Text>
          <Button variant="default" onClick={() => setSentTo(undefined)}>
            Use another address or send again
          </Button>
          {backToSignIn}
        </Stack>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Forgot your password?">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Text size="sm">Enter the address of your account. We will mail it a link to set a new password.</Text>
          <EmailField autoFocus value={email} error={fieldError} onChange={setEmail} />
          {problem?.kind === 'throttled' && (
            <Alert color="orange" variant="light" title="Too many requests" role="alert">
              Links for this address, or from your network, were asked for several times just now. Try again {retryWhen(problem.seconds)}.
            </Alert>
          )}
          {problem?.kind === 'mail_failed' && (
            <Alert color="red" variant="light" title="The mail could not be sent" role="alert">
              The mail server did not take the mail, so no link was sent. Try again in a few minutes; if it keeps failing, tell an administrator of this
              server.
            </Alert>
          )}
          {problem?.kind === 'other' && <Alert color="red" variant="light" title={problem.text} role="alert" />}
          <Button type="submit" fullWidth loading={submitting}>
            Send the link
          </Button>
          {backToSignIn}
        </Stack>
      </form>
    </AuthLayout>
  );
}
