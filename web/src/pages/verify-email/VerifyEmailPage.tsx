import { Alert, Button, Loader, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { emailLinkRefusal, verifyEmail } from '../../api/email-addresses';
import { getLoginModes } from '../../api/login';
import { getCurrentUser } from '../../api/users';
import { Link } from '../../navigation/Link';
import { navigate, useLocation } from '../../navigation/location';
import { CURRENT_USER_QUERY_KEY } from '../../session/current-user';
import { AuthLayout } from '../AuthLayout';
import { useDocumentTitle } from '../use-document-title';
import type { EmailLinkRefusal, EmailVerified } from '@foyer/contract';

/** The token of a verification link (`/verify-email#<token>`); the fragment never reaches any server log. */
function tokenIn(hash: string): string {
  try {
    return decodeURIComponent(hash.replace(/^#/, '')).trim();
  } catch {
    return hash.replace(/^#/, '').trim();
  }
}

const REFUSED_TITLES: Record<EmailLinkRefusal, string> = {
  not_found: 'This link is not valid',
  expired: 'This link has expired',
  used: 'This link was used already',
  replaced: 'A newer link was sent',
  other_address: 'This link is for another address',
  taken: 'The address was not changed',
};

/**
 * /verify-email#<token>: follows a verification link, signed in or not, once, and says what happened: verified (and
 * the workspace joined, or the new address taken), verified already, or why the link did nothing. The token is kept
 * in memory and taken out of the address bar at once.
 */
export function VerifyEmailPage() {
  useDocumentTitle('Verify your address');
  const queryClient = useQueryClient();
  const { pathname, search, hash } = useLocation();
  // each opening of a link counts, the same link opened again included (it then says it was done already)
  const [link, setLink] = useState({ token: '', opening: 0 });
  const { token } = link;
  const modes = useQuery({ queryKey: ['login.supported_modes'], queryFn: getLoginModes, staleTime: 0 });
  const signedIn = modes.data?.authenticated === true;
  const me = useQuery({ queryKey: CURRENT_USER_QUERY_KEY, queryFn: getCurrentUser, enabled: signedIn });
  const follow = useMutation({
    mutationFn: (linkToken: string) => verifyEmail(linkToken),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: CURRENT_USER_QUERY_KEY }),
  });
  const followed = useRef(0);
  const { mutate } = follow;

  // a link opened on this page already (only the fragment changes) is read too; then the fragment goes
  useEffect(() => {
    const fromLink = tokenIn(hash);
    if (!fromLink) return;
    setLink((current) => ({ token: fromLink, opening: current.opening + 1 }));
    navigate(pathname + search, { replace: true });
  }, [hash, pathname, search]);
  useEffect(() => {
    if (!link.token || followed.current === link.opening) return;
    followed.current = link.opening; // each opening once, even when React runs effects twice
    mutate(link.token);
  }, [link, mutate]);

  const next = signedIn ? (
    <Link to="/profile" underline="always" fw={500}>
      Go to your profile
    </Link>
  ) : (
    <Link to="/login" underline="always" fw={500}>
      Sign in
    </Link>
  );

  if (!token && tokenIn(hash)) {
    return (
      <AuthLayout title="Verify your address">
        <Loader size="sm" aria-label="Verifying your address" />
      </AuthLayout>
    );
  }
  if (!token) {
    return (
      <AuthLayout title="Verify your address">
        <Stack gap="md">
          <Text>This page follows the link in a mail that Foyer sent to verify an address. Open the link from that mail; it looks like <code>…/verify-email#…</code>.</Text>
          {next}
        </Stack>
      </AuthLayout>
    );
  }
  if (follow.isPending || follow.isIdle) {
    return (
      <AuthLayout title="Verify your address">
        <Loader size="sm" aria-label="Verifying your address" />
      </AuthLayout>
    );
  }
  if (follow.error) {
    const reason = emailLinkRefusal(follow.error);
    return (
      <AuthLayout title={reason ? REFUSED_TITLES[reason] : 'The address could not be verified'}>
        <Stack gap="md">
          <Text>{follow.error.message}</Text>
          {!reason && (
            <Button variant="default" onClick={() => follow.mutate(token)}>
              Try again
            </Button>
          )}
          {next}
        </Stack>
      </AuthLayout>
    );
  }
  return <Verified result={follow.data!} signedInAs={signedIn ? me.data?.email : undefined} next={next} />;
}

function Verified({ result, signedInAs, next }: { result: EmailVerified; signedInAs: string | undefined; next: ReactNode }) {
  const title = result.result === 'already_verified' ? 'Your address is verified already' : result.changed ? 'Your address is changed' : 'Your address is verified';
  const otherAccount = signedInAs !== undefined && signedInAs !== result.email;
  return (
    <AuthLayout title={title}>
      <Stack gap="md">
        <Text>
          {result.changed ? (
            <>
              Your account now uses <strong>{result.email}</strong>, verified. Sign in with it from now on.
            </>
          ) : (
            <>
              <strong>{result.email}</strong> is verified{result.result === 'already_verified' ? ': this link was followed before, nothing more to do.' : '.'}
            </>
          )}
        </Text>
        {result.joined && (
          <Alert color="green" variant="light" title={`You joined ${result.joined.workspace.name}`}>
            You are now {result.joined.role === 'admin' ? 'an admin' : 'a member'} of {result.joined.workspace.name}; its invitation admitted your verified
            address. Switch to it from the Profile page.
          </Alert>
        )}
        {result.join_refused && (
          <Alert color="orange" variant="light" title="You did not join the workspace">
            {result.join_refused}
          </Alert>
        )}
        {otherAccount && (
          <Text size="sm" c="dimmed">
            This link was for {result.email}; you are signed in here as {signedInAs}.
          </Text>
        )}
        {next}
      </Stack>
    </AuthLayout>
  );
}
