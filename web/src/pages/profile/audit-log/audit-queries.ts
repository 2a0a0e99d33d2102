import { useInfiniteQuery } from '@tanstack/react-query';
import type { AuditEvent, AuditPage } from '@foyer/contract';
import { saveTextFile } from '../../../ui/save-file';

export const SECURITY_LOG_QUERY_KEY = ['users.get_security_log'] as const;

export const AUDIT_PAGE_SIZE = 50;
const EXPORT_PAGE_SIZE = 500;

/** Fetches one page of a log: the filters are bound, the cursor and size are given per page. */
export type AuditPageFetcher = (page: { cursor?: string; page_size: number }) => Promise<AuditPage>;

/** A log read newest first, a page at a time, older pages loaded on demand. */
export function useAuditLog(key: readonly unknown[], fetchPage: AuditPageFetcher) {
  return useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => fetchPage({ page_size: AUDIT_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** Every entry the filters keep, all pages, for an export. */
export async function fetchWholeLog(fetchPage: AuditPageFetcher, signal: AbortSignal): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let cursor: string | undefined;
  do {
    if (signal.aborted) throw new DOMException('The export was stopped', 'AbortError');
    const page = await fetchPage({ page_size: EXPORT_PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    events.push(...page.events);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return events;
}

/** The entries as JSON lines (one entry per line), saved by the browser under `fileName`. */
export function saveAsJsonLines(events: AuditEvent[], fileName: string): void {
  const text = events.map((event) => JSON.stringify(event)).join('\n') + (events.length > 0 ? '\n' : '');
  saveTextFile(text, fileName, 'application/x-ndjson');
}
