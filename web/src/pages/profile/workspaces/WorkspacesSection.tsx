import { Divider, Stack } from '@mantine/core';
import { useCurrentWorkspace } from '../../../workspaces/workspace-queries';
import { ProfileSection } from '../ProfileSection';
import { WorkspaceAuditLogPanel } from '../audit-log/WorkspaceAuditLogPanel';
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
        {current.company?.can.read_audit_log && (
          <>
            <Divider />
            <WorkspaceAuditLogPanel key={current.id} user={user} current={current} />
          </>
        )}
      </Stack>
    </ProfileSection>
  );
}
