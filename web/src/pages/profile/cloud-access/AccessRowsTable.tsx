import { Badge, Box, Button, Group, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { AccessRowForm } from './AccessRowForm';
import classes from './CloudAccess.module.css';
import { bucketLabel, isMixedContent, maskedSecret, MIXED_CONTENT_WARNING, PROVIDER_LABELS, PROVIDER_SHORT, spokenSecret } from './describe';
import { DataTable } from '../../../ui/DataTable';
import { PlugIcon, WarningIcon } from '../../../ui/icons';
import { RowActionButton } from '../../../ui/RowActionButton';
import type { AccessRow, ListedAccessRow } from '@foyer/contract';

interface AccessRowsTableProps {
  rows: ListedAccessRow[];
  canAddWorkspaceRows: boolean;
  workspaceName: string;
  onTest: (row: AccessRow) => void;
  onDelete: (row: AccessRow) => void;
  onSaved: (row: AccessRow) => void;
}

const ROW_COLUMNS = ['Bucket', 'Host (Endpoint) · Region', 'Key', 'Secret'];
/** the headed columns and the buttons' */
const COLUMNS = ROW_COLUMNS.length + 1;

/** The rows, one per bucket; Edit opens the row's form in place of the row. */
export function AccessRowsTable({ rows, canAddWorkspaceRows, workspaceName, onTest, onDelete, onSaved }: AccessRowsTableProps) {
  const [editingId, setEditingId] = useState<string | undefined>();
  const editButtons = useRef(new Map<string, HTMLButtonElement>());

  function closeEditor(rowId: string) {
    setEditingId(undefined);
    window.setTimeout(() => editButtons.current.get(rowId)?.focus(), 0);
  }

  return (
    <DataTable
      columns={ROW_COLUMNS}
      withActions
      caption="Cloud access keys in this workspace"
      minWidth={760}
      verticalSpacing="sm"
      scrollerClassName={classes.tableScroller}
      className={classes.table}
    >
      {rows.map((row) =>
        row.id === editingId ? (
          <Table.Tr key={row.id} className={classes.editRow}>
            <Table.Td colSpan={COLUMNS}>
              <InlineEditor
                row={row}
                canAddWorkspaceRows={canAddWorkspaceRows}
                workspaceName={workspaceName}
                onCancel={() => closeEditor(row.id)}
                onSaved={(saved) => {
                  onSaved(saved);
                  closeEditor(row.id);
                }}
              />
            </Table.Td>
          </Table.Tr>
        ) : (
          <Table.Tr key={row.id}>
            <Table.Td className={classes.bucketCell}>
              <BucketCell row={row} />
            </Table.Td>
            {row.editable ? (
              <>
                <Table.Td>
                  <EndpointCell row={row} />
                </Table.Td>
                <Table.Td className={classes.keyCell}>
                  <KeyCell row={row} />
                </Table.Td>
                <Table.Td className={classes.secretCell}>
                  <SecretCell row={row} />
                </Table.Td>
              </>
            ) : (
              <Table.Td colSpan={3}>
                <Text size="sm" c="dimmed">
                  Shared with everyone in {workspaceName} by its owners and admins. Members use these keys to view objects but
                  never see them.
                </Text>
              </Table.Td>
            )}
            <Table.Td>
              <Group gap={4} justify="flex-end" wrap="nowrap">
                <Button
                  variant="default"
                  size="xs"
                  leftSection={<PlugIcon size={14} />}
                  aria-label={`Test access to ${row.bucket}`}
                  onClick={() => onTest(row)}
                >
                  Test
                </Button>
                {row.can.update && (
                  <RowActionButton
                    kind="edit"
                    tooltip="Edit"
                    label={`Edit access keys for ${row.bucket}`}
                    onClick={() => setEditingId(row.id)}
                    buttonRef={(element) => {
                      if (element) editButtons.current.set(row.id, element);
                      else editButtons.current.delete(row.id);
                    }}
                  />
                )}
                {row.can.delete && (
                  <RowActionButton kind="remove" tooltip="Delete" label={`Delete access keys for ${row.bucket}`} onClick={() => onDelete(row)} />
                )}
              </Group>
            </Table.Td>
          </Table.Tr>
        ),
      )}
    </DataTable>
  );
}

function InlineEditor({
  row,
  canAddWorkspaceRows,
  workspaceName,
  onCancel,
  onSaved,
}: {
  row: AccessRow;
  canAddWorkspaceRows: boolean;
  workspaceName: string;
  onCancel: () => void;
  onSaved: (row: AccessRow) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }, []);
  return (
    <Box
      ref={box}
      py="xs"
      className={classes.inlineEditor}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onCancel();
        }
      }}
    >
      <Title order={4} fz="md" mb="sm">
        Edit access keys for {bucketLabel(row)}
      </Title>
      <AccessRowForm row={row} canAddWorkspaceRows={canAddWorkspaceRows} workspaceName={workspaceName} onCancel={onCancel} onSaved={onSaved} />
    </Box>
  );
}

