import type { Kysely } from 'kysely';
import { fireDeferredAuthEpochTriggers } from './auth-epoch-triggers.ts';

// A key pair may expire (expires_at; null: never, as every key pair made before), and its owner is told once, a week
// ahead, by mail where there is mail (expiry_notice_sent_at). A workspace may cap how long new key pairs live
// (max_key_lifetime_days; null: no cap). A key's expiry never changes once it is made, so the sign-in cache reads it
// with the rest of the key and checks it against the clock on every use: no auth epoch trigger is needed for it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await fireDeferredAuthEpochTriggers(db);
  await db.schema.alterTable('credentials').addColumn('expires_at', 'bigint').execute();
  await db.schema.alterTable('credentials').addColumn('expiry_notice_sent_at', 'bigint').execute();
  await db.schema.alterTable('workspaces').addColumn('max_key_lifetime_days', 'integer').execute();
  await db.schema.createIndex('credentials_expiry').on('credentials').columns(['expires_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await fireDeferredAuthEpochTriggers(db);
  await db.schema.dropIndex('credentials_expiry').execute();
  await db.schema.alterTable('workspaces').dropColumn('max_key_lifetime_days').execute();
  await db.schema.alterTable('credentials').dropColumn('expiry_notice_sent_at').execute();
  await db.schema.alterTable('credentials').dropColumn('expires_at').execute();
}
