import { Alert, Button, Group, Loader, Stack, Tabs, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { signOut } from '../../api/auth';
import { acceptInvite, addressProblem, getInviteInfo, inviteRefusal, isDeadLink, listOfDomains } from '../../api/invites';
import { getLoginModes } from '../../api/login';
import { getCurrentUser } from '../../api/users';
import { switchWorkspace } from '../../api/workspaces';
import { Link } from '../../navigation/Link';
import { navigate } from '../../navigation/location';
import { CURRENT_USER_QUERY_KEY } from '../../session/current-user';
import { ExactTime } from '../../ui/TimeWithExact';
import { parseTime } from '../../ui/times';
import { AuthLayout } from '../AuthLayout';
import { useDocumentTitle } from '../use-document-title';
import { DEAD_LINKS, type DeadLinkReason } from './dead-links';
import { joinedLine, joinProblemOf, welcome, type JoinProblem } from './join';
import { SignInAndJoinForm, SignUpAndJoinForm, waitingLine } from './JoinForms';
import type { CurrentUser, InviteInfo, InviteRefusal } from '@foyer/contract';

/**
 * /invite/<token>: who invites you to which workspace, and until when. A signed-in person joins with one button;
 * anyone else signs up (or signs in) and joins in the same step. A link that no longer works gets a page that
 * says which case it is and what to do.
 */
export function InvitePage({ token }: { token: string }) {
  useDocumentTitle('Invitation');
  const info = useQuery({
    queryKey: ['invites.get_info', token],
    queryFn: () => getInviteInfo(token),
    enabled: token !== '',
    staleTime: 0,
  });
  const modes = useQuery({ queryKey: ['login.supported_modes'], queryFn: getLoginModes, staleTime: 0 });
  const signedIn = modes.data?.authenticated === true;
  const me = useQuery({ queryKey: CURRENT_USER_QUERY_KEY, queryFn: getCurrentUser, enabled: signedIn });
  const [problem, setProblem] = useState<JoinProblem | undefined>();
  const [waiting, setWaiting] = useState<{ sentTo: string | null; workspace: string } | undefined>();

  const dead: { reason: DeadLinkReason; message?: string } | undefined = token === '' ? { reason: 'not_found' } : (() => {
    const reason = inviteRefusal(info.error);
    if (isDeadLink(reason)) return { reason, ...(info.error ? { message: info.error.message } : {}) };
    return isDeadLink(problem?.reason) ? { reason: problem.reason, message: problem.message } : undefined;
  })();
  if (dead) return <DeadLink reason={dead.reason} serverMessage={dead.message} signedIn={signedIn} />;

  if (info.error) {
    return (
      <AuthLayout title="The invitation could not be opened">
        <Stack gap="md">
          <Alert color="red" variant="light" title={info.error.message} />
          <Button variant="default" onClick={() => void info.refetch()}>
            Try again
          </Button>
        </Stack>
      </AuthLayout>
    );
  }
  if (!info.data || modes.isPending || (signedIn && me.isPending)) {
    return (
      <AuthLayout title="Invitation">
        <Loader size="sm" aria-label="Loading the invitation" />
      </AuthLayout>
    );
  }

  if (waiting) {
    return (
      <AuthLayout title="Check your inbox">
        <Stack gap="md">
          <Text>Your account is made. {waitingLine(waiting.sentTo, waiting.workspace)}</Text>
          <Text size="sm" c="dimmed">
            Then sign in with your address and password. The link works once, for 24 hours.
          </Text>
          <Link to="/login" underline="always" fw={500}>
            Sign in
          </Link>
        </Stack>
      </AuthLayout>
    );
  }

  if (info.data.full && problem?.reason !== 'already_member') {
    return <FullWorkspace info={info.data} signedIn={signedIn} />;
  }

  return (
    <AuthLayout title={`Join ${info.data.company_name}`}>
      <Stack gap="md">
        <Invitation info={info.data} />
        {problem && <ProblemAlert problem={problem} />}
        {signedIn && me.data ? (
          <JoinAsSignedIn token={token} info={info.data} user={me.data} problem={problem} onProblem={setProblem} />
        ) : (
          <JoinTabs token={token} info={info.data} onProblem={setProblem} onWaiting={setWaiting} />
        )}
      </Stack>
    </AuthLayout>
  );
}

function JoinTabs({
  token,
  info,
  onProblem,
  onWaiting,
}: {
  token: string;
  info: InviteInfo;
  onProblem: (problem: JoinProblem | undefined) => void;
  onWaiting: (waiting: { sentTo: string | null; workspace: string }) => void;
}) {
  const [tab, setTab] = useState<string | null>('sign-up');
  return (
    <Tabs value={tab} onChange={setTab} keepMounted={false}>
      <Tabs.List grow>
        <Tabs.Tab value="sign-up">Create an account</Tabs.Tab>
        <Tabs.Tab value="sign-in">I have an account</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="sign-up" pt="md">
        <SignUpAndJoinForm token={token} info={info} onProblem={onProblem} onUseOtherTab={() => setTab('sign-in')} onWaiting={onWaiting} />
      </Tabs.Panel>
      <Tabs.Panel value="sign-in" pt="md">
        <SignInAndJoinForm token={token} info={info} onProblem={onProblem} />
      </Tabs.Panel>
    </Tabs>
  );
}

/** A workspace with no seat left for this link: said at once, with no form to fill in for nothing. */
function FullWorkspace({ info, signedIn }: { info: InviteInfo; signedIn: boolean }) {
  return (
    <AuthLayout title={`${info.company_name} is full`}>
      <Stack gap="md">
        <Text>
          {info.user_name ? <strong>{info.user_name}</strong> : 'Someone'} invited you to join <strong>{info.company_name}</strong>, but
          the workspace has no seat left. Ask {info.user_name || 'the person who invited you'} or an admin of the workspace to free a
          seat or raise the member limit, then open this link again: it stays valid until it expires.
        </Text>
        <NextStep signedIn={signedIn} />
      </Stack>
    </AuthLayout>
  );
}

function NextStep({ signedIn }: { signedIn: boolean }) {
  return signedIn ? (
    <Link to="/profile" underline="always" fw={500}>
      Go to your profile
    </Link>
  ) : (
    <Link to="/login" underline="always" fw={500}>
      Sign in
    </Link>
  );
}

function Invitation({ info }: { info: InviteInfo }) {
  return (
    <div>
      <Text>
        {info.user_name ? <strong>{info.user_name}</strong> : 'Someone'} invited you to join the workspace{' '}
        <strong>{info.company_name}</strong>.
      </Text>
      <Text size="sm" mt={4}>
        You join as {info.role === 'admin' ? 'an admin' : 'a member'}.
        {info.email && (
          <>
            {' '}
            This invitation is for <strong>{info.email}</strong> only.
          </>
        )}
        {!info.email && info.email_domains?.length ? ` It admits addresses at ${listOfDomains(info.email_domains)}.` : null}
      </Text>
      <VerificationLine info={info} />
      {parseTime(info.expires) && (
        <Text size="sm" c="dimmed" mt={4}>
          The invitation is valid until <ExactTime iso={info.expires} />.
        </Text>
      )}
    </div>
  );
}

/** What a bound link asks of the address: verified by a mailed link, or (no mail here) what its owner chose. */
function VerificationLine({ info }: { info: InviteInfo }) {
  const bound = info.email !== null || (info.email_domains?.length ?? 0) > 0;
  if (!bound) return null;
  if (info.verified_address_required && info.mail_available) {
    return (
      <Text size="sm" mt={4}>
        It admits only a verified address: if yours is not verified yet, we send it a link, and you join when you follow it.
      </Text>
    );
  }
  if (info.verified_address_required) {
    return (
      <Alert color="orange" variant="light" mt="xs" title="A verified address is needed" role="status">
        This invitation admits only a verified address, and this server cannot verify addresses (it sends no mail). An account
        whose address is not verified cannot join with it: ask {info.user_name || 'the person who invited you'} for a link that
        accepts unverified addresses.
      </Alert>
    );
  }
  return (
    <Text size="sm" c="dimmed" mt={4}>
      This server cannot verify addresses; whoever made this link chose to admit the address as typed.
    </Text>
  );
}

const PROBLEM_TITLES: Partial<Record<InviteRefusal, string>> = {
  already_member: 'You are already a member',
  not_for_you: 'This invitation is for someone else',
  unverified: 'Your address is not verified',
  no_seats: 'The workspace is full',
};

function ProblemAlert({ problem }: { problem: JoinProblem }) {
  const sent = problem.reason === 'unverified' && problem.verificationSent !== undefined;
  const title = sent ? 'Check your inbox' : ((problem.reason && PROBLEM_TITLES[problem.reason]) ?? 'You did not join');
  return (
    <Alert color={problem.reason === 'already_member' || sent ? 'blue' : 'red'} variant="light" title={title} role="alert">
      {problem.message}
      {problem.reason === 'no_seats' && ' The person who invited you can free a seat; then open the link again.'}
    </Alert>
  );
}

function JoinAsSignedIn({
  token,
  info,
  user,
  problem,
  onProblem,
}: {
  token: string;
  info: InviteInfo;
  user: CurrentUser;
  problem: JoinProblem | undefined;
  onProblem: (problem: JoinProblem | undefined) => void;
}) {
  const queryClient = useQueryClient();
  const join = useMutation({
    mutationFn: async () => {
      const joined = await acceptInvite(token);
      await switchWorkspace(joined.workspace.id);
      return joined;
    },
    onMutate: () => onProblem(undefined),
    onSuccess: (joined) => welcome(queryClient, joinedLine(joined)),
    onError: (error) => onProblem(joinProblemOf(error)),
  });
  const goTo = useMutation({
    mutationFn: (workspace: string) => switchWorkspace(workspace),
    onSuccess: (result) => welcome(queryClient, `You are now in ${result.workspace.name}.`),
    onError: (error) => onProblem(joinProblemOf(error)),
  });
  const useAnother = useMutation({
    mutationFn: () => signOut(),
    onSettled: async () => {
      onProblem(undefined);
      await queryClient.resetQueries();
    },
  });
  const alreadyIn = problem?.reason === 'already_member';
  const notForThisAccount = addressProblem(info, user.email);

  return (
    <Stack gap="md">
      <Text size="sm">
        You are signed in as <strong>{user.name}</strong> ({user.email}).
      </Text>
      {notForThisAccount && !alreadyIn ? (
        <Alert color="orange" variant="light" title="This invitation is not for this account" role="status">
          {notForThisAccount} Use another account, or ask for an invitation for {user.email}.
        </Alert>
      ) : alreadyIn ? (
        problem.workspace && problem.workspace !== user.company.id ? (
          <Button loading={goTo.isPending} onClick={() => goTo.mutate(problem.workspace!)}>
            Switch to {info.company_name}
          </Button>
        ) : (
          <Button onClick={() => navigate('/profile')}>Go to your profile</Button>
        )
      ) : (
        <Button loading={join.isPending} onClick={() => join.mutate()}>
          Join {info.company_name}
        </Button>
      )}
      <Group justify="center">
        <Button variant="subtle" size="sm" loading={useAnother.isPending} onClick={() => useAnother.mutate()}>
          Use another account
        </Button>
      </Group>
    </Stack>
  );
}

function DeadLink({ reason, serverMessage, signedIn }: { reason: DeadLinkReason; serverMessage?: string; signedIn: boolean }) {
  const { title, text: general } = DEAD_LINKS[reason];
  // the server's sentence says which right the inviter lost (to invite at all, or with this role)
  const text = reason === 'inviter_lost_rights' && serverMessage ? serverMessage : general;
  return (
    <AuthLayout title={title}>
      <Stack gap="md">
        <Text>{text}</Text>
        <NextStep signedIn={signedIn} />
      </Stack>
    </AuthLayout>
  );
}
