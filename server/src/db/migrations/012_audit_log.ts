import type { Kysely } from 'kysely';

// The security and audit logs: one append-only table. A person's log reads (subject_user_id, at, id), a workspace's
// (workspace_id, at, id), both newest first by keyset; the hourly purge of entries past FOYER_AUDIT_RETENTION_DAYS
// reads (at); whether a key pair was used from an address before reads (target, kind, ip). No foreign keys: an entry outlives the account, key pair or invitation it names.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('subject_user_id', 'text')
    .addColumn('workspace_id', 'text')
    .addColumn('target', 'text')
    .addColumn('ip', 'text')
    .addColumn('client', 'text')
    .addColumn('worker', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('audit_events_subject').on('audit_events').columns(['subject_user_id', 'at', 'id']).execute();
  await db.schema.createIndex('audit_events_workspace').on('audit_events').columns(['workspace_id', 'at', 'id']).execute();
  await db.schema.createIndex('audit_events_target').on('audit_events').columns(['target', 'kind', 'ip']).execute();
  await db.schema.createIndex('audit_events_at').on('audit_events').column('at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_events').execute();
}
