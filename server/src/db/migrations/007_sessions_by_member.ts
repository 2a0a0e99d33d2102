import { sql, type Kysely } from 'kysely';
import { createAuthEpochTriggers, dropAuthEpochTriggers, isPostgres, WATCHED_SESSIONS } from './auth-epoch-triggers.ts';

// Sessions keyed by whose they are: (user_id, workspace_id, id). A token names its user and workspace, so every
// lookup and sign-out knows the whole key, and signing a person out everywhere, or out of one workspace, reads a
// prefix of it. On SQLite the table is WITHOUT ROWID, so that key is the table itself.
//
// Every key login writes a session, and this is what such a write costs: before, a new row went into five b-trees
// (the table, the id, the user, the key pair, the expiry), each a page appended to the WAL; now into one. The two
// indexes that go:
// - by key pair: a session opened with a key pair that is later revoked is refused by the lookup itself, which reads
//   the key pair's revoked_at (auth/sessions.ts). Revoking still marks the sessions, through the member's prefix.
//   Deleting a key pair's row (nothing does) would scan the table for its sessions.
// - by expiry: the hourly purge walks the table in key order, a bounded chunk at a time.
const COLUMNS = sql.raw('user_id, workspace_id, id, credential_id, created_at, expires_at, revoked_at');

async function rebuildSessions(db: Kysely<unknown>, shape: 'by_member' | 'by_id'): Promise<void> {
  const postgres = isPostgres(db);
  // first, so that dropping the old table does not raise the epoch once per row
  await dropAuthEpochTriggers(db, ['sessions']);
  let table = db.schema
    .createTable('sessions_rebuilt')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => (shape === 'by_id' ? c.primaryKey() : c.notNull()))
    .addColumn('credential_id', 'text', (c) => c.references('credentials.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint');
  if (shape === 'by_member') {
    table = table.addPrimaryKeyConstraint('sessions_by_member_pk', ['user_id', 'workspace_id', 'id']);
    if (!postgres) table = table.modifyEnd(sql`without rowid`);
  }
  await table.execute();
  await sql`insert into sessions_rebuilt (${COLUMNS}) select ${COLUMNS} from sessions`.execute(db);
  await db.schema.dropTable('sessions').execute();
  await db.schema.alterTable('sessions_rebuilt').renameTo('sessions').execute();
  if (shape === 'by_id') {
    await db.schema.createIndex('sessions_user').on('sessions').columns(['user_id', 'workspace_id']).execute();
    await db.schema.createIndex('sessions_credential').on('sessions').column('credential_id').execute();
    await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();
  }
  await createAuthEpochTriggers(db, [WATCHED_SESSIONS]);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await rebuildSessions(db, 'by_member');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await rebuildSessions(db, 'by_id');
}
