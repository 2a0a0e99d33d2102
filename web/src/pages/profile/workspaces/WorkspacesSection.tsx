import { Divider, Stack, Text } from '@mantine/core';
import type { CurrentUser } from '../../../api/users';
import { ProfileSection } from '../ProfileSection';
import { CredentialsPanel } from './credentials/CredentialsPanel';

export function WorkspacesSection({ user }: { user: CurrentUser }) {
  return (
    <ProfileSection id="workspaces" title="Workspaces">
      <Stack gap="lg">
        <div>
          <Text size="sm" c="dimmed">
            Current workspace
          </Text>
          <Text fw={600} fz="lg" mt={2}>
            {user.company.name}
          </Text>
        </div>
        <Divider />
        <CredentialsPanel />
      </Stack>
    </ProfileSection>
  );
}
