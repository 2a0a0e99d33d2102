import type { Kysely } from 'kysely';
import { fireDeferredAuthEpochTriggers } from './auth-epoch-triggers.ts';

// A workspace may revoke the key pairs no client has used for a number of days (revoke_unused_key_pairs_after_days;
// null, as in every workspace before: never), telling their owners a few days ahead (inactivity_notice_sent_at: when,
// for the stretch of disuse it was sent in).
export async function up(db: Kysely<unknown>): Promise<void> {
  await fireDeferredAuthEpochTriggers(db);
  await db.schema.alterTable('workspaces').addColumn('revoke_unused_key_pairs_after_days', 'integer').execute();
  await db.schema.alterTable('credentials').addColumn('inactivity_notice_sent_at', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await fireDeferredAuthEpochTriggers(db);
  await db.schema.alterTable('credentials').dropColumn('inactivity_notice_sent_at').execute();
  await db.schema.alterTable('workspaces').dropColumn('revoke_unused_key_pairs_after_days').execute();
}
