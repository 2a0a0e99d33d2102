import type { Kysely } from 'kysely';

// A workspace's owners may require single sign-on of its members (oidc/policy.ts): their passwords then no longer sign
// them in (the workspace's owners keep theirs: the break-glass owners). Key pairs keep working.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('oidc_workspace_policies')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
    .addColumn('require_sso', 'integer', (c) => c.notNull())
    .addColumn('changed_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('changed_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('oidc_workspace_policies').execute();
}
