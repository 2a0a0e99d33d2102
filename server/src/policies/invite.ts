// An invitation link: who may send one, with which role, who may see and revoke it, and whom a link admits.
import type { MemberRole } from '../db/schema.ts';
import { anyone, policy, signedIn, type Actor, type Verdict } from './core.ts';
import { isWorkspaceAdmin, ROLE_RANK } from './workspace.ts';

export interface Inviting {
  /** the inviter's role in the workspace */
  role: MemberRole;
  whoCanInvite: 'admins' | 'members';
}

export interface Granting {
  /** the inviter's role in the workspace */
  role: MemberRole;
  /** the role the invitation gives */
  grantedRole: MemberRole;
}

export interface InviteSubject {
  /** the caller's role in the invitation's workspace */
  role: MemberRole;
  createdBy: string;
}

/** Invites follow the workspace's setting: admins only, or every member. */
const mayInvite = (_actor: Actor | undefined, subject: Inviting): Verdict =>
  isWorkspaceAdmin(subject.role) || subject.whoCanInvite === 'members' || 'Only admins of this workspace can invite';

/** An invitation can grant at most the inviter's own rank, and never ownership. */
const mayGrant = (_actor: Actor | undefined, subject: Granting): Verdict =>
  (subject.grantedRole !== 'owner' && ROLE_RANK[subject.grantedRole] <= ROLE_RANK[subject.role]) || `You cannot invite someone as ${subject.grantedRole}`;

/** Inviters see their own invitations (admins see all: workspace.see_all_invites). */
const mayList = (actor: Actor | undefined, subject: Inviting): Verdict => mayInvite(actor, subject) === true || 'Only admins of this workspace can see its invitations';

/** Admins see and revoke every invitation; other inviters only their own. */
const mayRevoke = (actor: Actor | undefined, subject: InviteSubject): Verdict =>
  isWorkspaceAdmin(subject.role) || actor?.userId === subject.createdBy || 'Only admins of this workspace or the inviter can revoke this invitation';

/** Sending a link by mail (again): whoever may revoke it, since the mail hands it to someone. */
const maySend = (actor: Actor | undefined, subject: InviteSubject): Verdict =>
  isWorkspaceAdmin(subject.role) || actor?.userId === subject.createdBy || 'Only admins of this workspace or the inviter can send this invitation by mail';

export const invitePolicy = policy('invite')
  .allow(['create'], mayInvite)
  .allow(['grant'], mayGrant)
  .allow(['list'], mayList)
  .allow(['revoke'], mayRevoke)
  .allow(['send'], maySend)
  // the link itself is the proof: its page, and using it; whom it admits is decided by inviterProblem and emailProblem
  .allow(['read_by_link'], anyone)
  .allow(['accept'], signedIn);

export type InviterProblem = 'left' | 'cannot_invite' | 'cannot_grant';

/**
 * An invitation carries its creator's rights at the time it is used: returns why the creator (their membership
 * now, or undefined when they are no longer a member) could not send this invitation today.
 */
export function inviterProblem(inviter: { actor: Actor; role: MemberRole } | undefined, whoCanInvite: 'admins' | 'members', grantedRole: MemberRole): InviterProblem | undefined {
  if (!inviter) return 'left';
  if (mayInvite(inviter.actor, { role: inviter.role, whoCanInvite }) !== true) return 'cannot_invite';
  if (mayGrant(inviter.actor, { role: inviter.role, grantedRole }) !== true) return 'cannot_grant';
  return undefined;
}

/** Who an invitation admits, by email address: why this address is not, or undefined when it is. */
export function emailProblem(email: string, boundEmail: string | null, domains: string[] | null): string | undefined {
  const address = email.toLowerCase();
  if (boundEmail && boundEmail.toLowerCase() !== address) return `This invitation is for ${boundEmail}, not for ${address}`; // said to a visitor signing up as well as to a signed-in one
  if (domains && domains.length > 0) {
    const domain = address.slice(address.lastIndexOf('@') + 1);
    if (!domains.some((allowed) => allowed.toLowerCase() === domain)) {
      return `This invitation is only for addresses at ${domains.join(', ')}`;
    }
  }
  return undefined;
}
