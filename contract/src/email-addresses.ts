// Verified addresses: a link mailed to an address proves it belongs to whoever follows it. An account's address is
// verified when it follows the link sent at sign-up, on request, or when it asked for a new address; bound
// invitations (one address, or addresses at some domains) admit only a verified address, unless the server sends no
// mail and the owner chose otherwise for that link.

/** How long a verification link works. */
export const EMAIL_LINK_LIFETIME_HOURS = 24;

/** "Send the link again" (and "Invite by email" of one invitation) waits this long between two mails. */
export const MAIL_RESEND_INTERVAL_SECONDS = 60;

/** Why a verification link did nothing (meta.error_data.reason). */
export const EMAIL_LINK_REFUSALS = ['not_found', 'expired', 'used', 'replaced', 'other_address', 'taken'] as const;
export type EmailLinkRefusal = (typeof EMAIL_LINK_REFUSALS)[number];

export interface EmailVerified {
  /** verified: this link verified the address; already_verified: it was verified before (the link is spent all the same) */
  result: 'verified' | 'already_verified';
  /** the address the link was for */
  email: string;
  /** the link was for a new address, which the account now has */
  changed: boolean;
  /** the bound invitation the account was waiting to join, now joined */
  joined: { workspace: { id: string; name: string }; role: 'admin' | 'member' } | null;
  /** why that invitation could not be joined after all (revoked, used up, expired …), in words */
  join_refused: string | null;
}

export interface EmailAddressResults {
  'users.change_email': {
    /** the address the account has after this call */
    email: string;
    /** the address changed now (a server without mail); otherwise it changes when the link is followed */
    changed: boolean;
    /** where the link went (the new address), or null when it changed at once */
    verification_sent_to: string | null;
  };
  'users.send_verification_email': { sent_to: string };
  'users.verify_email': EmailVerified;
  'invites.send': { sent_to: string; sent: string };
}
