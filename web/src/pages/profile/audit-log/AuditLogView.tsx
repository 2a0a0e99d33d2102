import { Alert, Button, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { AuditEvent, AuditEventGroup } from '@foyer/contract';
import { DataTable } from '../../../ui/DataTable';
import { EmptyState } from '../../../ui/EmptyState';
import { LoadStatus } from '../../../ui/LoadStatus';
import { TimeWithExact } from '../../../ui/TimeWithExact';
import { exactTime, relativeTime } from '../../../ui/times';
import classes from './AuditLog.module.css';
import { describeEvent, describeOrigin, GROUP_LABELS, personName } from './describe-event';
import { fetchWholeLog, saveAsJsonLines, useAuditLog, type AuditPageFetcher } from './audit-queries';

const COLUMNS = ['What', 'When'];

interface AuditLogViewProps {
  /** the log's name: the table's caption and the export's file name */
  name: string;
  fileName: string;
  /** the caller's user id, to say "You" */
  you: string;
  groups: AuditEventGroup[];
  group: AuditEventGroup | '';
  onGroupChange: (group: AuditEventGroup | '') => void;
  /** more filters beside the kind (the workspace log's person) */
  filters?: ReactNode;
  queryKey: readonly unknown[];
  fetchPage: AuditPageFetcher;
  emptyTitle: string;
  emptyText: string;
}

/** "By you · from 127.0.0.1 · Chrome 150 on Linux": who did it, and from where. */
function byLine(event: AuditEvent, you: string): string {
  const by = event.actor ? `By ${personName(event.actor, you).replace(/^You$/, 'you')}` : 'Nobody signed in';
  return `${by} · from ${describeOrigin(event)}`;
}

/** A log, newest first: filters, the entries, older ones on demand, and an export of every entry the filters keep. */
export function AuditLogView({ name, fileName, you, groups, group, onGroupChange, filters, queryKey, fetchPage, emptyTitle, emptyText }: AuditLogViewProps) {
  const log = useAuditLog(queryKey, fetchPage);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | undefined>();
  const exportAbort = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => exportAbort.current?.abort(), []);

  const events = log.data?.pages.flatMap((page) => page.events) ?? [];
  const retention = log.data?.pages[0]?.retention_days;

  async function exportLog() {
    exportAbort.current?.abort();
    const controller = new AbortController();
    exportAbort.current = controller;
    setExporting(true);
    setExportError(undefined);
    try {
      saveAsJsonLines(await fetchWholeLog(fetchPage, controller.signal), fileName);
    } catch (error) {
      if (!controller.signal.aborted) setExportError(error instanceof Error ? error.message : String(error));
    } finally {
      if (!controller.signal.aborted) setExporting(false);
    }
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Group gap="sm" align="flex-end">
          <NativeSelect
            label="Show"
            value={group}
            onChange={(event) => onGroupChange(event.currentTarget.value as AuditEventGroup | '')}
            data={[{ value: '', label: 'Everything' }, ...groups.map((value) => ({ value, label: GROUP_LABELS[value] }))]}
            w={180}
          />
          {filters}
        </Group>
        <Button variant="default" loading={exporting} disabled={events.length === 0} onClick={exportLog}>
          Export as JSON lines
        </Button>
      </Group>
      {exportError && (
        <Alert color="red" variant="light" title="The log could not be exported">
          {exportError}
        </Alert>
      )}
      <LoadStatus query={log} loadingLabel={`Loading the ${name}`} errorTitle={`The ${name} could not be loaded`} />
      {log.isSuccess && events.length === 0 && <EmptyState title={emptyTitle}>{emptyText}</EmptyState>}
      {events.length > 0 && (
        <DataTable columns={COLUMNS} caption={name} minWidth={300} verticalSpacing="xs">
          {events.map((event) => (
            <Table.Tr key={event.id}>
              <Table.Td className={classes.what}>
                <Text size="sm">{describeEvent(event, you)}</Text>
                <Text size="xs" c="dimmed">
                  {byLine(event, you)}
                </Text>
              </Table.Td>
              <Table.Td className={classes.when}>
                <TimeWithExact iso={event.at} display={(date) => relativeTime(date)} />
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
      <Group justify="space-between" gap="sm">
        <Text size="xs" c="dimmed">
          {retention === undefined ? '' : retention === 0 ? 'Entries are kept for ever.' : `Entries are kept ${retention} days.`}
          {events.length > 0 && !log.hasNextPage ? ` The oldest entry shown is from ${exactTime(new Date(events[events.length - 1]!.at))}.` : ''}
        </Text>
        {log.hasNextPage && (
          <Button variant="subtle" size="compact-sm" loading={log.isFetchingNextPage} onClick={() => log.fetchNextPage()}>
            Show older entries
          </Button>
        )}
      </Group>
    </Stack>
  );
}
