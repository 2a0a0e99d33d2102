import { Alert, Avatar, Box, Button, Code, Group, Stack } from '@mantine/core';
import { useState } from 'react';
import type { CurrentUser } from '../../../api/users';
import { initials } from '../../../shell/initials';
import { CopyTextButton } from '../../../ui/CopyTextButton';
import { calendarDate, exactTime, parseTime } from '../../../ui/times';
import { ChangePasswordDialog } from './ChangePasswordDialog';
import { NameEditor } from './NameEditor';
import classes from './UserSection.module.css';

/** Who you are: name (editable), email, role, user ID, and the password change. */
export function UserSection({ user }: { user: CurrentUser }) {
  const [changingPassword, setChangingPassword] = useState(false);
  const [passwordChanged, setPasswordChanged] = useState(false);
  const created = parseTime(user.created);

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
            <dd>{user.email}</dd>
            <dt>Role</dt>
            <dd>{user.role === 'admin' ? 'Administrator' : 'Member'}</dd>
            <dt>User ID</dt>
            <dd>
              <Group gap="xs" wrap="wrap">
                <Code className={classes.id}>{user.id}</Code>
                <CopyTextButton text={user.id} label="Copy user ID" />
              </Group>
            </dd>
            {created && (
              <>
                <dt>Member since</dt>
                <dd>
                  <time dateTime={user.created} title={exactTime(created)}>
                    {calendarDate(created)}
                  </time>
                </dd>
              </>
            )}
          </dl>
          <Group gap="sm">
            <Button variant="default" onClick={() => setChangingPassword(true)}>
              Change password
            </Button>
          </Group>
          {passwordChanged && (
            <Alert color="green" variant="light" title="Password changed" withCloseButton onClose={() => setPasswordChanged(false)}>
              Your other sessions were signed out; this one stays signed in.
            </Alert>
          )}
        </Stack>
      </Group>
      <ChangePasswordDialog
        opened={changingPassword}
        onClose={() => setChangingPassword(false)}
        onChanged={() => setPasswordChanged(true)}
      />
    </Box>
  );
}
