import { Alert, Button, Divider, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { needsSecondFactor, signIn } from '../../api/auth';
import { isApiError, retryAfterSeconds } from '../../api/client';
import { getLoginModes } from '../../api/login';
import { Link } from '../../navigation/Link';
import { navigate, safeReturnPath, useLocation } from '../../navigation/location';
import { sessionEndLine } from '../../session/session-end';
import { EmailField } from '../../ui/fields/EmailField';
import { ENTER_YOUR_EMAIL, ENTER_YOUR_PASSWORD } from '../../ui/fields/messages';
import { PasswordField } from '../../ui/fields/PasswordField';
import { retryWhen } from '../../ui/times';
import { AuthLayout } from '../AuthLayout';
import { useDocumentTitle } from '../use-document-title';
import { SecondFactorForm } from './SecondFactorForm';
import { rememberEmailForReset } from '../password-reset/remembered-email';
import { NO_WORKSPACE_REASON } from '@foyer/contract';

/** Subcode of auth.login for a wrong email or password. */
const WRONG_EMAIL_OR_PASSWORD_SUBCODE = 22;

type Problem =
  | { kind: 'message'; text: string }
  | { kind: 'no_workspace' }
  | { kind: 'throttled'; seconds: number; until: number };

/** Seconds until `until`, refreshed every second while there are any. */
function useSecondsUntil(until: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === undefined) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [until]);
  return until === undefined ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}

export function SignInPage() {
  useDocumentTitle('Sign in');
  const queryClient = useQueryClient();
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const next = safeReturnPath(params.get('next'));
  const endedLine = sessionEndLine(params.get('ended'));
  const modes = useQuery({ queryKey: ['login.supported_modes'], queryFn: getLoginModes, staleTime: 0 });

  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();
  const [askingForCode, setAskingForCode] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<{ email?: string; password?: string }>({});
  const waitSeconds = useSecondsUntil(problem?.kind === 'throttled' ? problem.until : undefined);
  const throttled = problem?.kind === 'throttled' && waitSeconds > 0;

  useEffect(() => {
    if (modes.data?.authenticated) navigate(next, { replace: true });
  }, [modes.data?.authenticated, next]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting || throttled) return;
    const missing = { email: email.trim() ? undefined : ENTER_YOUR_EMAIL, password: password ? undefined : ENTER_YOUR_PASSWORD };
    setFieldErrors(missing);
    if (missing.email || missing.password) return;
    setSubmitting(true);
    setProblem(undefined);
    try {
      await signIn(email.trim(), password);
      queryClient.clear();
      navigate(next, { replace: true });
    } catch (error) {
      if (needsSecondFactor(error)) {
        setAskingForCode(true); // the password stays, for the second step
        return;
      }
      if (isApiError(error, 429)) {
        const seconds = retryAfterSeconds(error.errorData);
        setProblem({ kind: 'throttled', seconds, until: Date.now() + seconds * 1000 });
      } else if (isApiError(error, 401) && error.errorData.reason === NO_WORKSPACE_REASON) {
        setProblem({ kind: 'no_workspace' });
      } else if (isApiError(error, 401, WRONG_EMAIL_OR_PASSWORD_SUBCODE) || isApiError(error, 401)) {
        setProblem({ kind: 'message', text: 'Wrong email or password.' });
      } else {
        setProblem({ kind: 'message', text: error instanceof Error ? error.message : String(error) });
      }
      setPassword('');
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <AuthLayout title="Sign in">
      {modes.data?.setup_required && (
        <Alert color="blue" title="This server has no administrator yet" mb="md">
          Open the one-time setup link that the Foyer server printed when it started (it ends in <code>/setup#…</code>)
          to create the first administrator.
        </Alert>
      )}
      {endedLine && !problem && (
        <Alert color="blue" variant="light" mb="md" role="status">
          {endedLine}
        </Alert>
      )}
      {askingForCode ? (
        <SecondFactorForm
          email={email.trim()}
          submitLabel="Sign in"
          submit={async (code) => {
            await signIn(email.trim(), password, code);
            queryClient.clear();
            navigate(next, { replace: true });
          }}
          onBack={() => {
            setAskingForCode(false);
            setPassword('');
          }}
        />
      ) : (
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <EmailField
            autoFocus
            value={email}
            error={fieldErrors.email}
            onChange={(value) => {
              setEmail(value);
              rememberEmailForReset(value);
            }}
          />
          <PasswordField purpose="current" name="password" value={password} error={fieldErrors.password} onChange={setPassword} />
          {problem?.kind === 'message' && <Alert color="red" variant="light" title={problem.text} />}
          {problem?.kind === 'no_workspace' && (
            <Alert color="orange" variant="light" title="You are no longer a member of any workspace" role="alert">
              Your email and password are right, but this account belongs to no workspace now. Ask an owner of your
              team’s workspace for a new invitation link, and open it to sign in and join again.
            </Alert>
          )}
          {problem?.kind === 'throttled' && (
            <Alert color="orange" variant="light" title="Too many sign-in attempts">
              To protect your account, sign-in is paused. Try again {retryWhen(problem.seconds)}.
            </Alert>
          )}
          <Button type="submit" fullWidth loading={submitting} disabled={throttled}>
            {throttled ? `Try again in ${waitSeconds} s` : 'Sign in'}
          </Button>
          {modes.data?.password_sign_in === false && (
            <Text size="sm" c="dimmed">
              Passwords sign in this server’s administrators only.
              {modes.data.sso_providers.length > 0 ? ' Everyone else signs in with the button below.' : ''}
            </Text>
          )}
          {(modes.data?.sso_providers.length ?? 0) > 0 && (
            <>
              <Divider label="or" labelPosition="center" />
              {modes.data!.sso_providers.map((provider) => (
                // a full navigation: the server begins the flow and sends the browser on to the provider
                <Button key={provider.id} component="a" href={`/auth/oidc/${encodeURIComponent(provider.id)}/start`} variant="default" fullWidth>
                  Sign in with {provider.name}
                </Button>
              ))}
            </>
          )}
          <Text size="sm" ta="center">
            <Link to="/forgot-password" underline="always" fw={500}>
              Forgot password?
            </Link>
          </Text>
          {modes.data?.signup === 'open' && (
            <Text size="sm" ta="center">
              New here?{' '}
              <Link to="/signup" underline="always" fw={500}>
                Create an account
              </Link>
            </Text>
          )}
          {next !== '/profile' && (
            <Text size="sm" c="dimmed" ta="center">
              You will return to the page you were on.
            </Text>
          )}
        </Stack>
      </form>
      )}
    </AuthLayout>
  );
}
