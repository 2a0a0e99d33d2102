import type { UpdateQueryBuilder, UpdateResult } from 'kysely';
import { locksRows, type Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { newId } from '../shared/ids.ts';
import { hashSecret, newAccessKey, newSecretKey } from './keys.ts';

export interface CredentialRow {
  id: string;
  access_key: string;
  label: string | null;
  created_at: number;
  last_used_at: number | null;
  last_used_from: string | null;
  last_used_client: string | null;
  expires_at: number | null;
  last_used_worker: string | null;
  rotated_at: number | null;
  previous_secret_ends_at: number | null;
  previous_used_at: number | null;
  previous_used_from: string | null;
  previous_used_client: string | null;
  previous_used_worker: string | null;
}

const CREDENTIAL_COLUMNS = [
  'id',
  'access_key',
  'label',
  'created_at',
  'last_used_at',
  'last_used_from',
  'last_used_client',
  'expires_at',
  'last_used_worker',
  'rotated_at',
  'previous_secret_ends_at',
  'previous_used_at',
  'previous_used_from',
  'previous_used_client',
  'previous_used_worker',
] as const;

export async function countActiveCredentials(db: Db, userId: string, workspaceId: string): Promise<number> {
  const row = await db
    .selectFrom('credentials')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('user_id', '=', userId)
    .where('workspace_id', '=', workspaceId)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertCredentials(
  db: Db,
  input: { userId: string; workspaceId: string; label: string | null; expiresAt: number | null; now: number },
): Promise<{ accessKey: string; secretKey: string; id: string }> {
  const id = newId();
  const accessKey = newAccessKey();
  const secretKey = newSecretKey();
  await db
    .insertInto('credentials')
    .values({
      id,
      access_key: accessKey,
      secret_hash: hashSecret(secretKey),
      user_id: input.userId,
      workspace_id: input.workspaceId,
      label: input.label,
      created_at: input.now,
      last_used_at: null,
      last_used_from: null,
      last_used_client: null,
      revoked_at: null,
      expires_at: input.expiresAt,
    })
    .execute();
  return { id, accessKey, secretKey };
}

export async function listCredentials(db: Db, userId: string, workspaceId: string): Promise<CredentialRow[]> {
  return db
    .selectFrom('credentials')
    .select(CREDENTIAL_COLUMNS)
    .where('user_id', '=', userId)
    .where('workspace_id', '=', workspaceId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'asc')
    .execute();
}

/** The caller's own unrevoked key in this workspace. */
export async function findOwnCredential(db: Db, userId: string, workspaceId: string, accessKey: string): Promise<CredentialRow | undefined> {
  return db
    .selectFrom('credentials')
    .select(CREDENTIAL_COLUMNS)
    .where('access_key', '=', accessKey)
    .where('user_id', '=', userId)
    .where('workspace_id', '=', workspaceId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/**
 * Locks the membership a key pair is made in, until the transaction ends (PostgreSQL), and says whether it exists:
 * key pairs of one member are then made one at a time (the count under the limit holds), and a member leaving at the
 * same moment either happens first (no key is made) or waits, then revokes the new key with the others.
 * The workspace row is taken first, FOR KEY SHARE (what the new row's foreign key takes anyway), in the order
 * leaving takes them (workspace, then membership), so the two never wait on each other crosswise.
 */
/** The workspace's rules for key pairs, in days: the maximum lifetime of new ones, and after how long unused ones go (null: none). */
export async function keyPairRules(db: Db, workspaceId: string): Promise<{ maxLifetimeDays: number | null; revokeUnusedAfterDays: number | null }> {
  const row = await db.selectFrom('workspaces').select(['max_key_lifetime_days', 'revoke_unused_key_pairs_after_days']).where('id', '=', workspaceId).executeTakeFirst();
  return { maxLifetimeDays: row?.max_key_lifetime_days ?? null, revokeUnusedAfterDays: row?.revoke_unused_key_pairs_after_days ?? null };
}

/** The membership locked for making a key pair, with the workspace's maximum key lifetime; undefined when not a member. */
export async function lockMembershipForCredentials(tx: Db, userId: string, workspaceId: string): Promise<{ maxKeyLifetimeDays: number | null } | undefined> {
  let workspace = tx.selectFrom('workspaces').select('max_key_lifetime_days').where('id', '=', workspaceId);
  if (locksRows(tx)) workspace = workspace.forKeyShare();
  const row = await workspace.executeTakeFirst();
  let query = tx.selectFrom('memberships').select('user_id').where('workspace_id', '=', workspaceId).where('user_id', '=', userId);
  if (locksRows(tx)) query = query.forNoKeyUpdate();
  if (!row || !(await query.executeTakeFirst())) return undefined;
  return { maxKeyLifetimeDays: row.max_key_lifetime_days === null ? null : Number(row.max_key_lifetime_days) };
}

/**
 * Relabels the caller's own unrevoked key, in one statement, only if the label differs: of two calls making the same
 * change only one reports it, and a key revoked meanwhile is left alone.
 */
export async function relabelOwnCredential(
  db: Db,
  owner: { userId: string; workspaceId: string },
  accessKey: string,
  label: string | null,
): Promise<'updated' | 'unchanged' | 'not-found'> {
  const result = await db
    .updateTable('credentials')
    .set({ label })
    .where('access_key', '=', accessKey)
    .where('user_id', '=', owner.userId)
    .where('workspace_id', '=', owner.workspaceId)
    .where('revoked_at', 'is', null)
    .where('label', 'is distinct from', label)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 1) return 'updated';
  return (await findOwnCredential(db, owner.userId, owner.workspaceId, accessKey)) ? 'unchanged' : 'not-found';
}

/** Revokes the caller's own unrevoked key, in one statement; its id, or undefined when there was none to revoke. */
export async function revokeOwnCredential(db: Db, owner: { userId: string; workspaceId: string }, accessKey: string, now: number): Promise<string | undefined> {
  const row = await db
    .updateTable('credentials')
    .set({ revoked_at: now })
    .where('access_key', '=', accessKey)
    .where('user_id', '=', owner.userId)
    .where('workspace_id', '=', owner.workspaceId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** Revokes every key a user holds in a workspace (on leaving or removal). Returns their ids. */
export async function revokeMemberCredentials(db: Db, userId: string, workspaceId: string, now: number): Promise<string[]> {
  const rows = await db
    .updateTable('credentials')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('workspace_id', '=', workspaceId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Nothing of a rotation's old secret's use is known yet: each rotation starts this afresh. */
const NO_PREVIOUS_USE = { previous_used_at: null, previous_used_from: null, previous_used_client: null, previous_used_worker: null };

/**
 * Gives the caller's own key a new secret, in one statement: the secret it had becomes the previous one, which keeps
 * working until `previousEndsAt` (null: it stops at once). Only a key in no rotation (or one whose overlap is over) that has not expired: of two
 * rotations at once one goes through, and the other is told a rotation is under way. Returns the key's id and the new
 * secret's generation, or undefined.
 */
export async function rotateOwnCredential(
  db: Db,
  owner: { userId: string; workspaceId: string },
  accessKey: string,
  input: { secretHash: string; previousEndsAt: number | null; now: number },
): Promise<{ id: string; generation: number; label: string | null; expiresAt: number | null } | undefined> {
  const row = await db
    .updateTable('credentials')
    .set((eb) => ({
      // null: the old secret stops at once, and nothing of it is kept
      previous_secret_hash: input.previousEndsAt === null ? null : eb.ref('secret_hash'),
      secret_hash: input.secretHash,
      secret_generation: eb('secret_generation', '+', 1),
      previous_secret_ends_at: input.previousEndsAt,
      rotated_at: input.now,
      ...NO_PREVIOUS_USE,
    }))
    .where('access_key', '=', accessKey)
    .where('user_id', '=', owner.userId)
    .where('workspace_id', '=', owner.workspaceId)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('previous_secret_ends_at', 'is', null), eb('previous_secret_ends_at', '<=', input.now)]))
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', input.now)]))
    .returning(['id', 'secret_generation', 'label', 'expires_at'])
    .executeTakeFirst();
  return row ? { id: row.id, generation: Number(row.secret_generation), label: row.label, expiresAt: row.expires_at === null ? null : Number(row.expires_at) } : undefined;
}

/**
 * Ends the overlap of the caller's own key's rotation now, in one statement, if one lasts: the previous secret stops
 * working. Returns the key's id and its secret's generation, or undefined when there was no overlap to end.
 */
export async function endOwnRotationOverlap(db: Db, owner: { userId: string; workspaceId: string }, accessKey: string, now: number) {
  const ended = db.updateTable('credentials').set({ previous_secret_hash: null, previous_secret_ends_at: now });
  return finishRotation(ended, owner, accessKey, now);
}

/**
 * Takes the caller's own key's rotation back while its overlap lasts, in one statement: the previous secret is the
 * key's secret again and the one the rotation gave stops working. Returns the key's id and the generation of its
 * secret now, or undefined when there was no rotation to take back.
 */
export async function rollBackOwnRotation(db: Db, owner: { userId: string; workspaceId: string }, accessKey: string, now: number) {
  const rolledBack = db.updateTable('credentials').set((eb) => ({
    secret_hash: eb.fn.coalesce('previous_secret_hash', 'secret_hash'),
    secret_generation: eb('secret_generation', '-', 1),
    previous_secret_hash: null,
    previous_secret_ends_at: null,
    rotated_at: null,
    ...NO_PREVIOUS_USE,
  }));
  return finishRotation(rolledBack, owner, accessKey, now);
}

/** The change, made only to the caller's own unrevoked key while its rotation's overlap lasts. */
async function finishRotation(
  change: UpdateQueryBuilder<Database, 'credentials', 'credentials', UpdateResult>,
  owner: { userId: string; workspaceId: string },
  accessKey: string,
  now: number,
): Promise<{ id: string; generation: number } | undefined> {
  const row = await change
    .where('access_key', '=', accessKey)
    .where('user_id', '=', owner.userId)
    .where('workspace_id', '=', owner.workspaceId)
    .where('revoked_at', 'is', null)
    .where('previous_secret_hash', 'is not', null)
    .where('previous_secret_ends_at', '>', now)
    .returning(['id', 'secret_generation'])
    .executeTakeFirst();
  return row ? { id: row.id, generation: Number(row.secret_generation) } : undefined;
}