function BucketCell({ row }: { row: AccessRow }) {
  return (
    <div>
      <Text size="sm" fw={600} className={classes.breakable}>
        {bucketLabel(row)}
      </Text>
      <Group gap={6} mt={4}>
        <Badge size="sm" variant="light" color="gray" title={PROVIDER_LABELS[row.provider]}>
          {PROVIDER_SHORT[row.provider]}
        </Badge>
        {row.scope === 'workspace' && (
          <Badge size="sm" variant="light" color="blue">
            Shared
          </Badge>
        )}
      </Group>
    </div>
  );
}

function EndpointCell({ row }: { row: AccessRow }) {
  const host = row.endpoint ?? (row.provider === 's3' ? 'AWS S3' : row.provider === 'gcs' ? 'storage.googleapis.com' : 'Azure (blob.core.windows.net)');
  const addressing = row.addressing === 'virtual' ? 'virtual-hosted' : 'path style';
  return (
    <div>
      <Text size="sm" className={row.endpoint ? `${classes.monospace} ${classes.breakable}` : undefined}>
        {host}
      </Text>
      <Text size="xs" c="dimmed">
        {row.provider === 's3' && (row.region ? `Region ${row.region}` : row.endpoint ? 'No region' : 'Region found automatically')}
        {row.provider === 's3' && row.addressing && ` · ${addressing}`}
        {row.provider === 'azure' && row.endpoint && row.addressing && addressing}
      </Text>
      {row.detected_region && (
        <Text size="xs" mt={2}>
          This bucket is in {row.detected_region}
        </Text>
      )}
      {isMixedContent(row.endpoint) && (
        <Group gap={4} mt={4} wrap="nowrap" align="flex-start" className={classes.warning}>
          <WarningIcon size={14} style={{ marginTop: 2 }} />
          <Text size="xs">{MIXED_CONTENT_WARNING}</Text>
        </Group>
      )}
    </div>
  );
}

function KeyCell({ row }: { row: AccessRow }) {
  if (row.provider === 'gcs' && row.service_account_set) {
    return (
      <div>
        <Text size="xs" c="dimmed">
          Service account
        </Text>
        <Text size="sm" className={classes.breakable}>
          {row.service_account_email}
        </Text>
      </div>
    );
  }
  if (row.provider === 'azure') {
    return (
      <Text size="sm" c="dimmed">
        {row.secret_kind === 'sas' ? 'SAS token' : 'Account key'}
      </Text>
    );
  }
  return row.key ? (
    <span className={`${classes.monospace} ${classes.breakable}`}>{row.key}</span>
  ) : (
    <Text size="sm" c="dimmed">
      none
    </Text>
  );
}

function SecretCell({ row }: { row: AccessRow }) {
  if (row.secrets_readable === false) {
    return (
      <Group gap={4} wrap="nowrap" align="flex-start" className={classes.warning}>
        <WarningIcon size={14} style={{ marginTop: 3 }} />
        <Text size="sm">Unreadable: enter the secret again (Edit)</Text>
      </Group>
    );
  }
  const secretSet = row.provider === 'gcs' && row.service_account_set ? true : row.secret_set;
  return (
    <div>
      <Secret set={secretSet} last4={row.provider === 'gcs' && row.service_account_set ? undefined : row.secret_last4} />
      {row.token_set && (
        <Text size="xs" c="dimmed" className={classes.nowrap}>
          Session token <Secret set last4={row.token_last4} size="xs" />
        </Text>
      )}
    </div>
  );
}

function Secret({ set, last4, size = 'sm' }: { set: boolean | undefined; last4: string | undefined; size?: 'sm' | 'xs' }) {
  return (
    <Text component="span" size={size} className={classes.mask}>
      <span aria-hidden="true">{maskedSecret(set, last4)}</span>
      <VisuallyHidden>{spokenSecret(set, last4)}</VisuallyHidden>
    </Text>
  );
}
