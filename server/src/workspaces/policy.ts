// Who may do what in a workspace. Pure rules: every workspace and invitation endpoint asks here.
import type { MemberRole, ServerRole } from '../db/schema.ts';

const RANK: Record<MemberRole, number> = { member: 0, admin: 1, owner: 2 };

export interface Actor {
  role: MemberRole;
  serverRole: ServerRole;
}

export function isWorkspaceAdmin(actor: Actor): boolean {
  return actor.role === 'owner' || actor.role === 'admin';
}

/** Invites follow the workspace's setting: admins only, or every member. */
export function mayInvite(actor: Actor, whoCanInvite: 'admins' | 'members'): boolean {
  return isWorkspaceAdmin(actor) || whoCanInvite === 'members';
}

/** An invitation can grant at most the inviter's own rank, and never ownership. */
export function mayGrantByInvite(actor: Actor, role: MemberRole): boolean {
  return role !== 'owner' && RANK[role] <= RANK[actor.role];
}

export type InviterProblem = 'left' | 'cannot_invite' | 'cannot_grant';

/**
 * An invitation carries its creator's rights at the time it is used: returns why the creator (their membership
 * now, or undefined when they are no longer a member) could not send this invitation today.
 */
export function inviterProblem(inviter: Actor | undefined, whoCanInvite: 'admins' | 'members', role: MemberRole): InviterProblem | undefined {
  if (!inviter) return 'left';
  if (!mayInvite(inviter, whoCanInvite)) return 'cannot_invite';
  if (!mayGrantByInvite(inviter, role)) return 'cannot_grant';
  return undefined;
}

/** Admins see and revoke every invitation; other inviters only their own. */
export function mayManageInvite(actor: Actor, actorUserId: string, inviteCreatorId: string): boolean {
  return isWorkspaceAdmin(actor) || actorUserId === inviteCreatorId;
}

export function mayEditWorkspace(actor: Actor): boolean {
  return isWorkspaceAdmin(actor);
}

/** Returns why the role change is refused, or undefined when allowed. */
export function roleChangeProblem(input: {
  actor: Actor;
  actorUserId: string;
  targetUserId: string;
  targetRole: MemberRole;
  newRole: MemberRole;
  owners: number;
}): string | undefined {
  const { actor, targetRole, newRole, owners } = input;
  if (!isWorkspaceAdmin(actor)) return 'Only workspace owners and admins can change roles';
  if ((targetRole === 'owner' || newRole === 'owner') && actor.role !== 'owner') return 'Only an owner can grant or take away ownership';
  if (targetRole === 'owner' && newRole !== 'owner' && owners <= 1) {
    return 'The last owner cannot be demoted: make another member an owner first';
  }
  return undefined;
}

export const ROLES: readonly MemberRole[] = ['owner', 'admin', 'member'];

export interface RoleChoice {
  role: MemberRole;
  /** why the actor cannot give the member this role; absent when they can (or it is the member's role now) */
  refusal?: string;
}

/**
 * Every role, with why the actor could not give it to this member: what a role menu shows, from the same rule
 * workspaces.set_member_role applies. The member's current role is no change, so it carries no refusal.
 */
export function roleChoices(input: { actor: Actor; actorUserId: string; targetUserId: string; targetRole: MemberRole; owners: number }): RoleChoice[] {
  return ROLES.map((role) => {
    const refusal = role === input.targetRole ? undefined : roleChangeProblem({ ...input, newRole: role });
    return refusal ? { role, refusal } : { role };
  });
}

export function removalProblem(input: { actor: Actor; actorUserId: string; targetUserId: string; targetRole: MemberRole }): string | undefined {
  const { actor, actorUserId, targetUserId, targetRole } = input;
  if (!isWorkspaceAdmin(actor)) return 'Only workspace owners and admins can remove members';
  if (actorUserId === targetUserId) return 'To remove yourself, leave the workspace';
  if (RANK[targetRole] > RANK[actor.role]) return 'Admins cannot remove an owner';
  return undefined;
}

/**
 * Why the caller cannot leave, or undefined when they can. Anyone but the last owner may leave, in either mode; on a
 * single-workspace server that ends their only membership (a new invitation brings them back).
 */
export function leaveProblem(input: { role: MemberRole; owners: number; personal: boolean }): string | undefined {
  if (input.personal) return 'This is your personal workspace: it cannot be left';
  if (input.role === 'owner' && input.owners <= 1) return 'You are the last owner: make another member an owner first';
  return undefined;
}

/**
 * Seats in use: members, plus the open uses of single-use links bound to one email address (each will
 * become exactly one member). Open multi-use links hold no seat: they are checked when accepted.
 */
export function seatsLeft(allowed: number | null, members: number, heldByInvites: number): number | null {
  if (allowed === null) return null;
  return Math.max(0, allowed - members - heldByInvites);
}

/** Pure rule for who an invitation admits, by email address. */
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
