import { Alert, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ACCOUNT_EXISTS_SUBCODE, signIn, signUp } from '../../api/auth';
import { isApiError } from '../../api/client';
import { acceptInvite, inviteRefusal, type InviteInfo } from '../../api/invites';
import { MIN_PASSWORD_LENGTH } from '../../api/users';
import { switchWorkspace } from '../../api/workspaces';
import { joinProblemOf, welcome, type JoinProblem } from './join';

interface JoinFormProps {
  token: string;
  info: InviteInfo;
  /** a refusal of the invitation itself, shown above the forms */
  onProblem: (problem: JoinProblem | undefined) => void;
}

interface FieldErrors {
  name?: string;
  email?: string;
  password?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** A new account and the membership, made together by the server: a refused invitation creates no account. */
export function SignUpAndJoinForm({ token, info, onProblem }: JoinFormProps) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [submitting, setSubmitting] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: FieldErrors = {
      name: name.trim() ? undefined : 'Enter your name.',
      email: EMAIL.test(email.trim()) ? undefined : 'Enter an email address, like ada@example.com.',
      password: password.length >= MIN_PASSWORD_LENGTH ? undefined : `Use at least ${MIN_PASSWORD_LENGTH} characters.`,
    };
    setErrors(found);
    if (found.name || found.email || found.password) return;
    setSubmitting(true);
    setFailure(undefined);
    onProblem(undefined);
    try {
      const result = await signUp({ name: name.trim(), email: email.trim(), password, invite_token: token });
      welcome(queryClient, `Welcome, ${name.trim()}. You joined ${result.workspace.name}.`, 'Create credentials below to use the ClearML SDK and agents in this workspace.');
    } catch (error) {
      if (inviteRefusal(error)) onProblem(joinProblemOf(error));
      else if (isApiError(error, 400, ACCOUNT_EXISTS_SUBCODE)) {
        setFailure(`An account with the email ${email.trim()} already exists: choose “I have an account” and sign in to join.`);
      } else setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <TextInput
          label="Name"
          name="name"
          autoComplete="name"
          required
          value={name}
          error={errors.name}
          onChange={(event) => setName(event.currentTarget.value)}
        />
        <TextInput
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          required
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
        {failure && <Alert color="red" variant="light" title={failure} />}
        <Button type="submit" fullWidth loading={submitting}>
          Create account and join
        </Button>
        <Text size="xs" c="dimmed" ta="center">
          You join {info.company_name} as soon as the account is created.
        </Text>
      </Stack>
    </form>
  );
}

/** An existing account: sign in, accept, and continue in the workspace joined. */
export function SignInAndJoinForm({ token, info, onProblem }: JoinFormProps) {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [submitting, setSubmitting] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: FieldErrors = {
      email: email.trim() ? undefined : 'Enter your email.',
      password: password ? undefined : 'Enter your password.',
    };
    setErrors(found);
    if (found.email || found.password) return;
    setSubmitting(true);
    setFailure(undefined);
    onProblem(undefined);
    try {
      await signIn(email.trim(), password);
    } catch (error) {
      setSubmitting(false);
      setPassword('');
      if (isApiError(error, 401)) setFailure('Wrong email or password.');
      else setFailure(error instanceof Error ? error.message : String(error));
      return;
    }
    try {
      const joined = await acceptInvite(token);
      await switchWorkspace(joined.workspace.id);
      welcome(queryClient, `You joined ${joined.workspace.name} as ${joined.role === 'admin' ? 'an admin' : 'a member'}.`);
    } catch (error) {
      // Signed in, but not joined: the page now shows the signed-in view with the reason.
      onProblem(joinProblemOf(error));
      setSubmitting(false);
      await queryClient.invalidateQueries();
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <TextInput
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          error={errors.email}
          onChange={(event) => setEmail(event.currentTarget.value)}
        />
        <PasswordInput
          label="Password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          error={errors.password}
          onChange={(event) => setPassword(event.currentTarget.value)}
        />
        {failure && <Alert color="red" variant="light" title={failure} />}
        <Button type="submit" fullWidth loading={submitting}>
          Sign in and join {info.company_name}
        </Button>
      </Stack>
    </form>
  );
}
