// A member of a workspace, as another member (an owner or admin) acts on them.
import type { MemberRole } from '../db/schema.ts';
import { policy, type Actor, type Verdict } from './core.ts';
import { isWorkspaceAdmin, ROLE_RANK } from './workspace.ts';

export const ROLES: readonly MemberRole[] = ['owner', 'admin', 'member'];

export interface MemberSubject {
  /** the caller's role in the workspace */
  role: MemberRole;
  target: { userId: string; role: MemberRole };
  /** how many owners the workspace has now */
  owners: number;
}

export interface RoleChange extends MemberSubject {
  /** the role asked for; without it, whether any other role can be given */
  newRole?: MemberRole;
}

function roleChange(subject: MemberSubject, newRole: MemberRole): Verdict {
  const { role, target, owners } = subject;
  if (!isWorkspaceAdmin(role)) return 'Only workspace owners and admins can change roles';
  if ((target.role === 'owner' || newRole === 'owner') && role !== 'owner') return 'Only an owner can grant or take away ownership';
  if (target.role === 'owner' && newRole !== 'owner' && owners <= 1) return 'The last owner cannot be demoted: make another member an owner first';
  return true;
}

function mayChangeRole(_actor: Actor | undefined, subject: RoleChange): Verdict {
  if (subject.newRole !== undefined) return roleChange(subject, subject.newRole);
  // a role can be changed when some other role is open; otherwise the first refusal says why
  const verdicts = ROLES.filter((r) => r !== subject.target.role).map((r) => roleChange(subject, r));
  return verdicts.find((v) => v === true) ?? verdicts[0]!;
}

function mayRemove(actor: Actor | undefined, subject: MemberSubject): Verdict {
  if (!isWorkspaceAdmin(subject.role)) return 'Only workspace owners and admins can remove members';
  if (actor?.userId === subject.target.userId) return 'To remove yourself, leave the workspace';
  if (ROLE_RANK[subject.target.role] > ROLE_RANK[subject.role]) return 'Admins cannot remove an owner';
  return true;
}

export const memberPolicy = policy('member').allow(['change_role'], mayChangeRole).allow(['remove'], mayRemove);
