// The rules of verified addresses, free of HTTP and SQL: what a verification link does when it is followed, when a
// bound invitation needs a verified address, and how long a mail asked for again must wait.
import { MAIL_RESEND_INTERVAL_SECONDS, type EmailLinkRefusal } from '@foyer/contract';
import type { EmailLinksTable, InvitesTable, UsersTable } from '../db/schema.ts';

export const EMAIL_LINK_LIFETIME_MS = 24 * 3600 * 1000;
export const MAIL_RESEND_INTERVAL_MS = MAIL_RESEND_INTERVAL_SECONDS * 1000;

type Link = Pick<EmailLinksTable, 'purpose' | 'email' | 'expires_at' | 'used_at' | 'replaced_at'>;
type Account = Pick<UsersTable, 'email' | 'email_verified_at'>;

export type LinkVerdict =
  | { outcome: 'verify' }
  | { outcome: 'already_verified' }
  | { outcome: 'refused'; reason: EmailLinkRefusal; message: string };

/** What following a link does now: verify (or take the new address), tell that it was done already, or refuse. */
export function emailLinkVerdict(link: Link | undefined, account: Account | undefined, now: number): LinkVerdict {
  if (!link || !account) {
    return { outcome: 'refused', reason: 'not_found', message: 'This verification link is not valid. Check that you opened all of it, or ask for a new one on your Profile page.' };
  }
  const verifiedNow = account.email === link.email && account.email_verified_at !== null;
  // a link followed twice (a second click, a second device, two tabs at once) says what the first one did
  if (link.used_at !== null) {
    return verifiedNow
      ? { outcome: 'already_verified' }
      : { outcome: 'refused', reason: 'used', message: 'This verification link was used already. Ask for a new one on your Profile page.' };
  }
  if (link.replaced_at !== null) {
    return { outcome: 'refused', reason: 'replaced', message: `A newer link was sent to ${link.email} since this one: use the newest mail, or ask for a new link on your Profile page.` };
  }
  if (link.expires_at <= now) {
    return { outcome: 'refused', reason: 'expired', message: 'This verification link has expired (links work for 24 hours). Ask for a new one on your Profile page.' };
  }
  if (link.purpose === 'verify' && account.email !== link.email) {
    return { outcome: 'refused', reason: 'other_address', message: `This link was for ${link.email}, which is no longer the address of the account. Ask for a new link on your Profile page.` };
  }
  if (verifiedNow) return { outcome: 'already_verified' };
  return { outcome: 'verify' };
}

/** A link that admits only some addresses: one address, or addresses at some domains. */
export function isBoundInvite(invite: Pick<InvitesTable, 'email' | 'email_domains'>): boolean {
  return invite.email !== null || invite.email_domains !== null;
}

/**
 * Whether a bound invitation needs the address verified: always on a server that sends mail (the address can be
 * verified, so it must be); without mail, unless the owner chose to accept unverified addresses for this link.
 */
export function needsVerifiedAddress(invite: Pick<InvitesTable, 'email' | 'email_domains' | 'accept_unverified'>, mailAvailable: boolean): boolean {
  if (!isBoundInvite(invite)) return false;
  return mailAvailable || invite.accept_unverified !== 1;
}

/** Seconds until another mail may be sent, after one at `lastSentAt`; 0 when it may now. */
export function resendWaitSeconds(lastSentAt: number | null, now: number): number {
  if (lastSentAt === null || now - lastSentAt >= MAIL_RESEND_INTERVAL_MS) return 0;
  return Math.max(1, Math.ceil((lastSentAt + MAIL_RESEND_INTERVAL_MS - now) / 1000));
}
