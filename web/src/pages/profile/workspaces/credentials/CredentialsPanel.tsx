import { Alert, Box, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import { EmptyState } from '../../../../ui/EmptyState';
import { PlusIcon } from '../../../../ui/icons';
import { LoadStatus } from '../../../../ui/LoadStatus';
import { CreateCredentialsDialog } from './CreateCredentialsDialog';
import { useCredentials } from './credentials-queries';
import { CredentialsTable } from './CredentialsTable';
import { EditLabelDialog } from './EditLabelDialog';
import { RevokeCredentialsDialog } from './RevokeCredentialsDialog';
import { expiryState, unusedRevocationSoon } from './key-expiry';
import { calendarDate, relativeTime } from '../../../../ui/times';
import { ExactTime, TimeWithExact } from '../../../../ui/TimeWithExact';
import { RotateCredentialsDialog } from './RotateCredentialsDialog';
import { EndRotationDialog, RollBackRotationDialog } from './RotationDialogs';
import { oldSecretUse } from './rotation';
import type { Credential } from '@foyer/contract';

const nameOf = (credential: Credential) => (credential.label ? `“${credential.label}”` : credential.access_key);

/** The key pairs that have expired or expire within the week, as one sentence each way. */
function ExpiryNotice({ credentials, revokeUnusedAfterDays }: { credentials: Credential[]; revokeUnusedAfterDays: number | null }) {
  const now = Date.now();
  const expired = credentials.filter((credential) => expiryState(credential, now) === 'expired');
  const soon = credentials.filter((credential) => expiryState(credential, now) === 'soon');
  const unused = credentials.flatMap((credential) => {
    const at = unusedRevocationSoon(credential, revokeUnusedAfterDays, now);
    return at ? [{ credential, at }] : [];
  });
  if (expired.length === 0 && soon.length === 0 && unused.length === 0) return null;
  return (
    <Alert
      color={expired.length > 0 ? 'red' : 'orange'}
      variant="light"
      title={soon.length > 0 || unused.length > 0 ? 'Key pairs expire soon' : 'Key pairs have expired'}
    >
      {unused.map(({ credential, at }) => (
        <Text size="sm" key={credential.access_key} mb="xs">
          {nameOf(credential)} has not been used for a while and will be revoked on {calendarDate(at)} (this workspace revokes key pairs unused for{' '}
          {revokeUnusedAfterDays} days): any sign-in with it before then keeps it.
        </Text>
      ))}
      {soon.length > 0 && (
        <Text size="sm">
          {soon.map(nameOf).join(', ')} {soon.length === 1 ? 'expires' : 'expire'} within a week. To keep what uses{' '}
          {soon.length === 1 ? 'it' : 'them'} working, create new credentials, put them in its place, then revoke the old ones.
        </Text>
      )}
      {expired.length > 0 && (
        <Text size="sm" mt={soon.length > 0 ? 'xs' : 0}>
          {expired.map(nameOf).join(', ')} {expired.length === 1 ? 'has' : 'have'} expired and no longer sign{expired.length === 1 ? 's' : ''} in: revoke{' '}
          {expired.length === 1 ? 'it' : 'them'} once nothing needs {expired.length === 1 ? 'it' : 'them'}.
        </Text>
      )}
    </Alert>
  );
}

/** A key pair in rotation: until when the old secret works, who still uses it, and the two ways to finish early. */
function RotationNotice({ credential, onEnd, onRollBack }: { credential: Credential; onEnd: () => void; onRollBack: () => void }) {
  const rotation = credential.rotation!;
  const use = oldSecretUse(rotation, Date.now());
  return (
    <Alert color="blue" variant="light" title={`${nameOf(credential)} is being rotated`} role="region">
      <Stack gap="xs">
        <Text size="sm">
          It got a new secret <TimeWithExact iso={rotation.rotated} display={(date) => relativeTime(date)} />; the old one works until{' '}
          <ExactTime iso={rotation.old_secret_until} />.
        </Text>
        <Text size="sm" fw={500}>
          {use ?? 'No use of the old secret since the rotation: you can end the overlap now.'}
        </Text>
        <Group gap="xs">
          <Button size="xs" variant={use ? 'default' : 'filled'} onClick={onEnd}>
            End the overlap now
          </Button>
          <Button size="xs" variant="default" onClick={onRollBack}>
            Roll back
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

/** App Credentials: the key pairs that ClearML clients use to act as this user in this workspace. */
export function CredentialsPanel() {
  const credentials = useCredentials();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Credential | undefined>();
  const [revoking, setRevoking] = useState<Credential | undefined>();
  const [rotating, setRotating] = useState<Credential | undefined>();
  const [ending, setEnding] = useState<Credential | undefined>();
  const [rollingBack, setRollingBack] = useState<Credential | undefined>();
  const createButton = useRef<HTMLButtonElement>(null);
  const focusCreateAfterDialog = useRef(false);

  const list = credentials.data?.credentials ?? [];
  const max = credentials.data?.max_credentials;
  const full = max !== undefined && list.length >= max;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" gap="md">
        <Box maw={560}>
          <Title order={3} fz="lg" id="app-credentials-heading">
            App Credentials
          </Title>
          <Text size="sm" c="dimmed" mt={4}>
            Key pairs that the ClearML SDK, clearml-agent and other clients use to call this server as you, in this
            workspace.
            {max !== undefined && ` You hold ${list.length} of at most ${max}.`}
          </Text>
        </Box>
        <Button ref={createButton} leftSection={<PlusIcon size={16} />} onClick={() => setCreating(true)} disabled={full}>
          Create new credentials
        </Button>
      </Group>
      {full && (
        <Text size="sm" role="status">
          You reached the maximum of {max} credentials. Revoke one you no longer use to create another.
        </Text>
      )}

      <ExpiryNotice credentials={list} revokeUnusedAfterDays={credentials.data?.revoke_unused_after_days ?? null} />
      <LoadStatus query={credentials} loadingLabel="Loading credentials" errorTitle="Your credentials could not be loaded" />
      {credentials.data && list.length === 0 && (
        <EmptyState title="No credentials yet">
          Code and agents need a key pair to reach this server. Create one, then paste the configuration it shows into{' '}
          <code>clearml-init</code> on your machine (it writes <code>~/clearml.conf</code>), or run its <code>%env</code>{' '}
          lines in a Jupyter notebook. Give each machine or agent its own pair, so you can revoke one without touching
          the others.
        </EmptyState>
      )}
      {list
        .filter((credential) => credential.rotation)
        .map((credential) => (
          <RotationNotice key={credential.access_key} credential={credential} onEnd={() => setEnding(credential)} onRollBack={() => setRollingBack(credential)} />
        ))}
      {list.length > 0 && <CredentialsTable credentials={list} onEditLabel={setEditing} onRotate={setRotating} onRevoke={setRevoking} />}

      <CreateCredentialsDialog opened={creating} onClose={() => setCreating(false)} />
      <EditLabelDialog credential={editing} onClose={() => setEditing(undefined)} />
      <RotateCredentialsDialog credential={rotating} onClose={() => setRotating(undefined)} />
      <EndRotationDialog credential={ending} onClose={() => setEnding(undefined)} />
      <RollBackRotationDialog credential={rollingBack} onClose={() => setRollingBack(undefined)} />
      <RevokeCredentialsDialog
        credential={revoking}
        onClose={() => setRevoking(undefined)}
        onRevoked={() => {
          focusCreateAfterDialog.current = true;
        }}
        onExited={() => {
          // the dialog gave focus back to the row's Revoke button, which is gone: give it to a control that stays
          if (focusCreateAfterDialog.current) createButton.current?.focus();
          focusCreateAfterDialog.current = false;
        }}
      />
    </Stack>
  );
}
