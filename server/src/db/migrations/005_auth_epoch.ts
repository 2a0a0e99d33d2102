import { PostgresAdapter, sql, type Kysely } from 'kysely';

// The auth epoch: one counter that the database itself raises, in the same transaction, whenever a change could end
// or alter a sign-in (a session or key pair revoked, a member removed or given another role, a user renamed or
// deleted, a workspace renamed or deleted). Each node remembers the sign-ins it has already checked and reads this
// counter on every call: when it moved, the node forgets them all. Triggers, not application code, raise it, so no
// code path (another node, the CLI, a future endpoint) can change these rows without every node noticing.
//
// Only the columns a sign-in reads raise it: "last used" and "last active" times, labels, preferences and new rows
// (a new session or member invalidates nothing) do not.
const WATCHED: Array<{ table: string; columns: string[] }> = [
  { table: 'sessions', columns: ['revoked_at', 'expires_at', 'user_id', 'workspace_id', 'credential_id'] },
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

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    // Raised at commit (a deferred constraint trigger), once per transaction: the counter's row lock is then always
    // the last lock a transaction takes, so two transactions can never wait on each other through it.
    await sql`
      create function foyer_raise_auth_epoch() returns trigger language plpgsql as $$
      begin
        if current_setting('foyer.auth_epoch_raised', true) is distinct from 'yes' then
          update auth_epoch set value = value + 1 where id = 1;
          perform set_config('foyer.auth_epoch_raised', 'yes', true);
        end if;
        return null;
      end $$`.execute(db);
    for (const { table, columns } of WATCHED) {
      for (const [event, name] of [[sql`update of ${sql.raw(columns.join(', '))}`, 'update'], [sql`delete`, 'delete']] as const) {
        await sql`
          create constraint trigger ${sql.raw(`auth_epoch_${table}_${name}`)}
          after ${event} on ${sql.table(table)} deferrable initially deferred
          for each row execute function foyer_raise_auth_epoch()`.execute(db);
      }
    }
    return;
  }
  for (const { table, columns } of WATCHED) {
    for (const [event, name] of [[sql`update of ${sql.raw(columns.join(', '))}`, 'update'], [sql`delete`, 'delete']] as const) {
      await sql`
        create trigger ${sql.raw(`auth_epoch_${table}_${name}`)} after ${event} on ${sql.table(table)}
        begin update auth_epoch set value = value + 1 where id = 1; end`.execute(db);
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const { table } of WATCHED) {
    for (const name of ['update', 'delete']) {
      await sql`drop trigger if exists ${sql.raw(`auth_epoch_${table}_${name}`)}${postgres ? sql` on ${sql.table(table)}` : sql``}`.execute(db);
    }
  }
  if (postgres) await sql`drop function if exists foyer_raise_auth_epoch()`.execute(db);
  await db.schema.dropTable('auth_epoch').execute();
}
