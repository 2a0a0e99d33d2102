import { sql, type Kysely } from 'kysely';
import { createAuthEpochTriggers, dropAuthEpochTriggers, isPostgres, WATCHED_SESSIONS, type WatchedTable } from './auth-epoch-triggers.ts';

// The auth epoch: one counter that the database itself raises, in the same transaction, whenever a change could end
// or alter a sign-in (a session or key pair revoked, a member removed or given another role, a user renamed or
// deleted, a workspace renamed or deleted). Each node remembers the sign-ins it has already checked and reads this
// counter on every call: when it moved, the node forgets them all. Triggers, not application code, raise it, so no
// code path (another node, the CLI, a future endpoint) can change these rows without every node noticing.
//
// Only the columns a sign-in reads raise it: "last used" and "last active" times, labels, preferences and new rows
// (a new session or member invalidates nothing) do not.
const WATCHED: WatchedTable[] = [
  WATCHED_SESSIONS,
  { table: 'credentials', columns: ['revoked_at', 'secret_hash', 'access_key', 'user_id', 'workspace_id'] },
  { table: 'users', columns: ['name', 'given_name', 'family_name', 'email', 'server_role', 'created_at'] },
  { table: 'memberships', columns: ['role', 'workspace_id', 'user_id'] },
  { table: 'workspaces', columns: ['name'] },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('auth_epoch')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into auth_epoch (id, value) values (1, 0)`.execute(db);
  if (isPostgres(db)) {
    await sql`
      create function foyer_raise_auth_epoch() returns trigger language plpgsql as $$
      begin
        if current_setting('foyer.auth_epoch_raised', true) is distinct from 'yes' then
          update auth_epoch set value = value + 1 where id = 1;
          perform set_config('foyer.auth_epoch_raised', 'yes', true);
        end if;
        return null;
      end $$`.execute(db);
  }
  await createAuthEpochTriggers(db, WATCHED);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropAuthEpochTriggers(
    db,
    WATCHED.map(({ table }) => table),
  );
  if (isPostgres(db)) await sql`drop function if exists foyer_raise_auth_epoch()`.execute(db);
  await db.schema.dropTable('auth_epoch').execute();
}
