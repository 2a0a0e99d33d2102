import { Alert, Button, Loader, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { SUBCODES, type SsoNextStep, type SsoSignInResult } from '@foyer/contract';
import { needsSecondFactor } from '../../api/auth';
import { isApiError, retryAfterSeconds } from '../../api/client';
import { continueSsoSignIn, finishSsoSignIn } from '../../api/sso';
import { navigate } from '../../navigation/location';
import { ENTER_YOUR_PASSWORD } from '../../ui/fields/messages';
import { PasswordField } from '../../ui/fields/PasswordField';
import { retryWhen } from '../../ui/times';
import { AuthLayout } from '../AuthLayout';
import { useDocumentTitle } from '../use-document-title';
import { SecondFactorForm } from './SecondFactorForm';
import { SsoProblem } from './SsoProblem';

type State =
  | { kind: 'working' }
  | { kind: 'problem'; reason: unknown; message?: string }
  | { kind: 'step'; step: SsoNextStep };

/** The provider's id in /auth/oidc/<id>/callback. */
export function callbackProvider(path: string): string | undefined {
  const match = /^\/auth\/oidc\/([^/]+)\/callback$/.exec(path);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

function problemOf(error: unknown): State {
  if (isApiError(error, 400, SUBCODES.ssoRefused)) return { kind: 'problem', reason: error.errorData.reason, message: error.message };
  if (isApiError(error, 403)) return { kind: 'problem', reason: 'flow_unknown' };
  return { kind: 'problem', reason: 'provider_unavailable', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Where the provider sends the browser back: the answer goes to the server once (and leaves the address bar, so that
 * neither the history nor a reload carries it), then the session opens, or the page asks the one step left, or says
 * what went wrong.
 */
export function SsoCallbackPage({ provider }: { provider: string }) {
  useDocumentTitle('Signing in');
  const queryClient = useQueryClient();
  const [state, setState] = useState<State>({ kind: 'working' });
  const sent = useRef(false);

  function done(result: SsoSignInResult) {
    if (result.outcome === 'signed_in') {
      queryClient.clear();
      navigate('/profile', { replace: true });
    } else {
      setState({ kind: 'step', step: result });
    }
  }

  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    const callback = window.location.search.replace(/^\?/, '');
    window.history.replaceState(null, '', window.location.pathname);
    const providerError = new URLSearchParams(callback).get('error');
    if (!callback) {
      setState({ kind: 'problem', reason: 'flow_unknown' });
      return;
    }
    finishSsoSignIn(provider, callback)
      .then(done, (error: unknown) => setState(problemOf(error)))
      .catch(() => setState({ kind: 'problem', reason: providerError ? 'provider_refused' : 'provider_unavailable' }));
  }, [provider]);

  if (state.kind === 'working') {
    return (
      <AuthLayout title="Signing in">
        <Stack align="center" gap="sm" role="status">
          <Loader size="sm" />
          <Text size="sm">Checking the answer from your sign-in provider…</Text>
        </Stack>
      </AuthLayout>
    );
  }
  if (state.kind === 'problem') {
    return (
      <AuthLayout title="Sign-in did not go through">
        <SsoProblem reason={state.reason} serverMessage={state.message} />
      </AuthLayout>
    );
  }
  const { step } = state;
  if (step.outcome === 'second_factor_required') {
    return (
      <AuthLayout title="Two-factor sign-in">
        <SecondFactorForm
          email={step.email}
          submitLabel="Sign in"
          submit={async (code) => {
            try {
              done(await continueSsoSignIn(step.step_token, { otp: code }));
            } catch (error) {
              if (isApiError(error, 400, SUBCODES.ssoRefused)) setState(problemOf(error));
              else throw error;
            }
          }}
          onBack={() => navigate('/login', { replace: true })}
        />
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title={`Link your ${step.provider.name} sign-in`}>
      <LinkAccountForm step={step} onDone={done} onRefused={(error) => setState(problemOf(error))} />
    </AuthLayout>
  );
}

/** An account with this address exists: its password, typed once here, links it (no one takes an account over by address alone). */
function LinkAccountForm({ step, onDone, onRefused }: { step: SsoNextStep; onDone: (result: SsoSignInResult) => void; onRefused: (error: unknown) => void }) {
  const [password, setPassword] = useState('');
  const [askingForCode, setAskingForCode] = useState(false);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [submitting, setSubmitting] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    if (!password) {
      setFieldError(ENTER_YOUR_PASSWORD);
      return;
    }
    setFieldError(undefined);
    setProblem(undefined);
    setSubmitting(true);
    try {
      onDone(await continueSsoSignIn(step.step_token, { password }));
    } catch (error) {
      if (needsSecondFactor(error)) setAskingForCode(true);
      else if (isApiError(error, 400, SUBCODES.ssoRefused)) onRefused(error);
      else if (isApiError(error, 429)) setProblem(`Too many attempts: to protect the account, this is paused. Try again ${retryWhen(retryAfterSeconds(error.errorData))}.`);
      else if (isApiError(error, 401)) {
        setPassword('');
        setFieldError('That is not the password of this account.');
      } else setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setSubmitting(false);
    }
  }

  if (askingForCode) {
    return (
      <SecondFactorForm
        email={step.email}
        submitLabel="Link and sign in"
        submit={async (code) => onDone(await continueSsoSignIn(step.step_token, { password, otp: code }))}
        onBack={() => {
          setAskingForCode(false);
          setPassword('');
        }}
      />
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text size="sm">
          {step.provider.name} says you are <strong>{step.email}</strong>, and this server already has an account with
          that address. To link the two, type that account’s password once. From then on, “Sign in with {step.provider.name}”
          signs you in to it.
        </Text>
        <input type="email" name="username" autoComplete="username" value={step.email} readOnly hidden />
        <PasswordField purpose="current" name="password" value={password} error={fieldError} onChange={setPassword} />
        {problem && <Alert color="orange" variant="light" title={problem} role="alert" />}
        <Button type="submit" fullWidth loading={submitting}>
          Link and sign in
        </Button>
        <Text size="sm" ta="center">
          Not your account?{' '}
          <a href="/login">Back to sign-in</a>
        </Text>
      </Stack>
    </form>
  );
}
