import { Badge, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import { DataTable } from '../../../../ui/DataTable';
import { RowActionButton } from '../../../../ui/RowActionButton';
import { TimeWithExact } from '../../../../ui/TimeWithExact';
import { calendarDate, relativeTime } from '../../../../ui/times';
import classes from './Credentials.module.css';
import { expiryState } from './key-expiry';
import type { Credential } from '@foyer/contract';

interface CredentialsTableProps {
  credentials: Credential[];
  onEditLabel: (credential: Credential) => void;
  onRotate: (credential: Credential) => void;
  onRevoke: (credential: Credential) => void;
}

const CREDENTIAL_COLUMNS = ['Label', 'Access key', 'Created', 'Expires', 'Last used', 'Used from'];

/** Never; a time ahead ("in 3 months"); within the week, in orange; or expired, in red. */
function Expires({ credential }: { credential: Credential }) {
  const state = expiryState(credential, Date.now());
  if (state === 'never' || !credential.expires) return <>Never</>;
  const when = <TimeWithExact iso={credential.expires} display={(date) => relativeTime(date)} />;
  if (state === 'expired') {
    return (
      <Text size="sm" className={classes.expired}>
        Expired {when}
      </Text>
    );
  }
  return (
    <Text size="sm" className={state === 'soon' ? classes.expiresSoon : undefined}>
      {when}
    </Text>
  );
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

export function CredentialsTable({ credentials, onEditLabel, onRotate, onRevoke }: CredentialsTableProps) {
  return (
    <DataTable columns={CREDENTIAL_COLUMNS} withActions caption="Your app credentials in this workspace" minWidth={860} verticalSpacing="sm" highlightOnHover>
      {credentials.map((credential) => (
        <Table.Tr key={credential.access_key}>
          <Table.Td>
            {credential.label ? credential.label : <span className={classes.noLabel}>No label</span>}
            {credential.rotation && (
              <Badge ml="xs" size="sm" variant="light" color="blue">
                Rotating
              </Badge>
            )}
          </Table.Td>
          <Table.Td className={classes.keyCell}>{credential.access_key}</Table.Td>
          <Table.Td>
            <TimeWithExact iso={credential.created} display={calendarDate} />
          </Table.Td>
          <Table.Td>
            <Expires credential={credential} />
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
              <RowActionButton kind="edit" tooltip="Edit label" label={`Edit label of ${credential.access_key}`} onClick={() => onEditLabel(credential)} />
              {!credential.rotation && !credential.expired && (
                <RowActionButton kind="rotate" tooltip="Give a new secret" label={`Give ${credential.access_key} a new secret`} onClick={() => onRotate(credential)} />
              )}
              <RowActionButton kind="remove" tooltip="Revoke" label={`Revoke ${credential.access_key}`} onClick={() => onRevoke(credential)} />
            </Group>
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}
