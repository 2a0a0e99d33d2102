import { Badge, Button, Group, Table, Text } from '@mantine/core';
import { DataTable } from '../../../ui/DataTable';
import { RowActionButton } from '../../../ui/RowActionButton';
import { TimeWithExact } from '../../../ui/TimeWithExact';
import { relativeTime } from '../../../ui/times';
import { clientDetail, clientName } from './describe-session';
import type { ListedSession } from '@foyer/contract';

const SESSION_COLUMNS = ['Client', 'Workspace', 'From', 'Opened', 'Last used'];

interface SessionsTableProps {
  sessions: ListedSession[];
  onEnd: (session: ListedSession) => void;
  onSignOut: () => void;
  signingOut: boolean;
}

export function SessionsTable({ sessions, onEnd, onSignOut, signingOut }: SessionsTableProps) {
  return (
    <DataTable columns={SESSION_COLUMNS} withActions caption="Where you are signed in" minWidth={820} verticalSpacing="sm" highlightOnHover>
      {sessions.map((session) => {
        const name = clientName(session.client);
        const detail = clientDetail(session);
        return (
          <Table.Tr key={session.id}>
            <Table.Td>
              <Group gap="xs" wrap="nowrap">
                <Text size="sm" fw={500}>
                  {name}
                </Text>
                {session.current && (
                  <Badge size="sm" variant="light" color="blue">
                    This session
                  </Badge>
                )}
              </Group>
              {detail && (
                <Text size="xs" c="dimmed">
                  {detail}
                </Text>
              )}
            </Table.Td>
            <Table.Td>{session.workspace.name}</Table.Td>
            <Table.Td>{session.ip ?? <Text span size="sm" c="dimmed">Unknown</Text>}</Table.Td>
            <Table.Td>
              <TimeWithExact iso={session.created} display={(date) => relativeTime(date)} />
            </Table.Td>
            <Table.Td>{session.current ? 'Now' : <TimeWithExact iso={session.last_seen} display={(date) => relativeTime(date)} />}</Table.Td>
            <Table.Td>
              <Group gap={4} justify="flex-end" wrap="nowrap">
                {session.current ? (
                  <Button size="compact-sm" variant="default" loading={signingOut} onClick={onSignOut}>
                    Sign out
                  </Button>
                ) : (
                  <RowActionButton kind="remove" tooltip="End this session" label={`End the session of ${name}${detail ? `, ${detail}` : ''}`} onClick={() => onEnd(session)} />
                )}
              </Group>
            </Table.Td>
          </Table.Tr>
        );
      })}
    </DataTable>
  );
}
