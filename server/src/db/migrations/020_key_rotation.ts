import type { Kysely } from 'kysely';
import { createAuthEpochTriggers, dropAuthEpochTriggers, fireDeferredAuthEpochTriggers, type WatchedTable } from './auth-epoch-triggers.ts';

// A key pair's secret may be rotated with an overlap (auth.rotate_credentials): the new secret becomes secret_hash,
// the old one previous_secret_hash, which keeps opening sessions until previous_secret_ends_at. secret_generation
// counts the secrets a key pair has had (1: the one it was made with), and every session opened with a key pair
// keeps the generation of the secret it was opened with: a session of the old secret ends with its overlap, and one
// of a secret rolled back ends with it. Each secret's last use is kept apart (previous_used_*: the old secret's, since
// the rotation), so the page can tell who has not switched yet; last_used_worker is the X-ClearML-Worker of a use.
//
// A sign-in reads the generation, the old secret and the end of its overlap, so a change of any of them raises the
// auth epoch (005): ending an overlap early, or rolling a rotation back, takes effect on the very next call on every
// node. The old secret is also found by its hash, for a leak report.
const CREDENTIALS_BEFORE: WatchedTable = { table: 'credentials', columns: ['revoked_at', 'secret_hash', 'access_key', 'user_id', 'workspace_id'] };
const CREDENTIALS: WatchedTable = {
  table: 'credentials',
  columns: [...CREDENTIALS_BEFORE.columns, 'secret_generation', 'previous_secret_hash', 'previous_secret_ends_at'],
};

export async function up(db: Kysely<unknown>): Promise<void> {
  await fireDeferredAuthEpochTriggers(db);
  await db.schema.alterTable('credentials').addColumn('secret_generation', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('credentials').addColumn('previous_secret_hash', 'text').execute();
  await db.schema.alterTable('credentials').addColumn('previous_secret_ends_at', 'bigint').execute();
  await db.schema.alterTable('credentials').addColumn('rotated_at', 'bigint').execute();
  await db.schema.alterTable('credentials').addColumn('last_used_worker', 'text').execute();
  await db.schema.alterTable('credentials').addColumn('previous_used_at', 'bigint').execute();
  for (const column of ['previous_used_from', 'previous_used_client', 'previous_used_worker']) await db.schema.alterTable('credentials').addColumn(column, 'text').execute();
  await db.schema.alterTable('sessions').addColumn('secret_generation', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.createIndex('credentials_previous_secret_hash').on('credentials').column('previous_secret_hash').execute();
  await dropAuthEpochTriggers(db, ['credentials']);
  await createAuthEpochTriggers(db, [CREDENTIALS]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await fireDeferredAuthEpochTriggers(db);
  await dropAuthEpochTriggers(db, ['credentials']);
  await createAuthEpochTriggers(db, [CREDENTIALS_BEFORE]);
  await db.schema.dropIndex('credentials_previous_secret_hash').execute();
  await db.schema.alterTable('sessions').dropColumn('secret_generation').execute();
  for (const column of ['secret_generation', 'previous_secret_hash', 'previous_secret_ends_at', 'rotated_at', 'last_used_worker', 'previous_used_at', 'previous_used_from', 'previous_used_client', 'previous_used_worker']) {
    await db.schema.alterTable('credentials').dropColumn(column).execute();
  }
}
