import { Avatar, Box, Group, Menu, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useRef, useState } from 'react';
import { navigate } from '../navigation/location';
import { useSignOut } from '../session/sign-out';
import { CheckIcon, ChevronDownIcon, LogoutIcon, UserIcon, UserPlusIcon } from '../ui/icons';
import { InviteDialog } from '../workspaces/InviteDialog';
import { useCurrentWorkspace, useSwitchWorkspace } from '../workspaces/workspace-queries';
import { initials } from './initials';
import classes from './ProfileMenu.module.css';
import type { CurrentUser } from '@foyer/contract';

/**
 * The Profile button in the upper-right corner and its menu: who you are, your workspaces (the current one marked;
 * in multi mode a click switches to another), inviting to the current workspace, and signing out.
 */
export function ProfileMenu({ user }: { user: CurrentUser }) {
  const signOut = useSignOut();
  const current = useCurrentWorkspace(user);
  const switchTo = useSwitchWorkspace();
  const canInvite = current.company?.can.invite;
  const [inviting, setInviting] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  // Until the list arrives (or if it cannot be loaded), the current workspace alone.
  const workspaces: Array<{ id: string; name: string }> = current.all ?? [user.company];

  return (
    <>
      {/* While the invitation dialog opens, the menu leaves the focus to it; the dialog gives it back on closing. */}
      <Menu
        position="bottom-end"
        width={300}
        shadow="md"
        withinPortal={false}
        withInitialFocusPlaceholder={false}
        returnFocus={!inviting}
      >
        <Menu.Target>
          <UnstyledButton
            ref={button}
            className={classes.button}
            aria-label={`Profile menu, ${user.name}${current.multi ? `, in ${current.name}` : ''}`}
          >
            <Group gap={8} wrap="nowrap">
              <Avatar radius="xl" size={32} color="blue" variant="filled">
                {initials(user.name)}
              </Avatar>
              <Box visibleFrom="sm" className={classes.who}>
                <Text size="sm" fw={500} className={classes.name}>
                  {user.name}
                </Text>
                {current.multi && (
                  <Text size="xs" c="dimmed" className={classes.name}>
                    {current.name}
                  </Text>
                )}
              </Box>
              <ChevronDownIcon size={16} />
            </Group>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Box px="sm" py={8}>
            <Text size="sm" fw={600} truncate="end">
              {user.name}
            </Text>
            <Text size="xs" c="dimmed" truncate="end">
              {user.email}
            </Text>
          </Box>
          <Menu.Divider />
          <Menu.Item leftSection={<UserIcon size={16} />} onClick={() => navigate('/profile')}>
            Profile
          </Menu.Item>
          <Menu.Divider />
          <Menu.Label>Workspaces</Menu.Label>
          {workspaces.map((workspace) => {
            const isCurrent = workspace.id === current.id;
            const switchable = !isCurrent && current.multi;
            return (
              <Menu.Item
                key={workspace.id}
                aria-current={isCurrent ? 'true' : undefined}
                disabled={!isCurrent && (!switchable || switchTo.isPending)}
                rightSection={isCurrent ? <CheckIcon size={16} /> : undefined}
                onClick={() => (isCurrent ? navigate('/profile#workspaces') : switchTo.mutate(workspace.id))}
              >
                {!isCurrent && current.multi && <VisuallyHidden>Switch to </VisuallyHidden>}
                {workspace.name}
                {isCurrent && <VisuallyHidden> (current workspace)</VisuallyHidden>}
              </Menu.Item>
            );
          })}
          {canInvite && (
            <>
              <Menu.Divider />
              <Menu.Item leftSection={<UserPlusIcon size={16} />} onClick={() => setInviting(true)}>
                Invite a user
              </Menu.Item>
            </>
          )}
          <Menu.Divider />
          <Menu.Item leftSection={<LogoutIcon size={16} />} onClick={() => signOut.mutate()} disabled={signOut.isPending}>
            Sign out
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {canInvite && (
        <InviteDialog
          opened={inviting}
          onClose={() => {
            setInviting(false);
            requestAnimationFrame(() => button.current?.focus());
          }}
          workspace={{ id: current.id, name: current.name }}
          can={current.company?.can}
          returnFocus={false}
        />
      )}
    </>
  );
}
