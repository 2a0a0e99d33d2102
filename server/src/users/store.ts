import { locksRows, type Db } from '../db/database.ts';
import type { ServerRole, UsersTable } from '../db/schema.ts';
import { precompile } from '../db/precompiled.ts';
import { normalizeEmail } from '@foyer/contract';

export { normalizeEmail };

export type UserRow = UsersTable;

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
}

const userByIdQuery = precompile<{ id: string }>()((db, param) => db.selectFrom('users').selectAll().where('id', '=', param('id')));

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return (await userByIdQuery(db, { id }))[0];
}

export async function insertUser(
  db: Db,
  user: { id: string; email: string; name: string; passwordHash: string; serverRole: ServerRole; now: number; emailVerified?: boolean },
): Promise<void> {
  const [given, ...family] = user.name.split(/\s+/);
  await db
    .insertInto('users')
    .values({
      id: user.id,
      email: normalizeEmail(user.email),
      name: user.name,
      given_name: given || null,
      family_name: family.length > 0 ? family.join(' ') : null,
      password_hash: user.passwordHash,
      server_role: user.serverRole,
      preferences: '{}',
      active_workspace_id: null,
      created_at: user.now,
      email_verified_at: user.emailVerified ? user.now : null,
      verification_sent_at: null,
    })
    .execute();
}

export async function updateUserNames(
  db: Db,
  id: string,
  fields: { name?: string; given_name?: string | null; family_name?: string | null },
): Promise<void> {
  await db.updateTable('users').set(fields).where('id', '=', id).execute();
}

export async function setPasswordHash(db: Db, id: string, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute();
}

/** Replaces the password hash only if it is still the one the caller checked; false when it changed meanwhile. */
export async function swapPasswordHash(db: Db, id: string, checkedHash: string, passwordHash: string): Promise<boolean> {
  const result = await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).where('password_hash', '=', checkedHash).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The user, with the row locked until the transaction ends (PostgreSQL), for a change computed from what it holds.
 * FOR NO KEY UPDATE, the lock an UPDATE of the row takes anyway: sign-ins inserting sessions (whose foreign key
 * takes FOR KEY SHARE on the user) are not held up.
 */
export async function lockUser(tx: Db, id: string): Promise<UserRow | undefined> {
  let query = tx.selectFrom('users').selectAll().where('id', '=', id);
  if (locksRows(tx)) query = query.forNoKeyUpdate();
  return query.executeTakeFirst();
}

export async function setActiveWorkspace(db: Db, id: string, workspaceId: string): Promise<void> {
  await db.updateTable('users').set({ active_workspace_id: workspaceId }).where('id', '=', id).execute();
}

export async function readPreferences(db: Db, id: string): Promise<Record<string, unknown>> {
  const row = await db.selectFrom('users').select('preferences').where('id', '=', id).executeTakeFirst();
  return row ? (JSON.parse(row.preferences) as Record<string, unknown>) : {};
}

/** The preferences, with the user's row locked until the transaction ends (see lockUser): for users.set_preferences. */
export async function readPreferencesForUpdate(tx: Db, id: string): Promise<Record<string, unknown>> {
  let query = tx.selectFrom('users').select('preferences').where('id', '=', id);
  if (locksRows(tx)) query = query.forNoKeyUpdate();
  const row = await query.executeTakeFirst();
  return row ? (JSON.parse(row.preferences) as Record<string, unknown>) : {};
}

export async function writePreferences(db: Db, id: string, preferences: Record<string, unknown>): Promise<void> {
  await db.updateTable('users').set({ preferences: JSON.stringify(preferences) }).where('id', '=', id).execute();
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Users who are members of a workspace, for users.get_all. */
export async function listWorkspaceUsers(
  db: Db,
  workspaceId: string,
  filter: { ids?: string[] },
): Promise<UserRow[]> {
  let query = db
    .selectFrom('users as u')
    .innerJoin('memberships as m', 'm.user_id', 'u.id')
    .selectAll('u')
    .where('m.workspace_id', '=', workspaceId)
    .orderBy('u.name', 'asc');
  if (filter.ids) query = query.where('u.id', 'in', filter.ids.length > 0 ? filter.ids : ['']);
  return query.execute();
}
