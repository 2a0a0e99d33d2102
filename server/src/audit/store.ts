// Reading the logs newest first by keyset over (at, id), and dropping what is past its retention.
import { AUDIT_EVENT_KINDS, type AuditDetails, type AuditEvent, type AuditEventKind } from '@foyer/contract';
import type { Db } from '../db/database.ts';
import { isoTime } from '../shared/time.ts';
import { describeClient } from '../auth/session-clients.ts';

export interface AuditQuery {
  /** one person's log: entries about their account */
  subject?: string;
  /** one workspace's log */
  workspace?: string;
  /** in a workspace's log: entries this person made or that are about them */
  person?: string;
  /** kinds ("key.revoked") or groups ("key") */
  kinds?: string[];
  after?: AuditCursor;
  limit: number;
}

export interface AuditCursor {
  at: number;
  id: string;
}

export function encodeCursor(cursor: AuditCursor): string {
  return Buffer.from(`${cursor.at}.${cursor.id}`).toString('base64url');
}

/** undefined for anything next_cursor did not produce */
export function decodeCursor(text: string): AuditCursor | undefined {
  const match = /^(\d{1,16})\.([0-9a-f]{32})$/.exec(Buffer.from(text, 'base64url').toString('latin1'));
  return match ? { at: Number(match[1]), id: match[2]! } : undefined;
}

/** Groups ("key") stand for every kind in them. */
export function expandKinds(kinds: string[]): AuditEventKind[] {
  return AUDIT_EVENT_KINDS.filter((kind) => kinds.includes(kind) || kinds.includes(kind.slice(0, kind.indexOf('.'))));
}

export async function listAuditEvents(db: Db, query: AuditQuery): Promise<{ events: AuditEvent[]; next: AuditCursor | null }> {
  let q = db
    .selectFrom('audit_events as e')
    .leftJoin('users as actor', 'actor.id', 'e.actor_user_id')
    .leftJoin('users as subject', 'subject.id', 'e.subject_user_id')
    .leftJoin('workspaces as w', 'w.id', 'e.workspace_id')
    .select([
      'e.id',
      'e.at',
      'e.kind',
      'e.actor_user_id',
      'e.subject_user_id',
      'e.workspace_id',
      'e.target',
      'e.ip',
      'e.client',
      'e.worker',
      'e.user_agent',
      'e.details',
      'actor.name as actor_name',
      'actor.email as actor_email',
      'subject.name as subject_name',
      'subject.email as subject_email',
      'w.name as workspace_name',
    ]);
  if (query.subject !== undefined) q = q.where('e.subject_user_id', '=', query.subject);
  if (query.workspace !== undefined) q = q.where('e.workspace_id', '=', query.workspace);
  if (query.person !== undefined) {
    const person = query.person;
    q = q.where((eb) => eb.or([eb('e.actor_user_id', '=', person), eb('e.subject_user_id', '=', person)]));
  }
  if (query.kinds) q = q.where('e.kind', 'in', expandKinds(query.kinds));
  if (query.after) {
    const { at, id } = query.after;
    q = q.where((eb) => eb.or([eb('e.at', '<', at), eb.and([eb('e.at', '=', at), eb('e.id', '<', id)])]));
  }
  const rows = await q.orderBy('e.at', 'desc').orderBy('e.id', 'desc').limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const events = page.map((row): AuditEvent => {
    const at = Number(row.at);
    const hasClient = row.client !== null || row.user_agent !== null || row.worker !== null;
    return {
      id: row.id,
      at: isoTime(at),
      kind: row.kind as AuditEventKind,
      actor: row.actor_user_id ? { id: row.actor_user_id, name: row.actor_name, email: row.actor_email } : null,
      subject: row.subject_user_id ? { id: row.subject_user_id, name: row.subject_name, email: row.subject_email } : null,
      workspace: row.workspace_id ? { id: row.workspace_id, name: row.workspace_name } : null,
      target: row.target,
      ip: row.ip,
      client: hasClient ? describeClient(row) : null,
      details: JSON.parse(row.details) as AuditDetails,
    };
  });
  return { events, next: rows.length > query.limit && last ? { at: Number(last.at), id: last.id } : null };
}

const PURGE_CHUNK = 5000;

/** Deletes entries older than the retention, a chunk at a time so other work runs between chunks. */
export async function purgeOldAuditEvents(db: Db, now: number, retentionDays: number): Promise<number> {
  if (retentionDays === 0) return 0;
  const cutoff = now - retentionDays * 24 * 3600 * 1000;
  let purged = 0;
  for (;;) {
    const result = await db
      .deleteFrom('audit_events')
      .where('id', 'in', (eb) => eb.selectFrom('audit_events').select('id').where('at', '<', cutoff).limit(PURGE_CHUNK))
      .executeTakeFirst();
    const deleted = Number(result.numDeletedRows);
    purged += deleted;
    if (deleted < PURGE_CHUNK) return purged;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
