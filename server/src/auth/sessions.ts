// Server-side sessions: every token names one, so sign-out and revocation take effect at once on every node.
// Only a hash of the session id is stored, so the database alone cannot be used to mint tokens.
//
// Sessions are keyed by (user, workspace, id), with no other index (migration 007), and a session id starts with
// its creation time, as does the stored key: a new row lands at the end of its member's range instead of on a
// random page, so a sign-in commit writes one or two pages.
import { CompiledQuery, sql, type Insertable, type SqlBool } from 'kysely';
import type { Db } from '../db/database.ts';
import type { SessionEnd, SessionsTable } from '../db/schema.ts';
import { randomUUID } from 'node:crypto';
import { sha256Hex } from '../shared/ids.ts';

type SessionRow = Omit<Insertable<SessionsTable>, 'revoked_at' | 'ended_by' | 'last_seen_at'>;

const SESSION_COLUMNS = ['id', 'user_id', 'workspace_id', 'credential_id', 'secret_generation', 'created_at', 'expires_at', 'ip', 'client', 'worker', 'user_agent'] as const;

/** Where a session is opened from, as the sessions list shows it. */
export interface SessionOrigin {
  ip: string;
  /** X-ClearML-Client or X-ClearML-Agent */
  client: string | undefined;
  /** X-ClearML-Worker: the machine's host name */
  worker: string | undefined;
  userAgent: string | undefined;
}

const MAX_USER_AGENT_LENGTH = 400;

/**
 * A new session's raw id, as the token carries it: the time in ms (12 hex digits), then a random uuid4 (122 random
 * bits; randomUUID draws from a pool, where randomBytes would make a system call per sign-in).
 */
export function newSessionId(now: number): string {
  return Math.floor(now).toString(16).padStart(12, '0').slice(-12) + randomUUID().replaceAll('-', '');
}

/**
 * The key the database keeps for a raw session id: its time part (not secret) and the hash of the whole id.
 * Sessions opened before ids carried their time (32 hex digits) are kept under the bare hash.
 */
export function storedSessionId(rawId: string): string {
  return rawId.length === 44 ? rawId.slice(0, 12) + sha256Hex(rawId) : sha256Hex(rawId);
}

/**
 * The most rows one INSERT carries. A batch up to this size (one per connection in flight, so nearly always) is a
 * single statement without a transaction around it; a larger one is cut into statements of this size, one
 * transaction. Each row count gets its statement compiled once, so at most this many are ever prepared.
 */
const MAX_ROWS_PER_INSERT = 64;

/**
 * Writes new sessions together: the sign-ins that reach this point in the same tick share one INSERT and one commit
 * instead of a commit each. Every sign-in still waits until its own row is committed, so a token is never handed out
 * before every node can find its session.
 *
 * The write is queued with process.nextTick, which Node runs once the promise jobs of the current tick have all run.
 * Key logins go on from the epoch read they share (sign-in-cache.ts) without any I/O of their own, so all of that
 * read's logins are queued here before the write starts, and they are answered in the same turn of the event loop
 * (setImmediate would hold them until the next turn).
 */
export class SessionWriter {
  private queue: Array<{ row: SessionRow; resolve: () => void; reject: (error: unknown) => void }> = [];
  private scheduled = false;
  private readonly statements = new Map<number, string>();

  constructor(private readonly db: Db) {}

  insert(row: SessionRow): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        process.nextTick(() => void this.writeQueued());
      }
    });
  }

  private async writeQueued(): Promise<void> {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    try {
      await this.write(batch.map((entry) => entry.row));
      for (const entry of batch) entry.resolve();
    } catch {
      // one bad row (its user deleted meanwhile) must not fail the others: write them one by one
      for (const entry of batch) {
        try {
          await this.write([entry.row]);
          entry.resolve();
        } catch (error) {
          entry.reject(error);
        }
      }
    }
  }

  private async write(rows: SessionRow[]): Promise<void> {
    if (rows.length <= MAX_ROWS_PER_INSERT) return this.insertChunk(this.db, rows);
    const chunks: SessionRow[][] = [];
    for (let start = 0; start < rows.length; start += MAX_ROWS_PER_INSERT) chunks.push(rows.slice(start, start + MAX_ROWS_PER_INSERT));
    await this.db.transaction().execute(async (tx) => {
      for (const chunk of chunks) await this.insertChunk(tx, chunk);
    });
  }

  private async insertChunk(db: Db, rows: SessionRow[]): Promise<void> {
    const values = rows.flatMap((row) => SESSION_COLUMNS.map((column) => row[column] ?? null));
    let text = this.statements.get(rows.length);
    if (!text) {
      // built from rows in SESSION_COLUMNS order, so the statement's columns are the order of `values`
      const ordered = rows.map((row) => Object.fromEntries(SESSION_COLUMNS.map((column) => [column, row[column] ?? null])) as SessionRow);
      text = this.db.insertInto('sessions').values(ordered).compile().sql;
      this.statements.set(rows.length, text);
    }
    await db.executeQuery(CompiledQuery.raw(text, values));
  }
}

