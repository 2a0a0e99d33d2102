import { ActionIcon, Group, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import type { Credential } from '../../../../api/auth';
import { PencilIcon, TrashIcon } from '../../../../ui/icons';
import { TimeWithExact } from '../../../../ui/TimeWithExact';
import { calendarDate, relativeTime } from '../../../../ui/times';
import classes from './Credentials.module.css';

interface CredentialsTableProps {
  credentials: Credential[];
  onEditLabel: (credential: Credential) => void;
  onRevoke: (credential: Credential) => void;
}

function UsedFrom({ credential }: { credential: Credential }) {
  if (!credential.last_used_from && !credential.last_used_client) {
    return (
      <Text size="sm" c="dimmed">
        <span aria-hidden="true">—</span>
        <VisuallyHidden>Not yet used</VisuallyHidden>
      </Text>
    );
  }
  return (
    <div>
      {credential.last_used_from && <Text size="sm">{credential.last_used_from}</Text>}
      {credential.last_used_client && (
        <Text size="xs" c="dimmed">
          {credential.last_used_client}
        </Text>
      )}
    </div>
  );
}

export function CredentialsTable({ credentials, onEditLabel, onRevoke }: CredentialsTableProps) {
  return (
    <Table.ScrollContainer minWidth={760} type="native">
      <Table verticalSpacing="sm" highlightOnHover>
        <VisuallyHidden component="caption">Your app credentials in this workspace</VisuallyHidden>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Label</Table.Th>
            <Table.Th scope="col">Access key</Table.Th>
            <Table.Th scope="col">Created</Table.Th>
            <Table.Th scope="col">Last used</Table.Th>
            <Table.Th scope="col">Used from</Table.Th>
            <Table.Th scope="col">
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {credentials.map((credential) => (
            <Table.Tr key={credential.access_key}>
              <Table.Td>{credential.label ? credential.label : <span className={classes.noLabel}>No label</span>}</Table.Td>
              <Table.Td className={classes.keyCell}>{credential.access_key}</Table.Td>
              <Table.Td>
                <TimeWithExact iso={credential.created} display={calendarDate} />
              </Table.Td>
              <Table.Td>
                {credential.last_used ? (
                  <TimeWithExact iso={credential.last_used} display={(date) => relativeTime(date)} />
                ) : (
                  'Never'
                )}
              </Table.Td>
              <Table.Td>
                <UsedFrom credential={credential} />
              </Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  <Tooltip label="Edit label">
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={`Edit label of ${credential.access_key}`}
                      onClick={() => onEditLabel(credential)}
                    >
                      <PencilIcon size={18} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label="Revoke">
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Revoke ${credential.access_key}`}
                      onClick={() => onRevoke(credential)}
                    >
                      <TrashIcon size={18} />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
