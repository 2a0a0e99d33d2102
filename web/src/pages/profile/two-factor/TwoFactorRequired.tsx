import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { CurrentUser } from '@foyer/contract';
import { useSignOut } from '../../../session/sign-out';
import { useCurrentWorkspace, useSwitchWorkspace } from '../../../workspaces/workspace-queries';
import { ProfileSection } from '../ProfileSection';
import { EnableTwoFactorDialog } from './EnableTwoFactorDialog';
import classes from './TwoFactor.module.css';

/**
 * What a member sees in a workspace that requires two-factor sign-in before they turn it on: the server refuses
 * everything else there, so the page offers the way in (turn it on), the ways out (another workspace of theirs, or
 * signing out), and nothing that would only be refused.
 */
export function TwoFactorRequired({ user }: { user: CurrentUser }) {
  const [enabling, setEnabling] = useState(false);
  const current = useCurrentWorkspace(user);
  const switchTo = useSwitchWorkspace();
  const signOut = useSignOut();
  const others = current.multi ? (current.all ?? []).filter((workspace) => workspace.id !== user.company.id && !workspace.requires_two_factor) : [];

  return (
    <ProfileSection id="two-factor" title="Two-factor sign-in">
      <Stack gap="md" maw={640}>
        <Alert color="orange" variant="light" title={`${user.company.name} requires two-factor sign-in`}>
          Turn it on to use this workspace: until then you have only your account here, and your key pairs in {user.company.name} are refused (the SDK and
          agents that use them stop until you turn it on, then work again as they are).
        </Alert>
        <Text size="sm">
          You need your password and an authenticator app on your phone (Google Authenticator, Microsoft Authenticator, 1Password, Authy, …). Signing in with
          your password will then also ask for the app&apos;s code.
        </Text>
        <Group gap="sm">
          <Button onClick={() => setEnabling(true)}>Turn on two-factor sign-in</Button>
          <Button variant="default" loading={signOut.isPending} onClick={() => signOut.mutate()}>
            Sign out
          </Button>
        </Group>
        {others.length > 0 && (
          <Stack gap="xs">
            <Text size="sm">Or continue in another of your workspaces:</Text>
            <Group gap="sm">
              {others.map((workspace) => (
                <Button
                  key={workspace.id}
                  variant="light"
                  className={classes.wrappingButton}
                  loading={switchTo.isPending && switchTo.variables === workspace.id}
                  onClick={() => switchTo.mutate(workspace.id)}
                >
                  Switch to {workspace.name}
                </Button>
              ))}
            </Group>
          </Stack>
        )}
        {(switchTo.error ?? signOut.error) && (
          <Alert color="red" variant="light" role="alert" title="That did not work">
            {(switchTo.error ?? signOut.error)?.message}
          </Alert>
        )}
      </Stack>
      <EnableTwoFactorDialog opened={enabling} email={user.email} onClose={() => setEnabling(false)} />
    </ProfileSection>
  );
}
