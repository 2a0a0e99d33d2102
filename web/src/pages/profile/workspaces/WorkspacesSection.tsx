import { Divider, Stack } from '@mantine/core';
import { useCurrentWorkspace } from '../../../workspaces/workspace-queries';
import { ProfileSection } from '../ProfileSection';
import { CredentialsPanel } from './credentials/CredentialsPanel';
import { MembersPanel } from './members/MembersPanel';
import { WorkspaceOverview } from './overview/WorkspaceOverview';
import type { CurrentUser } from '@foyer/contract';

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
