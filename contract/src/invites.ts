// Invitation links (invites.*). A link is `<public web url>/invite/<token>`; the server keeps only a hash of the
// token, so the URL is shown once, when the link is created.

export type InviteStatus = 'pending' | 'used_up' | 'expired' | 'revoked';

export type InviteRole = 'admin' | 'member';

/** The longest note the server keeps on a link. */
export const MAX_INVITE_NOTE_LENGTH = 120;

export interface Invite {
  id: string;
  role: InviteRole;
  status: InviteStatus;
  created: string;
  created_by: { id: string; name: string };
  expires: string;
  max_uses: number;
  uses: number;
  uses_left: number;
  email: string | null;
  email_domains: string[] | null;
  /** what the inviter noted for the team, such as "for the data team" */
  note: string | null;
  /** a pending single-use link bound to one email address keeps a seat for that person */
  holds_seat: boolean;
  /** the owner let this bound link admit an address nobody verified (a server that sends no mail) */
  accept_unverified: boolean;
  /** when it was last sent by mail ("Invite by email"), and to whom */
  last_sent: { at: string; to: string } | null;
  /** false for a link that admits nobody now: not pending, or its creator can no longer send it */
  usable: boolean;
  /** why a pending link admits nobody: its creator can no longer invite (or no longer grant its role) */
  refusal?: { reason: 'inviter_lost_rights'; inviter: 'left' | 'cannot_invite' | 'cannot_grant'; message: string };
  joined: Array<{ user: { id: string; name: string; email: string }; joined: string }>;
  /** send: "Invite by email" (a pending link, a server that sends mail, and the caller may revoke it) */
  can: { revoke: boolean; send: boolean };
}

export interface NewInvite {
  id: string;
  url: string;
  expires: string;
  max_uses: number;
  role: InviteRole;
  note: string | null;
}

/** What a link tells anyone who holds it, without signing in. */
export interface InviteInfo {
  company_name: string;
  user_name: string;
  user_given_name: string;
  expires: string;
  role: InviteRole;
  /** the only address the link admits, or null */
  email: string | null;
  /** the domains whose addresses it admits, or null for any */
  email_domains: string[] | null;
  /** the workspace has no seat left for this link */
  full: boolean;
  /** the link admits only a verified address (it is bound, and its owner did not choose otherwise) */
  verified_address_required: boolean;
  /** this server sends mail, so an address can be verified by a link */
  mail_available: boolean;
}

/** Why the server refused a link (meta.error_data.reason). */
export const INVITE_REFUSALS = ['not_found', 'revoked', 'used_up', 'expired', 'not_for_you', 'already_member', 'no_seats', 'inviter_lost_rights', 'unverified'] as const;
export type InviteRefusal = (typeof INVITE_REFUSALS)[number];

export interface InviteResults {
  'invites.create': NewInvite;
  'invites.get_all': { invites: Invite[] };
  'invites.revoke': { revoked: number };
  'invites.get_info': InviteInfo;
  'invites.accept': { workspace: { id: string; name: string }; role: InviteRole };
}
