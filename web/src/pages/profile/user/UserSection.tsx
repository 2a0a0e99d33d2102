import { Alert, Avatar, Box, Button, Code, Group, Stack } from '@mantine/core';
import { useState } from 'react';
import { initials } from '../../../shell/initials';
import { CopyTextButton } from '../../../ui/CopyTextButton';
import { TimeWithExact } from '../../../ui/TimeWithExact';
import { calendarDate } from '../../../ui/times';
import { ROLE_NAMES, useCurrentWorkspace } from '../../../workspaces/workspace-queries';
import { ChangeEmailDialog } from './ChangeEmailDialog';
import { ChangePasswordDialog } from './ChangePasswordDialog';
import { EmailAddress } from './EmailAddress';
import { LinkedIdentities } from './LinkedIdentities';
import { NameEditor } from './NameEditor';
import classes from './UserSection.module.css';
import type { CurrentUser, ResultOf } from '@foyer/contract';

/**
 * Who you are: name (editable), email, your roles, user ID, and the password change. Two roles, each labelled for
 * what it is: the one in the current workspace (as the Workspaces section names it), and, for the server's
 * administrators, the server-wide one.
 */
export function UserSection({ user }: { user: CurrentUser }) {
  const current = useCurrentWorkspace(user);
  const serverRole = user.server_role ?? user.role;
  const [changingPassword, setChangingPassword] = useState(false);
  const [passwordChanged, setPasswordChanged] = useState<{ otherSessionsSignedOut: number } | undefined>();
  const [changingEmail, setChangingEmail] = useState(false);
  const [emailChanged, setEmailChanged] = useState<ResultOf<'users.change_email'> | undefined>();

  return (
    <Box component="section" aria-label="Your account" className={classes.card}>
      <Group align="flex-start" gap="lg" wrap="nowrap">
        <Avatar size={72} radius={72} color="blue" variant="light" visibleFrom="xs" className={classes.avatar}>
          {initials(user.name)}
        </Avatar>
        <Stack gap="sm" className={classes.details}>
          <NameEditor user={user} />
          <dl className={classes.facts}>
            <dt>Email</dt>
            <dd>
              <EmailAddress user={user} />
            </dd>
            <LinkedIdentities />
            {current.role && (
              <>
                <dt>Workspace role</dt>
                <dd>
                  {ROLE_NAMES[current.role]} of {current.name}
                </dd>
              </>
            )}
            {serverRole === 'admin' && (
              <>
                <dt>Server role</dt>
                <dd>Administrator of this Foyer server</dd>
              </>
            )}
            <dt>User ID</dt>
            <dd>
              <Group gap="xs" wrap="wrap">
                <Code className={classes.id}>{user.id}</Code>
                <CopyTextButton text={user.id} label="Copy user ID" />
              </Group>
            </dd>
            {user.created && (
              <>
                <dt>Member since</dt>
                <dd>
                  <TimeWithExact iso={user.created} display={calendarDate} />
                </dd>
              </>
            )}
          </dl>
          <Group gap="sm">
            <Button variant="default" onClick={() => setChangingPassword(true)}>
              Change password
            </Button>
            <Button variant="default" onClick={() => setChangingEmail(true)}>
              Change email
            </Button>
          </Group>
          {emailChanged && (
            <Alert
              color={emailChanged.changed ? 'green' : 'blue'}
              variant="light"
              title={emailChanged.changed ? `Your address is now ${emailChanged.email}` : `Check the inbox of ${emailChanged.verification_sent_to}`}
              withCloseButton
              onClose={() => setEmailChanged(undefined)}
            >
              {emailChanged.changed
                ? 'Sign in with it from now on. It is not verified: this server sends no mail.'
                : 'Follow the link in the mail to change your address; until then it stays as it is. The link works once, for 24 hours.'}
            </Alert>
          )}
          {passwordChanged && (
            <Alert color="green" variant="light" title="Password changed" withCloseButton onClose={() => setPasswordChanged(undefined)}>
              {passwordChanged.otherSessionsSignedOut === 0
                ? 'This session stays signed in; no other session was signed out.'
                : `${passwordChanged.otherSessionsSignedOut === 1 ? 'Your other session was' : `Your ${passwordChanged.otherSessionsSignedOut} other sessions were`} signed out; this one stays signed in.`}
            </Alert>
          )}
        </Stack>
      </Group>
      <ChangeEmailDialog user={user} opened={changingEmail} onClose={() => setChangingEmail(false)} onChanged={setEmailChanged} />
      <ChangePasswordDialog
        opened={changingPassword}
        onClose={() => setChangingPassword(false)}
        onChanged={(otherSessionsSignedOut) => setPasswordChanged({ otherSessionsSignedOut })}
      />
    </Box>
  );
}
