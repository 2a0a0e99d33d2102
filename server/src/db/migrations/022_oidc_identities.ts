import type { Kysely } from 'kysely';

// Sign-in with OpenID Connect providers (oidc/).
//
// oidc_identities links a person at a provider, named by the provider's id in FOYER_OIDC_PROVIDERS and the `sub` it
// gives them (which never changes, unlike their address), to one account.
//
// oidc_flows holds each sign-in under way, by the SHA-256 of its token: the state sent to the provider while the
// person is there ('authorize', with the nonce and the PKCE verifier), then, when one more step is needed before the
// session opens, the step's token ('link': the account's password; 'second_factor': its code) with what the provider
// said of the person. browser_hash is the SHA-256 of the random value of the httpOnly cookie set in the browser that
// began the flow: a flow completes only in that browser. Each row is used up by one conditional delete.
//
// oidc_memberships marks the memberships the providers' rules gave, with the role they gave: those (and only those)
// the rules change or take away at a later sign-in.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('oidc_identities')
    .addColumn('provider_id', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('linked_at', 'bigint', (c) => c.notNull())
    .addColumn('last_sign_in_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('oidc_identities_pk', ['provider_id', 'subject'])
    .execute();
  await db.schema.createIndex('oidc_identities_by_user').on('oidc_identities').columns(['user_id', 'provider_id']).execute();
  await db.schema
    .createTable('oidc_flows')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('provider_id', 'text', (c) => c.notNull())
    .addColumn('browser_hash', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text')
    .addColumn('code_verifier', 'text')
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('claims', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oidc_flows_by_expiry').on('oidc_flows').column('expires_at').execute();
  await db.schema
    .createTable('oidc_memberships')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('provider_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('oidc_memberships_pk', ['workspace_id', 'user_id'])
    .execute();
  await db.schema.createIndex('oidc_memberships_by_user').on('oidc_memberships').columns(['user_id', 'provider_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('oidc_memberships').execute();
  await db.schema.dropTable('oidc_flows').execute();
  await db.schema.dropTable('oidc_identities').execute();
}
