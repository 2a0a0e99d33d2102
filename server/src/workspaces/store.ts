import { sql } from 'kysely';
import { locksRows, type Db } from '../db/database.ts';
import type { MemberRole } from '../db/schema.ts';
import { newId } from '../shared/ids.ts';

export interface UserWorkspace {
  id: string;
  name: string;
  role: MemberRole;
  allocated: number;
  /** the workspace's own limit, before the server-wide cap (seats.ts) */
  maxMembers: number | null;
  whoCanInvite: 'admins' | 'members';
  requiresTwoFactor: boolean;
  /** new key pairs live at most this many days; null: no maximum */
  maxKeyLifetimeDays: number | null;
  /** key pairs unused for this many days are revoked; null: never */
  revokeUnusedKeyPairsAfterDays: number | null;
  personal: boolean;
  /** how many owners it has (whether the caller, if one, is the last) */
  owners: number;
}

export async function insertWorkspace(
  db: Db,
  input: { name: string; personalOfUserId?: string; now: number; id?: string },
): Promise<string> {
  const id = input.id ?? newId();
  await db
    .insertInto('workspaces')
    .values({
      id,
      name: input.name,
      max_members: null,
      who_can_invite: 'admins',
      personal_of_user_id: input.personalOfUserId ?? null,
      created_at: input.now,
    })
    .execute();
  return id;
}

export async function insertMembership(db: Db, input: { workspaceId: string; userId: string; role: MemberRole; now: number }): Promise<void> {
  await db
    .insertInto('memberships')
    .values({ workspace_id: input.workspaceId, user_id: input.userId, role: input.role, joined_at: input.now, last_active_at: null })
    .execute();
}

export async function findMembership(db: Db, workspaceId: string, userId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .select(['m.role', 'w.id', 'w.name', 'w.require_two_factor'])
    .where('m.workspace_id', '=', workspaceId)
    .where('m.user_id', '=', userId)
    .executeTakeFirst();
}

/** The workspace a user signs into: the one they used last, if still a member, else the first they joined. */
export async function signInWorkspace(db: Db, userId: string, preferredId: string | null) {
  if (preferredId) {
    const preferred = await findMembership(db, preferredId, userId);
    if (preferred) return preferred;
  }
  return db
    .selectFrom('memberships as m')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .select(['m.role', 'w.id', 'w.name', 'w.require_two_factor'])
    .where('m.user_id', '=', userId)
    .orderBy('m.joined_at', 'asc')
    .orderBy('w.id', 'asc')
    .executeTakeFirst();
}

export async function listUserWorkspaces(db: Db, userId: string): Promise<UserWorkspace[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .select((eb) => [
      'w.id',
      'w.name',
      'm.role',
      'w.max_members',
      'w.who_can_invite',
      'w.require_two_factor',
      'w.max_key_lifetime_days',
      'w.revoke_unused_key_pairs_after_days',
      'w.personal_of_user_id',
      eb.selectFrom('memberships as all_m').whereRef('all_m.workspace_id', '=', 'w.id').select(eb.fn.countAll().as('n')).as('allocated'),
      eb
        .selectFrom('memberships as owner_m')
        .whereRef('owner_m.workspace_id', '=', 'w.id')
        .where('owner_m.role', '=', 'owner')
        .select(eb.fn.countAll().as('n'))
        .as('owners'),
    ])
    .where('m.user_id', '=', userId)
    .orderBy('m.joined_at', 'asc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    role: row.role,
    allocated: Number(row.allocated),
    maxMembers: row.max_members,
    whoCanInvite: row.who_can_invite,
    requiresTwoFactor: Number(row.require_two_factor) === 1,
    maxKeyLifetimeDays: row.max_key_lifetime_days,
    revokeUnusedKeyPairsAfterDays: row.revoke_unused_key_pairs_after_days,
    personal: row.personal_of_user_id === userId,
    owners: Number(row.owners),
  }));
}

export async function findWorkspace(db: Db, id: string) {
  return db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Serializes changes to a workspace's membership (PostgreSQL row lock; SQLite transactions are already serial). */
export async function lockWorkspace(db: Db, id: string) {
  let query = db.selectFrom('workspaces').selectAll().where('id', '=', id);
  if (locksRows(db)) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function countMembers(db: Db, workspaceId: string, role?: MemberRole): Promise<number> {
  let query = db.selectFrom('memberships').select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', workspaceId);
  if (role) query = query.where('role', '=', role);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

export async function listMembers(db: Db, workspaceId: string, options: { search?: string; offset: number; limit: number }) {
  let query = db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .where('m.workspace_id', '=', workspaceId);
  if (options.search) {
    const pattern = `%${options.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // ESCAPE is explicit: PostgreSQL defaults to backslash, SQLite has no default escape character
    query = query.where(sql<boolean>`(lower(u.name) like ${pattern} escape '\\' or u.email like ${pattern} escape '\\')`);
  }
  const total = Number((await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await query
    .leftJoin('two_factor as tf', 'tf.user_id', 'u.id')
    .select(['u.id', 'u.name', 'u.email', 'm.role', 'm.joined_at', 'm.last_active_at', 'tf.enabled_at as two_factor_enabled_at'])
    .orderBy('m.joined_at', 'asc')
    .orderBy('u.id', 'asc')
    .offset(options.offset)
    .limit(options.limit)
    .execute();
  return { total, rows };
}

/** Members who sign in without two-factor (none set up, or an enrolment not finished). */
export async function countMembersWithoutTwoFactor(db: Db, workspaceId: string): Promise<number> {
  const row = await db
    .selectFrom('memberships as m')
    .leftJoin('two_factor as tf', 'tf.user_id', 'm.user_id')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('m.workspace_id', '=', workspaceId)
    .where('tf.enabled_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function setMemberRole(db: Db, workspaceId: string, userId: string, role: MemberRole): Promise<void> {
  await db.updateTable('memberships').set({ role }).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
}

export async function deleteMembership(db: Db, workspaceId: string, userId: string): Promise<void> {
  await db.deleteFrom('memberships').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
}

export async function updateWorkspace(
  db: Db,
  id: string,
  fields: { name?: string; max_members?: number | null; who_can_invite?: 'admins' | 'members'; require_two_factor?: number; max_key_lifetime_days?: number | null; revoke_unused_key_pairs_after_days?: number | null },
): Promise<void> {
  await db.updateTable('workspaces').set(fields).where('id', '=', id).execute();
}
