import { Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { setUpAdministrator } from '../../api/auth';
import { getLoginModes } from '../../api/login';
import { Link } from '../../navigation/Link';
import { navigate, useLocation } from '../../navigation/location';
import { AuthLayout } from '../AuthLayout';
import { NewAccountForm } from '../sign-up/NewAccountForm';
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

export function SetupPage() {
  useDocumentTitle('Set up Foyer');
  const queryClient = useQueryClient();
  const token = useSetupToken();
  const modes = useQuery({ queryKey: ['login.supported_modes'], queryFn: getLoginModes, staleTime: 0 });

  if (modes.data && !modes.data.setup_required) {
    return (
      <AuthLayout title="Foyer is already set up">
        <Text mb="md">This server already has an administrator, so its setup link no longer works.</Text>
        <Link to="/login" underline="always" fw={500}>
          Go to sign-in
        </Link>
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
        <Link to="/login" underline="always" fw={500}>
          Go to sign-in
        </Link>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Create the first administrator">
      <Text size="sm" c="dimmed" mb="lg">
        This account manages the server. You will be signed in as soon as it is created.
      </Text>
      <NewAccountForm
        create={(account) => setUpAdministrator({ ...account, token })}
        submitLabel="Create administrator and sign in"
        autoFocus
        onCreated={() => {
          queryClient.clear();
          navigate('/profile', { replace: true });
        }}
      />
    </AuthLayout>
  );
}
