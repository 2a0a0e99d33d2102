import { Box, Select, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import type { AuditEventGroup, CurrentUser } from '@foyer/contract';
import { getAuditLog } from '../../../api/workspaces';
import { useMembers, type CurrentWorkspace } from '../../../workspaces/workspace-queries';
import { AuditLogView } from './AuditLogView';
import { AUDIT_LOG_GROUPS } from './describe-event';

/** WORKSPACES > Audit log (owners and admins): what happened in the workspace, by person and kind. */
export function WorkspaceAuditLogPanel({ user, current }: { user: CurrentUser; current: CurrentWorkspace }) {
  const [group, setGroup] = useState<AuditEventGroup | ''>('');
  const [person, setPerson] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);
  const members = useMembers(current.id, { search: debouncedSearch, page: 0, pageSize: 20 });
  const [chosen, setChosen] = useState<{ value: string; label: string } | undefined>();

  const options = (members.data?.members ?? []).map((member) => ({ value: member.id, label: `${member.name} (${member.email})` }));
  if (chosen && !options.some((option) => option.value === chosen.value)) options.unshift(chosen);
  const filters = { ...(group ? { kinds: [group] } : {}), ...(person ? { user: person } : {}) };

  return (
    <Box>
      <Box maw={620} mb="md">
        <Title order={3} fz="lg" id="audit-log-heading">
          Audit log
        </Title>
        <Text size="sm" c="dimmed" mt={4}>
          What happened in {current.name}: members joining, leaving and changing role, invitation links, key pairs,
          sign-ins, settings and cloud access. Only owners and admins see it.
        </Text>
      </Box>
      <AuditLogView
        name={`audit log of ${current.name}`}
        fileName={`foyer-audit-log-${current.name.replace(/[^\w.-]+/g, '-')}-${new Date().toISOString().slice(0, 10)}.jsonl`}
        you={user.id}
        groups={AUDIT_LOG_GROUPS}
        group={group}
        onGroupChange={setGroup}
        filters={
          <Select
            label="Person"
            placeholder="Everyone"
            searchable
            clearable
            // Mantine hides its clear button from keyboards and screen readers; here it is how to show everyone again
            clearButtonProps={{ 'aria-label': 'Show everyone', 'aria-hidden': false, tabIndex: 0 }}
            w={{ base: '100%', xs: 260 }}
            data={options}
            value={person}
            onChange={(value, option) => {
              setPerson(value);
              setChosen(value && option ? { value, label: option.label } : undefined);
            }}
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options: all }) => all}
            nothingFoundMessage={members.isFetching ? 'Searching…' : 'No member matches'}
          />
        }
        queryKey={['workspaces.get_audit_log', current.id, group, person]}
        fetchPage={(page) => getAuditLog(current.id, { ...filters, ...page })}
        emptyTitle="Nothing here yet"
        emptyText={group || person ? 'No entry matches these filters.' : 'Changes to the workspace will be listed here.'}
      />
    </Box>
  );
}
