import type { Kysely } from 'kysely';

// An invitation link may carry a note for the people who see the list of links ("for the data team"). Links made
// before have none (null).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('invites').addColumn('note', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('invites').dropColumn('note').execute();
}
