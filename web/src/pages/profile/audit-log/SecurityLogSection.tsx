import { Box, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { AuditEventGroup, CurrentUser } from '@foyer/contract';
import { getSecurityLog } from '../../../api/users';
import { ProfileSection } from '../ProfileSection';
import { SECURITY_LOG_QUERY_KEY } from './audit-queries';
import { AuditLogView } from './AuditLogView';
import { SECURITY_LOG_GROUPS } from './describe-event';

/** What happened to the person's account: sign-ins (refused ones too), password, key pairs, sessions, memberships. */
export function SecurityLogSection({ user }: { user: CurrentUser }) {
  const [group, setGroup] = useState<AuditEventGroup | ''>('');
  const kinds = group ? { kinds: [group] } : {};
  return (
    <ProfileSection id="security-log" title="Security log">
      <Box maw={620} mb="md">
        <Title order={3} fz="lg">
          What happened to your account
        </Title>
        <Text size="sm" c="dimmed" mt={4}>
          Every sign-in, the refused ones too, and each change to your password, key pairs, sessions and memberships,
          with the address and program it came from. If you see a sign-in you did not make, change your password and
          sign out everywhere.
        </Text>
      </Box>
      <AuditLogView
        name="security log"
        fileName={`foyer-security-log-${new Date().toISOString().slice(0, 10)}.jsonl`}
        you={user.id}
        groups={SECURITY_LOG_GROUPS}
        group={group}
        onGroupChange={setGroup}
        queryKey={[...SECURITY_LOG_QUERY_KEY, group]}
        fetchPage={(page) => getSecurityLog({ ...kinds, ...page })}
        emptyTitle="Nothing here yet"
        emptyText={group ? 'No entry of this kind. Choose Everything to see the whole log.' : 'Sign-ins and changes to your account will be listed here.'}
      />
    </ProfileSection>
  );
}
