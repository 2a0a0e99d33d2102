import type { Db } from '../db/database.ts';
import type { InvitesTable } from '../db/schema.ts';
import { sha256Hex } from '../shared/ids.ts';

export type InviteRow = InvitesTable;

/** The email domains a link admits (stored as a JSON array), or null for any. */
export function emailDomainsOf(invite: Pick<InviteRow, 'email_domains'>): string[] | null {
  return invite.email_domains ? (JSON.parse(invite.email_domains) as string[]) : null;
}

export async function insertInvite(db: Db, invite: InviteRow): Promise<void> {
  await db.insertInto('invites').values(invite).execute();
}

/** The invitation of a link: its own token, or the token of one of the mails it was sent in (invite_sends). */
export async function findInviteByToken(db: Db, token: string): Promise<InviteRow | undefined> {
  const tokenHash = sha256Hex(token);
  const own = await db.selectFrom('invites').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  if (own) return own;
  return db.selectFrom('invites as i').innerJoin('invite_sends as s', 's.invite_id', 'i.id').selectAll('i').where('s.token_hash', '=', tokenHash).executeTakeFirst();
}

export async function findInvite(db: Db, id: string): Promise<InviteRow | undefined> {
  return db.selectFrom('invites').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listInvites(db: Db, workspaceId: string, createdBy?: string) {
  let query = db
    .selectFrom('invites as i')
    .innerJoin('users as u', 'u.id', 'i.created_by')
    .selectAll('i')
    .select('u.name as created_by_name')
    .where('i.workspace_id', '=', workspaceId)
    .orderBy('i.created_at', 'desc');
  if (createdBy) query = query.where('i.created_by', '=', createdBy);
  return query.execute();
}

export async function listInviteUses(db: Db, inviteIds: string[]) {
  if (inviteIds.length === 0) return [];
  return db
    .selectFrom('invite_uses as iu')
    .innerJoin('users as u', 'u.id', 'iu.user_id')
    .select(['iu.invite_id', 'iu.user_id', 'u.name', 'u.email', 'iu.joined_at'])
    .where('iu.invite_id', 'in', inviteIds)
    .orderBy('iu.joined_at', 'asc')
    .execute();
}

/** Takes one use of a link in one statement (uses = uses + 1 while uses < max_uses); false when none was left. */
export async function takeInviteUse(db: Db, id: string): Promise<boolean> {
  const result = await db
    .updateTable('invites')
    .set((eb) => ({ uses: eb('uses', '+', 1) }))
    .where('id', '=', id)
    .where((eb) => eb('uses', '<', eb.ref('max_uses')))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Takes the link's turn to be mailed, in one guarded statement: true when it was last sent at least `intervalMs` ago
 * (or never); the caller gives it back (releaseSendTurn) if the mail does not go out.
 */
export async function takeSendTurn(db: Db, id: string, now: number, intervalMs: number): Promise<boolean> {
  const result = await db
    .updateTable('invites')
    .set({ last_sent_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_sent_at', 'is', null), eb('last_sent_at', '<=', now - intervalMs)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function releaseSendTurn(db: Db, id: string, takenAt: number, previous: number | null): Promise<void> {
  await db.updateTable('invites').set({ last_sent_at: previous }).where('id', '=', id).where('last_sent_at', '=', takenAt).execute();
}

/** The latest mail of each of these links: when, and to whom. */
export async function lastSends(db: Db, inviteIds: string[]): Promise<Map<string, { at: number; to: string }>> {
  const latest = new Map<string, { at: number; to: string }>();
  if (inviteIds.length === 0) return latest;
  const rows = await db.selectFrom('invite_sends').select(['invite_id', 'email', 'sent_at']).where('invite_id', 'in', inviteIds).orderBy('sent_at', 'asc').execute();
  for (const row of rows) latest.set(row.invite_id, { at: row.sent_at, to: row.email });
  return latest;
}

export async function revokeInvite(db: Db, id: string, now: number): Promise<void> {
  await db.updateTable('invites').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** Pure rule: the state of a link at a moment. */
export function inviteStatus(invite: Pick<InviteRow, 'revoked_at' | 'expires_at' | 'uses' | 'max_uses'>, now: number) {
  if (invite.revoked_at !== null) return 'revoked' as const;
  if (invite.uses >= invite.max_uses) return 'used_up' as const;
  if (invite.expires_at <= now) return 'expired' as const;
  return 'pending' as const;
}
