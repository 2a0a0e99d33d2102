import { Alert, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { setUpAdministrator } from '../../api/auth';
import { getLoginModes } from '../../api/login';
import { MIN_PASSWORD_LENGTH } from '../../api/users';
import { Link } from '../../navigation/Link';
import { navigate, useLocation } from '../../navigation/location';
import { AuthLayout } from '../AuthLayout';
import { useDocumentTitle } from '../use-document-title';

/** The token of the one-time setup link (`/setup#<token>`); the fragment never reaches any server log. */
function tokenIn(hash: string): string {
  try {
    return decodeURIComponent(hash.replace(/^#/, '')).trim();
  } catch {
    return hash.replace(/^#/, '').trim();
  }
}

/**
 * Keeps the setup token in memory and takes it out of the address bar at once, so that it stays neither in the
 * history nor in a copied URL. A link opened on this page already (only the fragment changes) is read too.
 */
function useSetupToken(): string {
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

interface FieldErrors {
  name?: string;
  email?: string;
  password?: string;
}

function validate(name: string, email: string, password: string): FieldErrors {
  return {
    name: name.trim() ? undefined : 'Enter your name.',
    email: /^[^\s@]+@[^\s@]+$/.test(email.trim()) ? undefined : 'Enter an email address, like ada@example.com.',
    password: password.length >= MIN_PASSWORD_LENGTH ? undefined : `Use at least ${MIN_PASSWORD_LENGTH} characters.`,
  };
}

export function SetupPage() {
  useDocumentTitle('Set up Foyer');
  const queryClient = useQueryClient();
  const token = useSetupToken();
  const modes = useQuery({ queryKey: ['login.supported_modes'], queryFn: getLoginModes, staleTime: 0 });
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [submitting, setSubmitting] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = validate(name, email, password);
    setErrors(found);
    if (found.name || found.email || found.password) return;
    setSubmitting(true);
    setFailure(undefined);
    try {
      await setUpAdministrator({ token, name: name.trim(), email: email.trim(), password });
      queryClient.clear();
      navigate('/profile', { replace: true });
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setSubmitting(false);
    }
  }

  if (modes.data && !modes.data.setup_required) {
    return (
      <AuthLayout title="Foyer is already set up">
        <Text mb="md">This server already has an administrator, so its setup link no longer works.</Text>
        <Link to="/login">Go to sign-in</Link>
      </AuthLayout>
    );
  }

  if (!token) {
    return (
      <AuthLayout title="Set up Foyer">
        <Text mb="md">
          Creating the first administrator needs the one-time setup link that the Foyer server printed in its log when
          it started. It looks like <code>http://your-server:8080/setup#…</code>; open that exact link.
        </Text>
        <Link to="/login">Go to sign-in</Link>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Create the first administrator">
      <Text size="sm" c="dimmed" mb="lg">
        This account manages the server. You will be signed in as soon as it is created.
      </Text>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <TextInput
            label="Name"
            name="name"
            autoComplete="name"
            required
            autoFocus
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
            Create administrator and sign in
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
