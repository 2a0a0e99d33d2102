import type { Kysely } from 'kysely';

// Workers that unregistered a moment ago. clearml-agent's reporting thread can send one last status report just
// after the daemon unregisters; a status report brings an unknown worker back (as the reference server does), so
// without this the stopped daemon would be listed again for ten minutes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('worker_departures')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('worker_id', 'text', (c) => c.notNull())
    .addColumn('departed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('worker_departures_pk', ['workspace_id', 'worker_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('worker_departures').execute();
}
