import { Box, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { PlusIcon, SettingsIcon, SwitchIcon } from '../../../../ui/icons';
import { ROLE_NAMES, useSwitchWorkspace, type CurrentWorkspace } from '../../../../workspaces/workspace-queries';
import { NewWorkspaceDialog } from './NewWorkspaceDialog';
import classes from './Overview.module.css';
import { WorkspaceSettingsDialog } from './WorkspaceSettingsDialog';
import { SsoRequirement } from './SsoRequirement';
import type { UserCompany } from '@foyer/contract';

function memberCount(company: UserCompany): string {
  const members = `${company.allocated} ${company.allocated === 1 ? 'member' : 'members'}`;
  return company.allowed === null ? members : `${members} of at most ${company.allowed}`;
}

function facts(company: UserCompany | undefined, role: CurrentWorkspace['role']): string {
  return [role ? `Your role: ${ROLE_NAMES[role]}` : undefined, company?.personal ? 'Your personal workspace' : undefined, company ? memberCount(company) : undefined]
    .filter(Boolean)
    .join(' · ');
}

/**
 * The current workspace (with its settings, for owners and admins) and, in multi mode, the person's other
 * workspaces with SWITCH TO WORKSPACE, and creating a new one.
 */
export function WorkspaceOverview({ current }: { current: CurrentWorkspace }) {
  const switchTo = useSwitchWorkspace();
  const [editing, setEditing] = useState(false);
  const [creating, setCreating] = useState(false);
  const others = current.all?.filter((company) => company.id !== current.id) ?? [];

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" gap="md">
        <div>
          <Text size="sm" c="dimmed">
            Current workspace
          </Text>
          <Text fw={600} fz="lg" mt={2}>
            {current.name}
          </Text>
          <Text size="sm" c="dimmed" mt={2}>
            {facts(current.company, current.role)}
          </Text>
        </div>
        {current.company?.can.update && (
          <Button variant="default" leftSection={<SettingsIcon size={16} />} onClick={() => setEditing(true)}>
            Workspace settings
          </Button>
        )}
      </Group>

      {current.id && <SsoRequirement workspaceId={current.id} />}

      {current.multi && others.length > 0 && (
        <Box>
          <Title order={3} fz="md" id="other-workspaces-heading">
            Your other workspaces
          </Title>
          <ul className={classes.list} aria-labelledby="other-workspaces-heading">
            {others.map((company) => (
              <li key={company.id} className={classes.row}>
                <div className={classes.rowText}>
                  <Text fw={500} className={classes.name}>
                    {company.name}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {facts(company, company.role)}
                  </Text>
                </div>
                <Button
                  variant="default"
                  size="sm"
                  leftSection={<SwitchIcon size={16} />}
                  loading={switchTo.isPending && switchTo.variables === company.id}
                  disabled={switchTo.isPending && switchTo.variables !== company.id}
                  aria-label={`Switch to workspace ${company.name}`}
                  onClick={() => switchTo.mutate(company.id)}
                >
                  Switch to workspace
                </Button>
              </li>
            ))}
          </ul>
        </Box>
      )}
      {current.multi && (
        <Group>
          <Button variant="subtle" leftSection={<PlusIcon size={16} />} onClick={() => setCreating(true)}>
            New workspace
          </Button>
        </Group>
      )}

      {current.company && (
        <WorkspaceSettingsDialog opened={editing} onClose={() => setEditing(false)} company={current.company} />
      )}
      {current.multi && <NewWorkspaceDialog opened={creating} onClose={() => setCreating(false)} />}
    </Stack>
  );
}
