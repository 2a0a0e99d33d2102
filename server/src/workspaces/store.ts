import type { Db } from '../db/database.ts';
import type { MemberRole } from '../db/schema.ts';
import { newId } from '../shared/ids.ts';

export interface UserWorkspace {
  id: string;
  name: string;
  role: MemberRole;
  allocated: number;
  allowed: number | null;
  personal: boolean;
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
    .select(['m.role', 'w.id', 'w.name'])
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
    .select(['m.role', 'w.id', 'w.name'])
    .where('m.user_id', '=', userId)
    .orderBy('m.joined_at', 'asc')
    .orderBy('w.id', 'asc')
    .executeTakeFirst();
}

export async function listUserWorkspaces(db: Db, userId: string, serverMaxMembers: number | null): Promise<UserWorkspace[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .select((eb) => [
      'w.id',
      'w.name',
      'm.role',
      'w.max_members',
      'w.personal_of_user_id',
      eb.selectFrom('memberships as all_m').whereRef('all_m.workspace_id', '=', 'w.id').select(eb.fn.countAll().as('n')).as('allocated'),
    ])
    .where('m.user_id', '=', userId)
    .orderBy('m.joined_at', 'asc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    role: row.role,
    allocated: Number(row.allocated),
    allowed: effectiveMemberLimit(row.max_members, serverMaxMembers),
    personal: row.personal_of_user_id !== null,
  }));
}

/** Pure rule: a workspace's own limit, capped by the server-wide one; null means no limit. */
export function effectiveMemberLimit(workspaceLimit: number | null, serverLimit: number | null): number | null {
  if (workspaceLimit === null) return serverLimit;
  if (serverLimit === null) return workspaceLimit;
  return Math.min(workspaceLimit, serverLimit);
}
