import { Avatar, Box, Group, Menu, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getUserCompanies } from '../api/organization';
import type { CurrentUser } from '../api/users';
import { navigate } from '../navigation/location';
import { useSignOut } from '../session/sign-out';
import { CheckIcon, ChevronDownIcon, LogoutIcon, UserIcon } from '../ui/icons';
import { initials } from './initials';
import classes from './ProfileMenu.module.css';

/** The Profile button in the upper-right corner and its menu. */
export function ProfileMenu({ user }: { user: CurrentUser }) {
  const companies = useQuery({ queryKey: ['organization.get_user_companies'], queryFn: getUserCompanies });
  const signOut = useSignOut();
  // Until the list arrives (or if it cannot be loaded), the current workspace alone.
  const workspaces: Array<{ id: string; name: string }> = companies.data ?? [user.company];

  return (
    <Menu position="bottom-end" width={280} shadow="md" withinPortal={false} withInitialFocusPlaceholder={false}>
      <Menu.Target>
        <UnstyledButton className={classes.button} aria-label={`Profile menu, ${user.name}`}>
          <Group gap={8} wrap="nowrap">
            <Avatar radius="xl" size={32} color="blue" variant="filled">
              {initials(user.name)}
            </Avatar>
            <Text size="sm" fw={500} className={classes.name} visibleFrom="sm">
              {user.name}
            </Text>
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
          const current = workspace.id === user.company.id;
          return (
            <Menu.Item
              key={workspace.id}
              aria-current={current ? 'true' : undefined}
              disabled={!current}
              rightSection={current ? <CheckIcon size={16} /> : undefined}
              onClick={() => navigate('/profile#workspaces')}
            >
              {workspace.name}
              {current && <VisuallyHidden> (current workspace)</VisuallyHidden>}
            </Menu.Item>
          );
        })}
        <Menu.Divider />
        <Menu.Item leftSection={<LogoutIcon size={16} />} onClick={() => signOut.mutate()} disabled={signOut.isPending}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
