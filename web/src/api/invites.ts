// Invitation links (invites.*). A link is `<public web url>/invite/<token>`; the server keeps only a hash of the token,
// so the URL is shown once, when the link is created.
import { callApi, isApiError } from './client';

export type InviteStatus = 'pending' | 'used_up' | 'expired' | 'revoked';
export type InviteRole = 'admin' | 'member';

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
  note?: string | null;
  /** a pending single-use link bound to one email address keeps a seat for that person */
  holds_seat: boolean;
  /** false for a link that admits nobody now: not pending, or its creator can no longer send it */
  usable?: boolean;
  /** why a pending link admits nobody: its creator can no longer invite (or no longer grant its role) */
  refusal?: { reason: 'inviter_lost_rights'; message: string };
  joined: Array<{ user: { id: string; name: string; email: string }; joined: string }>;
  can: { revoke: boolean };
}

export interface InviteOptions {
  role?: InviteRole;
  expires_in_days?: number;
  max_uses?: number;
  email?: string;
  email_domains?: string[];
  /** at most 120 characters, one line */
  note?: string;
}

/** The longest note the server keeps on a link. */
export const MAX_INVITE_NOTE_LENGTH = 120;

export interface NewInvite {
  id: string;
  url: string;
  expires: string;
  max_uses: number;
  role: InviteRole;
  note?: string | null;
}

export function createInvite(workspace: string, options: InviteOptions): Promise<NewInvite> {
  return callApi('invites.create', { workspace, ...options });
}

export async function getInvites(workspace: string): Promise<Invite[]> {
  const data = await callApi<{ invites: Invite[] }>('invites.get_all', { workspace });
  return data.invites;
}

export function revokeInvite(id: string): Promise<{ revoked: number }> {
  return callApi('invites.revoke', { id });
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
}

/** Why this address cannot use the link, in the words the server uses; undefined when it can. */
export function addressProblem(info: Pick<InviteInfo, 'email' | 'email_domains'>, address: string): string | undefined {
  const email = address.trim().toLowerCase();
  if (info.email && info.email.toLowerCase() !== email) return `This invitation is for ${info.email}, not for ${email}.`;
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (info.email_domains?.length && !info.email_domains.some((allowed) => allowed.toLowerCase() === domain)) {
    return `This invitation is only for addresses at ${listOfDomains(info.email_domains)}.`;
  }
  return undefined;
}

/** "example.com", "example.com or example.org", "a.com, b.com or c.com" */
export function listOfDomains(domains: string[]): string {
  return domains.length <= 1 ? (domains[0] ?? '') : `${domains.slice(0, -1).join(', ')} or ${domains[domains.length - 1]}`;
}

export function getInviteInfo(token: string): Promise<InviteInfo> {
  return callApi('invites.get_info', { token });
}

export function acceptInvite(token: string): Promise<{ workspace: { id: string; name: string }; role: InviteRole }> {
  return callApi('invites.accept', { token });
}

/** Why the server refused a link (meta.error_data.reason). */
export type InviteRefusal = 'not_found' | 'revoked' | 'used_up' | 'expired' | 'not_for_you' | 'already_member' | 'no_seats' | 'inviter_lost_rights';

const REFUSALS: ReadonlySet<string> = new Set<InviteRefusal>(['not_found', 'revoked', 'used_up', 'expired', 'not_for_you', 'already_member', 'no_seats', 'inviter_lost_rights']);

export function inviteRefusal(error: unknown): InviteRefusal | undefined {
  if (!isApiError(error, 400)) return undefined;
  const reason = error.errorData.reason;
  return typeof reason === 'string' && REFUSALS.has(reason) ? (reason as InviteRefusal) : undefined;
}

/**
 * The refusals that mean the link itself can no longer be used by anyone (inviter_lost_rights: the person who sent
 * it can no longer invite, or no longer grant its role).
 */
export function isDeadLink(reason: InviteRefusal | undefined): reason is 'not_found' | 'revoked' | 'used_up' | 'expired' | 'inviter_lost_rights' {
  return reason === 'not_found' || reason === 'revoked' || reason === 'used_up' || reason === 'expired' || reason === 'inviter_lost_rights';
}
