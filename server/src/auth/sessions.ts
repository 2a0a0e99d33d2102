// Server-side sessions: every token names one, so sign-out and revocation take effect at once on every node.
// Only a hash of the session id is stored, so the database alone cannot be used to mint tokens.
import type { Db } from '../db/database.ts';
import type { Principal } from './identity.ts';
import { newId, sha256Hex } from '../shared/ids.ts';
import { precompile } from '../db/precompiled.ts';

export interface ActiveSession extends Principal {
  credentialId: string | null;
  lastActiveAt: number | null;
}

export async function createSession(
  db: Db,
  input: { userId: string; workspaceId: string; credentialId?: string; now: number; expiresAt: number },
): Promise<string> {
  const rawId = newId();
  await db
    .insertInto('sessions')
    .values({
      id: sha256Hex(rawId),
      user_id: input.userId,
      workspace_id: input.workspaceId,
      credential_id: input.credentialId ?? null,
      created_at: input.now,
      expires_at: input.expiresAt,
      revoked_at: null,
    })
    .execute();
  return rawId;
}

const activeSessionQuery = precompile<{ id: string; now: number }>()((db, param) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('memberships as m', (join) => join.onRef('m.workspace_id', '=', 's.workspace_id').onRef('m.user_id', '=', 's.user_id'))
    .innerJoin('workspaces as w', 'w.id', 's.workspace_id')
    .select(['s.user_id', 'u.name', 'u.email', 'u.server_role', 's.workspace_id', 'w.name as workspace_name', 'm.role', 'm.last_active_at', 's.credential_id'])
    .where('s.id', '=', param('id'))
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', param('now')),
);

/** The session with its user and membership, if it is unrevoked, unexpired, and the user is still a member. */
export async function findActiveSession(db: Db, rawId: string, now: number): Promise<ActiveSession | undefined> {
  const [row] = await activeSessionQuery(db, { id: sha256Hex(rawId), now });
  if (!row) return undefined;
  return {
    userId: row.user_id,
    userName: row.name,
    email: row.email,
    serverRole: row.server_role,
    workspaceId: row.workspace_id,
    workspaceName: row.workspace_name,
    memberRole: row.role,
    lastActiveAt: row.last_active_at,
    credentialId: row.credential_id,
  };
}

export async function revokeSession(db: Db, rawId: string, now: number): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now }).where('id', '=', sha256Hex(rawId)).where('revoked_at', 'is', null).execute();
}

/** Signs a user out everywhere, except (optionally) the session making the request. */
export async function revokeUserSessions(db: Db, userId: string, now: number, exceptRawId?: string): Promise<number> {
  let query = db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (exceptRawId) query = query.where('id', '!=', sha256Hex(exceptRawId));
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function revokeCredentialSessions(db: Db, credentialId: string, now: number): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now }).where('credential_id', '=', credentialId).where('revoked_at', 'is', null).execute();
}

export async function revokeMembershipSessions(db: Db, userId: string, workspaceId: string, now: number): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('workspace_id', '=', workspaceId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Drops sessions that expired more than a day ago; revoked ones stay until they would have expired. */
export async function purgeExpiredSessions(db: Db, now: number): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', now - 24 * 3600 * 1000).execute();
}
