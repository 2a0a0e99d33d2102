// Writing an entry of the security and audit logs. Callers pass the transaction that makes the change, so the entry
// and the change commit or roll back together; a refused call records nothing (except the sign-in failures and
// waits, which are what the log is for).
import type { AuditDetails, AuditEventKind } from '@foyer/contract';
import type { Db } from '../db/database.ts';
import type { RequestInfo } from '../http/endpoint.ts';
import { randomBytes } from 'node:crypto';

const MAX_USER_AGENT_LENGTH = 400;

let sequence = 0;
/**
 * 32 hex characters that sort as the entries were made on this node: the time, a counter, then random. Entries of
 * the same millisecond (a join and the invitation's use, written together) then list in the order they happened.
 */
function entryId(at: number): string {
  sequence = (sequence + 1) % 0x10000;
  return at.toString(16).padStart(12, '0') + sequence.toString(16).padStart(4, '0') + randomBytes(8).toString('hex');
}
const MAX_DETAIL_LENGTH = 200;

export interface AuditEntry {
  kind: AuditEventKind;
  /** who did it (null: nobody signed in, or the server itself) */
  actor: string | null;
  /** whose account it is about */
  subject?: string | null;
  workspace?: string | null;
  target?: string | null;
  details?: AuditDetails;
}

/** Where a call came from, as an entry keeps it. */
export interface AuditOrigin {
  ip: string | null;
  client: string | null;
  worker: string | null;
  userAgent: string | null;
}

export function originOf(request: RequestInfo): AuditOrigin {
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip || null, client: request.client ?? null, worker: request.worker ?? null, userAgent: typeof userAgent === 'string' ? userAgent : null };
}

function shortDetails(details: AuditDetails | undefined): string {
  if (!details) return '{}';
  const kept = Object.entries(details).map(([key, value]) => [key, typeof value === 'string' ? value.slice(0, MAX_DETAIL_LENGTH) : value]);
  return JSON.stringify(Object.fromEntries(kept));
}

/** Appends entries, in the caller's transaction (or on their own when there is none). */
export async function recordEvents(db: Db, at: number, origin: AuditOrigin, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('audit_events')
    .values(
      entries.map((entry) => ({
        id: entryId(at),
        at,
        kind: entry.kind,
        actor_user_id: entry.actor,
        subject_user_id: entry.subject ?? null,
        workspace_id: entry.workspace ?? null,
        target: entry.target?.slice(0, MAX_DETAIL_LENGTH) ?? null,
        ip: origin.ip,
        client: origin.client?.slice(0, MAX_DETAIL_LENGTH) ?? null,
        worker: origin.worker?.slice(0, MAX_DETAIL_LENGTH) ?? null,
        user_agent: origin.userAgent?.slice(0, MAX_USER_AGENT_LENGTH) ?? null,
        details: shortDetails(entry.details),
      })),
    )
    .execute();
}

/** The common case: one entry about a call, from where the call came, at the server's now. */
export async function recordEvent(db: Db, ctx: { services: { now(): number }; request: RequestInfo }, entry: AuditEntry): Promise<void> {
  await recordEvents(db, ctx.services.now(), originOf(ctx.request), [entry]);
}
