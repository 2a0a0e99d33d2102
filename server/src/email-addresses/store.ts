// The queries of verified addresses: the links (only their tokens' hashes), the verified mark, the throttle of
// "Send the link again". Every read-modify-write is one conditional statement.
import type { Db } from '../db/database.ts';
import { precompile } from '../db/precompiled.ts';
import type { EmailLinksTable } from '../db/schema.ts';
import { newId, randomToken, sha256Hex } from '../shared/ids.ts';
import { EMAIL_LINK_LIFETIME_MS, MAIL_RESEND_INTERVAL_MS } from './rules.ts';

export type EmailLinkRow = EmailLinksTable;

/** A new link for an account; the token is returned once and only its hash is kept. Older links still work until replaceOlderLinks. */
export async function insertEmailLink(
  db: Db,
  input: { userId: string; purpose: EmailLinkRow['purpose']; email: string; inviteId: string | null; now: number },
): Promise<{ id: string; token: string }> {
  const token = randomToken(32);
  const id = newId();
  await db
    .insertInto('email_links')
    .values({
      id,
      user_id: input.userId,
      purpose: input.purpose,
      email: input.email,
      token_hash: sha256Hex(token),
      invite_id: input.inviteId,
      created_at: input.now,
      expires_at: input.now + EMAIL_LINK_LIFETIME_MS,
      used_at: null,
      replaced_at: null,
    })
    .execute();
  return { id, token };
}

/**
 * Once a link's mail went out, the account's older links stop working ("a newer link was sent"). Older is by
 * (created_at, id), so of two links made in the same millisecond exactly one survives.
 */
export async function replaceOlderLinks(db: Db, link: { id: string; userId: string; createdAt: number }, now: number): Promise<void> {
  await db
    .updateTable('email_links')
    .set({ replaced_at: now })
    .where('user_id', '=', link.userId)
    .where('used_at', 'is', null)
    .where('replaced_at', 'is', null)
    .where((eb) => eb.or([eb('created_at', '<', link.createdAt), eb.and([eb('created_at', '=', link.createdAt), eb('id', '<', link.id)])]))
    .execute();
}

/** Undoes a link whose mail did not go out. */
export async function deleteEmailLink(db: Db, id: string): Promise<void> {
  await db.deleteFrom('email_links').where('id', '=', id).execute();
}

export async function findEmailLinkByToken(db: Db, token: string): Promise<EmailLinkRow | undefined> {
  return db.selectFrom('email_links').selectAll().where('token_hash', '=', sha256Hex(token)).executeTakeFirst();
}

/** Takes the link in one guarded statement: of two uses at once, exactly one gets true. */
export async function claimEmailLink(db: Db, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('email_links')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('replaced_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The account's newest link for a new address, still open: the change it waits for. */
const addressStateQuery = precompile<{ userId: string; now: number }>()((db, param) =>
  db
    .selectFrom('users as u')
    .select((eb) => [
      'u.email',
      'u.email_verified_at',
      eb
        .selectFrom('email_links as l')
        .select('l.email')
        .whereRef('l.user_id', '=', 'u.id')
        .where('l.purpose', '=', 'change')
        .where('l.used_at', 'is', null)
        .where('l.replaced_at', 'is', null)
        .where('l.expires_at', '>', param('now'))
        .orderBy('l.created_at', 'desc')
        .limit(1)
        .as('pending_email'),
    ])
    .where('u.id', '=', param('userId')),
);

/**
 * users.get_current_user's part of the address, in one precompiled statement (it is called often): whether the address
 * the account has is verified, and a new one waiting for its link.
 */
export async function addressState(db: Db, userId: string, email: string, now: number): Promise<{ verified: boolean; pendingEmail: string | null }> {
  const [row] = await addressStateQuery(db, { userId, now });
  return { verified: row?.email_verified_at != null && row.email === email, pendingEmail: row?.pending_email ?? null };
}

/** Marks the address verified, if the account still has it; false when it changed meanwhile. */
export async function markVerified(db: Db, userId: string, email: string, now: number): Promise<boolean> {
  const result = await db.updateTable('users').set({ email_verified_at: now }).where('id', '=', userId).where('email', '=', email).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Replaces the address only if it is still the one the caller read (of two changes at once, one is made), with its
 * verified mark. A taken address fails on the unique key (isUniqueViolation): of two people claiming it, one wins.
 */
export async function swapEmail(db: Db, userId: string, from: string, to: string, verifiedAt: number | null): Promise<boolean> {
  const result = await db.updateTable('users').set({ email: to, email_verified_at: verifiedAt }).where('id', '=', userId).where('email', '=', from).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Takes the account's turn to be mailed a link, in one guarded statement: true when the last one was at least the
 * resend interval ago; the caller gives it back (releaseMailTurn) if the mail does not go out.
 */
export async function takeMailTurn(db: Db, userId: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ verification_sent_at: now })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('verification_sent_at', 'is', null), eb('verification_sent_at', '<=', now - MAIL_RESEND_INTERVAL_MS)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function releaseMailTurn(db: Db, userId: string, takenAt: number): Promise<void> {
  await db.updateTable('users').set({ verification_sent_at: null }).where('id', '=', userId).where('verification_sent_at', '=', takenAt).execute();
}

export async function lastMailTurn(db: Db, userId: string): Promise<number | null> {
  const row = await db.selectFrom('users').select('verification_sent_at').where('id', '=', userId).executeTakeFirst();
  return row?.verification_sent_at ?? null;
}

/** The bound invitation the account's latest unused link for this address was waiting to join, if any. */
export async function waitingInviteOf(db: Db, userId: string, email: string): Promise<string | null> {
  const row = await db
    .selectFrom('email_links')
    .select('invite_id')
    .where('user_id', '=', userId)
    .where('email', '=', email)
    .where('purpose', '=', 'verify')
    .where('used_at', 'is', null)
    .where('invite_id', 'is not', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row?.invite_id ?? null;
}

/** When the account's newest link of this purpose was made (a withdrawn one is gone), or null. */
export async function latestLinkAt(db: Db, userId: string, purpose: EmailLinkRow['purpose']): Promise<number | null> {
  const row = await db.selectFrom('email_links').select('created_at').where('user_id', '=', userId).where('purpose', '=', purpose).orderBy('created_at', 'desc').executeTakeFirst();
  return row?.created_at ?? null;
}
