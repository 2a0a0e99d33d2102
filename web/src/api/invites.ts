// Invitation links (invites.*). A link is `<public web url>/invite/<token>`; the server keeps only a hash of the token,
// so the URL is shown once, when the link is created.
import { INVITE_REFUSALS, type Invite, type InviteInfo, type InviteOptions, type InviteRefusal, type InviteRole, type NewInvite } from '@foyer/contract';
import { callApi, isApiError } from './client';

export function createInvite(workspace: string, options: InviteOptions): Promise<NewInvite> {
  return callApi('invites.create', { workspace, ...options });
}

export async function getInvites(workspace: string): Promise<Invite[]> {
  const data = await callApi('invites.get_all', { workspace });
  return data.invites;
}

export function revokeInvite(id: string): Promise<{ revoked: number }> {
  return callApi('invites.revoke', { id });
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

const REFUSALS: ReadonlySet<string> = new Set<string>(INVITE_REFUSALS);

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
