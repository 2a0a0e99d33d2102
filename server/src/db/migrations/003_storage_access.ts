import type { Kysely } from 'kysely';

// Cloud access rows. Secrets live only in `secrets`, sealed with AES-256-GCM (see shared/sealed.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('storage_access')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade')) // null: a workspace-wide row
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('endpoint', 'text')
    .addColumn('key_id', 'text')
    .addColumn('region', 'text')
    .addColumn('addressing', 'text')
    .addColumn('secrets', 'text', (c) => c.notNull())
    .addColumn('match_key', 'text', (c) => c.notNull())
    .addColumn('detected_region', 'text')
    .addColumn('region_checked_at', 'bigint')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('storage_access_match').on('storage_access').columns(['workspace_id', 'match_key']).unique().execute();
  await db.schema.createIndex('storage_access_owner').on('storage_access').columns(['workspace_id', 'user_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('storage_access').execute();
}
