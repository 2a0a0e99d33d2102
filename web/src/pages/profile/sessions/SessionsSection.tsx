import { Box, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { LoadStatus } from '../../../ui/LoadStatus';
import { useSignOut } from '../../../session/sign-out';
import { ProfileSection } from '../ProfileSection';
import { clientDetail, clientName } from './describe-session';
import { useRevokeOtherSessions, useRevokeSession, useSessions } from './sessions-queries';
import { SessionsTable } from './SessionsTable';
import type { ListedSession } from '@foyer/contract';

/** Where the person is signed in: each browser and program, this one first; end one, all others, or everywhere. */
export function SessionsSection() {
  const sessions = useSessions();
  const revokeOne = useRevokeSession();
  const revokeOthers = useRevokeOtherSessions();
  const signOut = useSignOut();
  const [ending, setEnding] = useState<ListedSession | undefined>();
  const [endingOthers, setEndingOthers] = useState<'others' | 'everywhere' | undefined>();
  const [ended, setEnded] = useState<string | undefined>();

  const list = sessions.data?.sessions ?? [];
  const total = sessions.data?.total ?? 0;
  const otherPasswordSessions = list.filter((session) => !session.current && !session.key).length;

  return (
    <ProfileSection id="sessions" title="Sessions">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="md">
          <Box maw={620}>
            <Title order={3} fz="lg">
              Where you are signed in
            </Title>
            <Text size="sm" c="dimmed" mt={4}>
              Browsers you signed in with, and the sessions the SDK and agents opened with your key pairs, in every
              workspace. End any you do not recognise, then change your password. A key pair&apos;s programs sign in
              again with it: to stop them for good, revoke the key pair.
            </Text>
          </Box>
          <Group gap="sm">
            <Button variant="default" disabled={otherPasswordSessions === 0} onClick={() => setEndingOthers('others')}>
              Sign out other browsers
            </Button>
            <Button variant="light" color="red" onClick={() => setEndingOthers('everywhere')}>
              Sign out everywhere
            </Button>
          </Group>
        </Group>
        {ended && (
          <Text size="sm" role="status">
            {ended}
          </Text>
        )}
        <LoadStatus query={sessions} loadingLabel="Loading sessions" errorTitle="Your sessions could not be loaded" />
        {list.length > 0 && <SessionsTable sessions={list} onEnd={setEnding} onSignOut={() => signOut.mutate()} signingOut={signOut.isPending} />}
        {total > list.length && (
          <Text size="sm" c="dimmed">
            The {list.length} most recently used of your {total} sessions are shown.
          </Text>
        )}
      </Stack>

      <ConfirmDialog
        item={ending}
        title="End this session?"
        confirmLabel="End session"
        action={revokeOne}
        variablesOf={(session) => session.id}
        onDone={(session) => setEnded(`The session of ${clientName(session.client)} was ended.`)}
        onClose={() => setEnding(undefined)}
      >
        {(session) => (
          <Text size="sm">
            {clientName(session.client)}
            {clientDetail(session) ? `, ${clientDetail(session)},` : ''} in {session.workspace.name} is signed out at once.{' '}
            {session.key ? 'A program holding the key pair can sign in again with it; revoke the key pair to stop it.' : 'Whoever uses it has to sign in again with your password.'}
          </Text>
        )}
      </ConfirmDialog>

      <ConfirmDialog
        item={endingOthers}
        title={(which) => (which === 'everywhere' ? 'Sign out everywhere?' : 'Sign out your other browsers?')}
        confirmLabel={endingOthers === 'everywhere' ? 'Sign out everywhere' : 'Sign out other browsers'}
        action={revokeOthers}
        variablesOf={() => undefined}
        onDone={(which, result) => {
          if (which === 'everywhere') signOut.mutate();
          else setEnded(result.revoked === 1 ? 'One other browser was signed out.' : `${result.revoked} other browsers were signed out.`);
        }}
        onClose={() => setEndingOthers(undefined)}
      >
        {(which) => (
          <Text size="sm">
            {which === 'everywhere'
              ? 'Every browser signed in with your password, in every workspace, this one included, is signed out. '
              : 'Every other browser signed in with your password, in every workspace, is signed out; this one stays. '}
            The SDK and agents keep working with their key pairs.
          </Text>
        )}
      </ConfirmDialog>
    </ProfileSection>
  );
}
