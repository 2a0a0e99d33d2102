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

export async function findInviteByToken(db: Db, token: string): Promise<InviteRow | undefined> {
  return db.selectFrom('invites').selectAll().where('token_hash', '=', sha256Hex(token)).executeTakeFirst();
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
