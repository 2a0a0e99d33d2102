import type { Kysely } from 'kysely';

// Why a session was ended, set with revoked_at: a signed-out page can then tell the person what happened elsewhere
// (their password was changed, they left or were removed, they signed out in another tab) instead of only
// "signed out". Sessions revoked before this column existed keep null, which reads as a plain sign-out.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('ended_by', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('ended_by').execute();
}
