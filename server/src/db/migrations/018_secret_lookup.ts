import type { Kysely } from 'kysely';

// A leaked secret is reported without its access key (auth.report_leaked_secret): its key pair is found by the
// secret's hash.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('credentials_secret_hash').on('credentials').column('secret_hash').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('credentials_secret_hash').execute();
}
