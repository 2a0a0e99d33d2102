import type { Kysely } from 'kysely';

// Verified addresses. An account's address counts as verified from email_verified_at, set when a link mailed to it is
// followed (null: never verified, or changed since without a link). email_links holds those links, only as SHA-256
// hashes of their tokens (256 random bits, so a slow hash adds nothing): one to verify the address an account has
// ('verify'), or the new address it asked for ('change', which takes effect only when followed). An account's newest
// link voids its older ones (replaced_at); invite_id is the email- or domain-bound invitation the account joins when
// the link is followed. verification_sent_at throttles "Send the link again".
//
// invites.accept_unverified is the owner's choice, on a server that cannot send mail, to let a bound link admit an
// address nobody verified; off by default. invites.last_sent_at throttles "Invite by email", and invite_sends keeps
// each mail sent: the address, who sent it, and the hash of the link token it carried (each mail carries a token of
// its own for the same invitation, since the link's first token is never stored).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('email_verified_at', 'bigint').execute();
  await db.schema.alterTable('users').addColumn('verification_sent_at', 'bigint').execute();
  await db.schema
    .createTable('email_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('invite_id', 'text', (c) => c.references('invites.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('replaced_at', 'bigint')
    .execute();
  await db.schema.createIndex('email_links_by_user').on('email_links').columns(['user_id', 'created_at']).execute();
  await db.schema.alterTable('invites').addColumn('accept_unverified', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('invites').addColumn('last_sent_at', 'bigint').execute();
  await db.schema
    .createTable('invite_sends')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('invite_id', 'text', (c) => c.notNull().references('invites.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('sent_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('invite_sends_by_invite').on('invite_sends').columns(['invite_id', 'sent_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('invite_sends').execute();
  await db.schema.alterTable('invites').dropColumn('last_sent_at').execute();
  await db.schema.alterTable('invites').dropColumn('accept_unverified').execute();
  await db.schema.dropTable('email_links').execute();
  await db.schema.alterTable('users').dropColumn('verification_sent_at').execute();
  await db.schema.alterTable('users').dropColumn('email_verified_at').execute();
}
