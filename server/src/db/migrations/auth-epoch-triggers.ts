import { PostgresAdapter, sql, type Kysely } from 'kysely';

// The triggers that raise the auth epoch (see 005_auth_epoch.ts), shared by the migrations that create or rebuild
// a watched table. On PostgreSQL they call foyer_raise_auth_epoch(), which 005 creates.

export interface WatchedTable {
  table: string;
  /** the columns a sign-in reads: an update of any of them raises the epoch, as does any delete */
  columns: string[];
}

/** Sessions, watched by 005 and again by 007, which rebuilds the table. */
export const WATCHED_SESSIONS: WatchedTable = {
  table: 'sessions',
  columns: ['revoked_at', 'expires_at', 'user_id', 'workspace_id', 'credential_id'],
};

export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * PostgreSQL refuses to alter a table while a deferred trigger of it still has to fire in the transaction, and the
 * migrations run in one transaction: an earlier one of them may have changed a watched row (009 renames a
 * workspace). A migration that alters a watched table calls this first: what is pending fires now, and the rest of
 * the transaction's as it happens.
 */
export async function fireDeferredAuthEpochTriggers(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) await sql`set constraints all immediate`.execute(db);
}

export async function createAuthEpochTriggers(db: Kysely<unknown>, watched: WatchedTable[]): Promise<void> {
  const postgres = isPostgres(db);
  for (const { table, columns } of watched) {
    for (const [event, name] of [[sql`update of ${sql.raw(columns.join(', '))}`, 'update'], [sql`delete`, 'delete']] as const) {
      const trigger = sql.raw(`auth_epoch_${table}_${name}`);
      if (postgres) {
        // Raised at commit (a deferred constraint trigger), once per transaction: the counter's row lock is then
        // always the last lock a transaction takes, so two transactions can never wait on each other through it.
        await sql`
          create constraint trigger ${trigger}
          after ${event} on ${sql.table(table)} deferrable initially deferred
          for each row execute function foyer_raise_auth_epoch()`.execute(db);
      } else {
        await sql`
          create trigger ${trigger} after ${event} on ${sql.table(table)}
          begin update auth_epoch set value = value + 1 where id = 1; end`.execute(db);
      }
    }
  }
}

export async function dropAuthEpochTriggers(db: Kysely<unknown>, tables: string[]): Promise<void> {
  const postgres = isPostgres(db);
  for (const table of tables) {
    for (const name of ['update', 'delete']) {
      await sql`drop trigger if exists ${sql.raw(`auth_epoch_${table}_${name}`)}${postgres ? sql` on ${sql.table(table)}` : sql``}`.execute(db);
    }
  }
}
