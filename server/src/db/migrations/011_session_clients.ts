import type { Kysely } from 'kysely';

// Where a session was opened and when it was last used, so a person can tell their sessions apart (this laptop's
// browser, the SDK on a training box, an agent) and end the ones they do not recognise. Sessions opened before keep
// null: shown as an unknown client. last_seen_at is not watched by the auth epoch triggers (auth-epoch-triggers.ts):
// recording use never invalidates a node's sign-ins.
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ['ip', 'client', 'worker', 'user_agent']) await db.schema.alterTable('sessions').addColumn(column, 'text').execute();
  await db.schema.alterTable('sessions').addColumn('last_seen_at', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['ip', 'client', 'worker', 'user_agent', 'last_seen_at']) await db.schema.alterTable('sessions').dropColumn(column).execute();
}
