import { Loader, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { signUp } from '../../api/auth';
import { getLoginModes } from '../../api/login';
import { Link } from '../../navigation/Link';
import { navigate } from '../../navigation/location';
import { AuthLayout } from '../AuthLayout';
import { welcome } from '../invite/join';
import { useDocumentTitle } from '../use-document-title';
import { NewAccountForm } from './NewAccountForm';

/**
 * /signup: anyone creates an account when the server's sign-up is open (multi mode, FOYER_SIGNUP=open); it comes
 * with a personal workspace. Elsewhere the page says how accounts are made instead.
 */
export function SignUpPage() {
  useDocumentTitle('Create an account');
  const queryClient = useQueryClient();
  const modes = useQuery({ queryKey: ['login.supported_modes'], queryFn: getLoginModes, staleTime: 0 });

  useEffect(() => {
    if (modes.data?.authenticated) navigate('/profile', { replace: true });
  }, [modes.data?.authenticated]);

  if (!modes.data) {
    return (
      <AuthLayout title="Create an account">
        {modes.error ? <Text c="red">{modes.error.message}</Text> : <Loader size="sm" aria-label="Loading" />}
      </AuthLayout>
    );
  }
  if (modes.data.signup !== 'open') {
    return (
      <AuthLayout title="Accounts are made by invitation">
        <Stack gap="md">
          <Text>
            On this server, a new account is created from an invitation link. Ask an owner or admin of your team’s
            workspace to send you one, then open it to create your account and join.
          </Text>
          <Link to="/login" underline="always" fw={500}>
            I have an account: sign in
          </Link>
        </Stack>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Create an account">
      <Stack gap="md">
        <NewAccountForm
          create={signUp}
          submitLabel="Create account"
          footnote="Your account comes with a personal workspace. You can create team workspaces and invite people later."
          accountExists={(email) => (
            <>
              An account with the email {email} already exists.{' '}
              <Link to="/login" underline="always" fw={500}>
                Sign in
              </Link>{' '}
              instead.
            </>
          )}
          onCreated={(result, name) =>
            welcome(
              queryClient,
              `Welcome, ${name}.`,
              `You are in ${result.workspace?.name ?? 'your workspace'}.${result.verification_sent ? ` We sent a link to ${result.verification_sent} to verify your address.` : ''} Create credentials below to use the ClearML SDK and agents.`,
            )
          }
        />
        <Text size="sm" ta="center">
          Already have an account?{' '}
          <Link to="/login" underline="always" fw={500}>
            Sign in
          </Link>
        </Text>
      </Stack>
    </AuthLayout>
  );
}
