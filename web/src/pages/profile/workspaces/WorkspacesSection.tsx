import { Divider, Stack } from '@mantine/core';
import type { CurrentUser } from '../../../api/users';
import { useCurrentWorkspace } from '../../../workspaces/workspace-queries';
import { ProfileSection } from '../ProfileSection';
import { CredentialsPanel } from './credentials/CredentialsPanel';
import { MembersPanel } from './members/MembersPanel';
import { WorkspaceOverview } from './overview/WorkspaceOverview';

export function WorkspacesSection({ user }: { user: CurrentUser }) {
  const current = useCurrentWorkspace(user);
  return (
    <ProfileSection id="workspaces" title="Workspaces">
      <Stack gap="lg">
        <WorkspaceOverview current={current} />
        <Divider />
        <CredentialsPanel />
        <Divider />
        <MembersPanel user={user} current={current} />
      </Stack>
    </ProfileSection>
  );
}