/** Opens a session; returns its raw id (for the token) once the row is committed. Only the id's hash is stored. */
export async function createSession(
  writer: SessionWriter,
  input: { userId: string; workspaceId: string; credentialId?: string; secretGeneration?: number; now: number; expiresAt: number; origin: SessionOrigin },
): Promise<string> {
  const rawId = newSessionId(input.now);
  await writer.insert({
    id: storedSessionId(rawId),
    user_id: input.userId,
    workspace_id: input.workspaceId,
    credential_id: input.credentialId ?? null,
    secret_generation: input.secretGeneration ?? 1,
    created_at: input.now,
    expires_at: input.expiresAt,
    ip: input.origin.ip,
    client: input.origin.client?.slice(0, 100) ?? null,
    worker: input.origin.worker?.slice(0, 200) ?? null,
    user_agent: input.origin.userAgent?.slice(0, MAX_USER_AGENT_LENGTH) ?? null,
  });
  return rawId;
}

/** Which session: a token names all three (the raw id, its user and its workspace). */
export interface SessionKey {
  rawId: string;
  userId: string;
  workspaceId: string;
}

/** The session a token or cookie signed in with, if that is how the caller signed in. */
export function sessionOf(identity: { sessionId?: string | undefined; userId: string; workspaceId: string } | undefined): SessionKey | undefined {
  return identity?.sessionId ? { rawId: identity.sessionId, userId: identity.userId, workspaceId: identity.workspaceId } : undefined;
}

/** The unrevoked sessions of one member (a person in one workspace): a prefix of the table's key. */
function unrevokedOfMember(db: Db, userId: string, workspaceId: string) {
  return db.updateTable('sessions').where('user_id', '=', userId).where('workspace_id', '=', workspaceId).where('revoked_at', 'is', null);
}

function ended(now: number, by: SessionEnd) {
  return { revoked_at: now, ended_by: by };
}

export async function revokeSession(db: Db, key: SessionKey, now: number): Promise<void> {
  await unrevokedOfMember(db, key.userId, key.workspaceId).where('id', '=', storedSessionId(key.rawId)).set(ended(now, 'signed_out')).execute();
}

