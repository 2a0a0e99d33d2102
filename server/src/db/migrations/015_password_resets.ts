import type { Kysely } from 'kysely';

// "Forgot password?" links (by mail, or printed by `foyer users reset-link`). A link is kept only as the SHA-256 of
// its token (256 random bits, so a slow hash adds nothing). Only the newest link of an account works (by created_at,
// then id): a newer one voids the older ones without touching them, so a newer link whose mail could not be sent
// is deleted and the older one works again. used_at is set once, by the one conditional update that uses it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('password_resets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('password_resets_by_user').on('password_resets').columns(['user_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('password_resets').execute();
}
