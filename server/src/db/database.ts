import { createHash } from 'node:crypto';
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresAdapter, PostgresDialect, SqliteDialect, type PostgresPool, type PostgresPoolClient, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { migrationProvider } from './migrations/index.ts';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type DialectName = 'sqlite' | 'postgres';

export interface OpenedDatabase {
  db: Db;
  dialect: DialectName;
  /** where the data lives, for messages (never includes a password) */
  location: string;
  /**
   * The auth epoch (migration 005), as committed: read for every authenticated call, so it skips the query builder.
   * On SQLite it is read synchronously: on the main connection when no transaction is open there (so nothing
   * uncommitted can be seen, and the connection's page cache, still valid after its own commits, spares the file
   * reads), else through a second, read-only connection, which never sees the main connection's uncommitted writes.
   */
  readAuthEpoch(): number | Promise<number>;
  close(): Promise<void>;
}

const AUTH_EPOCH_SQL = 'select value from auth_epoch where id = 1';

// pg returns int8 as strings by default; every bigint here is a millisecond time or a count.
pg.types.setTypeParser(20, (value) => Number(value));

export function openDatabase(options: { databaseUrl?: string; dataDir: string }): OpenedDatabase {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    pool.on('error', () => {}); // an idle client that loses its server is dropped by the pool; the next query reconnects
    const url = new URL(options.databaseUrl);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: withNamedStatements(pool) }) });
    return {
      db,
      dialect: 'postgres',
      location: `postgresql://${url.host}${url.pathname}`,
      readAuthEpoch: async () => Number((await pool.query<{ value: number }>({ name: 'foyer_auth_epoch', text: AUTH_EPOCH_SQL })).rows[0]!.value),
      close: () => db.destroy(),
    };
  }
  const file = join(options.dataDir, 'foyer.sqlite');
  makePrivate(file);
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  for (const companion of ['-wal', '-shm']) if (existsSync(file + companion)) chmodSync(file + companion, 0o600);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  let mainEpoch: SQLite.Statement<[], number> | undefined;
  let epochReader: { connection: SQLite.Database; statement: SQLite.Statement<[], number> } | undefined;
  return {
    db,
    dialect: 'sqlite',
    location: file,
    readAuthEpoch() {
      if (!sqlite.inTransaction) {
        mainEpoch ??= sqlite.prepare<[], number>(AUTH_EPOCH_SQL).pluck();
        return mainEpoch.get()!;
      }
      if (!epochReader) {
        const connection = new SQLite(file, { readonly: true, fileMustExist: true });
        connection.pragma('busy_timeout = 5000');
        epochReader = { connection, statement: connection.prepare<[], number>(AUTH_EPOCH_SQL).pluck() };
      }
      return epochReader.statement.get()!;
    },
    async close() {
      epochReader?.connection.close();
      await db.destroy();
    },
  };
}

/**
 * The database file is created (or, when it exists, set) with mode 0600 before SQLite opens it: SQLite gives its WAL
 * and shared-memory files the database file's mode, and those left by an earlier run are set too.
 */
function makePrivate(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

/** Kysely prepares every statement anew; better-sqlite3 statements can be reused, so keep the recent ones. */
function withStatementCache(sqlite: SQLite.Database, max = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

/** Runs parameterized queries as named prepared statements, which PostgreSQL then parses once per connection. */
function withNamedStatements(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) {
      name = `foyer_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      if (names.size < 2000) names.set(text, name);
    }
    return name;
  };
  return {
    async connect() {
      const client = await pool.connect();
      const query = (text: unknown, values?: readonly unknown[]) =>
        typeof text === 'string' && values && values.length > 0
          ? client.query({ name: nameOf(text), text, values: [...values] })
          : client.query(text as never, values ? [...values] : undefined);
      return { query, release: () => client.release() } as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Whether a read-modify-write must lock its rows. PostgreSQL runs transactions side by side (READ COMMITTED, a pool
 * of connections), so a transaction that reads a row to change it takes a row lock first. SQLite has no FOR UPDATE,
 * and needs none: Kysely runs everything on its one connection, one transaction at a time.
 */
export function locksRows(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Both drivers' unique-constraint violations, as one test. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