/** Signs a user out everywhere after their password changed, except (optionally) the session making the request. */
export async function revokeUserSessions(db: Db, userId: string, now: number, exceptRawId?: string): Promise<number> {
  let query = db.updateTable('sessions').set(ended(now, 'password_changed')).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (exceptRawId) query = query.where('id', '!=', storedSessionId(exceptRawId));
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Marks the sessions of a key pair revoked (the lookup already refuses them once the key pair is); reads only its owner's sessions. */
export async function revokeCredentialSessions(db: Db, owner: { userId: string; workspaceId: string; credentialId: string }, now: number): Promise<void> {
  await unrevokedOfMember(db, owner.userId, owner.workspaceId).where('credential_id', '=', owner.credentialId).set(ended(now, 'key_revoked')).execute();
}

/**
 * Ends the sessions of a key pair that were opened with another secret than the one it has now: those of the secret
 * a rotation replaced, when its overlap ends early (older), or those of the secret a rollback took back (newer).
 */
export async function revokeOtherSecretSessions(
  db: Db,
  key: { userId: string; workspaceId: string; credentialId: string; secretGeneration: number },
  now: number,
  which: 'older' | 'newer',
): Promise<void> {
  await unrevokedOfMember(db, key.userId, key.workspaceId)
    .where('credential_id', '=', key.credentialId)
    .where('secret_generation', which === 'older' ? '<' : '>', key.secretGeneration)
    .set(ended(now, which === 'older' ? 'secret_replaced' : 'rotation_rolled_back'))
    .execute();
}

export async function revokeMembershipSessions(db: Db, userId: string, workspaceId: string, now: number): Promise<void> {
  await unrevokedOfMember(db, userId, workspaceId).set(ended(now, 'membership_ended')).execute();
}

/** Why a well-signed token's session is no longer active, as its owner is told; asked only after the lookup refused it. */
export type EndedSessionReason = SessionEnd | 'expired' | 'unknown';

export async function whySessionEnded(db: Db, key: SessionKey, now: number): Promise<EndedSessionReason> {
  const row = await db
    .selectFrom('sessions as s')
    .leftJoin('memberships as m', (join) => join.onRef('m.workspace_id', '=', 's.workspace_id').onRef('m.user_id', '=', 's.user_id'))
    .leftJoin('credentials as c', 'c.id', 's.credential_id')
    .select(['s.revoked_at', 's.ended_by', 's.expires_at', 's.secret_generation', 'm.user_id as member', 'c.revoked_at as key_revoked_at', 'c.secret_generation as key_generation'])
    .where('s.user_id', '=', key.userId)
    .where('s.workspace_id', '=', key.workspaceId)
    .where('s.id', '=', storedSessionId(key.rawId))
    .executeTakeFirst();
  if (!row) return 'unknown';
  if (row.revoked_at !== null) return row.ended_by ?? 'signed_out';
  if (row.key_revoked_at !== null) return 'key_revoked';
  if (row.member === null) return 'membership_ended';
  if (row.key_generation !== null && row.secret_generation < row.key_generation) return 'secret_replaced';
  if (row.key_generation !== null && row.secret_generation > row.key_generation) return 'rotation_rolled_back';
  if (row.expires_at <= now) return 'expired';
  return 'unknown';
}

const PURGE_CHUNK = 2000;

/**
 * Drops sessions that expired more than a day ago; revoked ones stay until they would have expired. Sessions have
 * no index by expiry (a key login writes one b-tree, see migration 007), so this walks the table in key order, one
 * chunk at a time, letting other work run between chunks. Returns how many it dropped.
 */
export async function purgeExpiredSessions(db: Db, now: number): Promise<number> {
  const cutoff = now - 24 * 3600 * 1000;
  let after: { user_id: string; workspace_id: string; id: string } | undefined;
  let purged = 0;
  for (;;) {
    let query = db
      .selectFrom('sessions')
      .select(['user_id', 'workspace_id', 'id', 'expires_at'])
      .orderBy('user_id')
      .orderBy('workspace_id')
      .orderBy('id')
      .limit(PURGE_CHUNK);
    if (after) {
      const { user_id, workspace_id, id } = after;
      query = query.where((eb) => eb(eb.refTuple('user_id', 'workspace_id', 'id'), '>', eb.tuple(user_id, workspace_id, id)));
    }
    const chunk = await query.execute();
    const expired = chunk.filter((row) => row.expires_at < cutoff);
    if (expired.length > 0) {
      const result = await db
        .deleteFrom('sessions')
        .where((eb) => eb(eb.refTuple('user_id', 'workspace_id', 'id'), 'in', expired.map((row) => eb.tuple(row.user_id, row.workspace_id, row.id))))
        .where('expires_at', '<', cutoff)
        .executeTakeFirst();
      purged += Number(result.numDeletedRows);
    }
    if (chunk.length < PURGE_CHUNK) return purged;
    after = chunk[chunk.length - 1];
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * For a session s opened with the key pair c: whether the secret it was opened with still opens sessions (the key
 * pair's secret, or the one a rotation replaced, until its overlap ends). The sign-in lookup applies the same rule.
 */
function openedWithLiveSecret(now: number) {
  return sql<SqlBool>`(s.secret_generation = c.secret_generation or (s.secret_generation = c.secret_generation - 1 and c.previous_secret_ends_at > ${now}))`;
}

/** The caller's active sessions, most recently used first (at most `limit`), and how many there are. */
export async function listActiveSessions(db: Db, userId: string, now: number, limit: number) {
  const active = db
    .selectFrom('sessions as s')
    .innerJoin('memberships as m', (join) => join.onRef('m.workspace_id', '=', 's.workspace_id').onRef('m.user_id', '=', 's.user_id'))
    .innerJoin('workspaces as w', 'w.id', 's.workspace_id')
    .leftJoin('credentials as c', 'c.id', 's.credential_id')
    .where('s.user_id', '=', userId)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', now)
    .where((eb) => eb.or([eb('s.credential_id', 'is', null), eb.and([eb('c.revoked_at', 'is', null), openedWithLiveSecret(now)])]));
  const rows = await active
    .select(['s.id', 's.created_at', 's.expires_at', 's.last_seen_at', 's.ip', 's.client', 's.worker', 's.user_agent', 'w.id as workspace_id', 'w.name as workspace_name', 'c.access_key', 'c.label', 's.secret_generation', 'c.secret_generation as key_generation', 'c.previous_secret_ends_at'])
    .orderBy((eb) => eb.fn.coalesce('s.last_seen_at', 's.created_at'), 'desc')
    .orderBy('s.id', 'desc')
    .limit(limit)
    .execute();
  const { n } = await active.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(n) };
}

/** Ends one of the person's sessions by its stored id; 0 when they have no active session of that id. */
export async function revokeSessionById(db: Db, userId: string, storedId: string, now: number): Promise<number> {
  const result = await db
    .updateTable('sessions')
    .set(ended(now, 'ended_elsewhere'))
    .where('user_id', '=', userId)
    .where('id', '=', storedId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Ends every password session of the person (in every workspace) but the one given; key pairs' sessions stay. */
export async function revokeOtherPasswordSessions(db: Db, userId: string, now: number, exceptRawId: string | undefined): Promise<number> {
  let query = db.updateTable('sessions').set(ended(now, 'ended_elsewhere')).where('user_id', '=', userId).where('revoked_at', 'is', null).where('credential_id', 'is', null);
  if (exceptRawId) query = query.where('id', '!=', storedSessionId(exceptRawId));
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
