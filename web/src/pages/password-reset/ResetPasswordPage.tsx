import { Alert, Button, Loader, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { SUBCODES, type PasswordResetDone, type PasswordResetRefusal } from '@foyer/contract';
import { isApiError } from '../../api/client';
import { getPasswordReset, passwordResetRefusal, resetPassword } from '../../api/password-reset';
import { Link } from '../../navigation/Link';
import { navigate, useLocation } from '../../navigation/location';
import { showNotice } from '../../session/notice';
import { newPasswordProblem } from '../../ui/fields/messages';
import { PasswordField } from '../../ui/fields/PasswordField';
import { AuthLayout } from '../AuthLayout';
import { useDocumentTitle } from '../use-document-title';

/** The token of a reset link (`/reset-password#<token>`); the fragment never reaches any server log. */
function tokenIn(hash: string): string {
  try {
    return decodeURIComponent(hash.replace(/^#/, '')).trim();
  } catch {
    return hash.replace(/^#/, '').trim();
  }
}

/** Keeps the token in memory and takes it out of the address bar at once (history, copied URLs, screen shares). */
function useResetToken(): string {
  const { pathname, search, hash } = useLocation();
  const [token, setToken] = useState(() => tokenIn(hash));
  useEffect(() => {
    const fromLink = tokenIn(hash);
    if (!fromLink) return;
    setToken(fromLink);
    navigate(pathname + search, { replace: true });
  }, [hash, pathname, search]);
  return token;
}

const REFUSED_TITLES: Record<PasswordResetRefusal, string> = {
  not_found: 'This link is not valid',
  used: 'This link was used already',
  expired: 'This link has expired',
  replaced: 'A newer link was sent',
};

function Refused({ reason, message }: { reason: PasswordResetRefusal | undefined; message: string }) {
  return (
    <AuthLayout title={reason ? REFUSED_TITLES[reason] : 'This link cannot be used now'}>
      <Stack gap="md">
        <Text>{message}</Text>
        <Link to="/forgot-password" underline="always" fw={500}>
          Ask for a new link
        </Link>
        <Link to="/login" underline="always" fw={500}>
          Sign in
        </Link>
      </Stack>
    </AuthLayout>
  );
}

/** Set, but not signed in: two-factor asks for its code at sign-in (or the account belongs to no workspace). */
function SetSignInNext({ done }: { done: PasswordResetDone }) {
  return (
    <AuthLayout title="Your password is set">
      <Stack gap="md">
        <Text role="status">
          {done.second_factor_required
            ? 'Sign in with your new password and a code from your authenticator app (or a recovery code): a reset link never stands in for the second step.'
            : 'Sign in with your new password.'}{' '}
          {done.sessions_ended > 0 && `Every session of the account was signed out (${done.sessions_ended}).`}
        </Text>
        <Button onClick={() => navigate('/login')}>Sign in</Button>
      </Stack>
    </AuthLayout>
  );
}

/**
 * /reset-password#<token>: the page a reset link opens. It says for which (partly hidden) address the link works,
 * or why it does not, and sets the new password once; the server then signs everyone out and this browser in.
 */
export function ResetPasswordPage() {
  useDocumentTitle('Set a new password');
  const queryClient = useQueryClient();
  const token = useResetToken();
  const link = useQuery({ queryKey: ['auth.get_password_reset', token], queryFn: () => getPasswordReset(token), enabled: token !== '', retry: false, staleTime: Infinity });
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<{ password?: string; repeat?: string }>({});
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const [refused, setRefused] = useState<{ reason: PasswordResetRefusal | undefined; message: string } | undefined>();
  const [done, setDone] = useState<PasswordResetDone | undefined>();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    const found = { password: newPasswordProblem(password), repeat: repeat === password ? undefined : 'The two passwords differ.' };
    setErrors(found);
    if (found.password || found.repeat) return;
    setSubmitting(true);
    setProblem(undefined);
    try {
      const result = await resetPassword(token, password);
      if (result.signed_in) {
        queryClient.clear();
        showNotice('Your password is set', 'Every other session of your account was signed out, including the sessions its key pairs opened; the key pairs themselves still work.');
        navigate('/profile', { replace: true });
        return;
      }
      setDone(result);
    } catch (error) {
      const reason = passwordResetRefusal(error);
      if (reason) setRefused({ reason, message: (error as Error).message });
      else if (isApiError(error, 400, SUBCODES.validation)) setErrors({ password: (error as Error).message });
      else setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setSubmitting(false);
    }
  }

  if (!token) {
    return (
      <AuthLayout title="Set a new password">
        <Stack gap="md">
          <Text>
            This page opens from the link in the mail Foyer sends when you use “Forgot password?”. Open the link from that mail; it looks like{' '}
            <code>…/reset-password#…</code>.
          </Text>
          <Link to="/forgot-password" underline="always" fw={500}>
            Ask for a link
          </Link>
        </Stack>
      </AuthLayout>
    );
  }
  if (done) return <SetSignInNext done={done} />;
  if (refused) return <Refused {...refused} />;
  if (link.isPending) {
    return (
      <AuthLayout title="Set a new password">
        <Loader size="sm" aria-label="Checking the link" />
      </AuthLayout>
    );
  }
  if (link.error) {
    const reason = passwordResetRefusal(link.error);
    if (reason) return <Refused reason={reason} message={link.error.message} />;
    return (
      <AuthLayout title="The link could not be checked">
        <Stack gap="md">
          <Text>{link.error.message}</Text>
          <Button variant="default" onClick={() => void link.refetch()}>
            Try again
          </Button>
        </Stack>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Set a new password">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Text size="sm">
            For the account of <strong>{link.data.email}</strong>. Setting it signs the account out everywhere.
          </Text>
          <PasswordField purpose="new" label="New password" name="new-password" value={password} error={errors.password} onChange={setPassword} />
          <PasswordField purpose="repeat" label="New password again" name="repeat-password" value={repeat} error={errors.repeat} onChange={setRepeat} />
          {problem && <Alert color="red" variant="light" title={problem} role="alert" />}
          <Button type="submit" fullWidth loading={submitting}>
            Set the password
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
