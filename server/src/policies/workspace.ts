// A workspace: what its members may do with it. The caller's membership is found before asking (no membership is
// ClearML's "not a member of workspace X", answered where it is looked up).
import type { MemberRole } from '../db/schema.ts';
import { policy, signedIn, type Actor, type Verdict } from './core.ts';

export interface InWorkspace {
  /** the caller's role in the workspace */
  role: MemberRole;
}

export interface Leaving extends InWorkspace {
  /** it is the caller's own personal workspace */
  personal: boolean;
  /** how many owners it has now */
  owners: number;
}

/** A call made in the workspace a sign-in is in, as the dispatcher asks before any handler runs. */
export interface InSignedInWorkspace {
  workspaceName: string;
  requiresTwoFactor: boolean;
  twoFactorEnabled: boolean;
  /** the endpoint is about the caller's own account (http/endpoint.ts, beforeTwoFactor), not the workspace's */
  accountCall: boolean;
}

export interface SettingTwoFactor extends InWorkspace {
  /** the caller signs in with two-factor themselves */
  twoFactorEnabled: boolean;
}

export const ROLE_RANK: Record<MemberRole, number> = { member: 0, admin: 1, owner: 2 };

export function isWorkspaceAdmin(role: MemberRole): boolean {
  return role === 'owner' || role === 'admin';
}

const adminsOnly =
  (refusal: string) =>
  (_actor: unknown, subject: InWorkspace): Verdict =>
    isWorkspaceAdmin(subject.role) || refusal;

/**
 * Anyone but the last owner may leave, in either mode; on a single-workspace server that ends their only membership
 * (a new invitation brings them back).
 */
function mayLeave(_actor: unknown, subject: Leaving): Verdict {
  if (subject.personal) return 'This is your personal workspace: it cannot be left';
  if (subject.role === 'owner' && subject.owners <= 1) return 'You are the last owner: make another member an owner first';
  return true;
}

/**
 * A workspace that requires two-factor sign-in is closed to a member without it, but for their own account (so that
 * they can turn it on, switch, leave or sign out); a key pair of theirs is refused outright, since a program cannot
 * turn it on, and works again as soon as its owner does.
 */
function mayUse(actor: Actor | undefined, subject: InSignedInWorkspace): Verdict {
  if (!subject.requiresTwoFactor || subject.twoFactorEnabled) return true;
  if (actor?.keyPairOf) {
    return `${subject.workspaceName} requires two-factor sign-in, and the owner of this key pair has not turned it on: sign in to the web app with the email and password, and turn on two-factor sign-in on the Profile page. The key pair works again as soon as it is on.`;
  }
  if (subject.accountCall) return true;
  return `${subject.workspaceName} requires two-factor sign-in: turn it on on your Profile page to use this workspace.`;
}

/** Only owners set the rule, and only once it holds for them: requiring it without it would shut them out too. */
function mayRequireTwoFactor(_actor: unknown, subject: SettingTwoFactor): Verdict {
  if (subject.role !== 'owner') return 'Only workspace owners can require two-factor sign-in';
  if (!subject.twoFactorEnabled) return 'Turn on two-factor sign-in for yourself first (Two-factor sign-in on the Profile page): the requirement applies to you too';
  return true;
}

export const workspacePolicy = policy('workspace')
  .allow(['use'], mayUse)
  .allow(['require_two_factor'], mayRequireTwoFactor)
  // the caller's own list, and the content of the workspace they are signed into (Foyer holds no experiments)
  .allow(['list_mine', 'list_experiments'], signedIn)
  // a key pair works in its workspace only: credentials.reach_workspace
  .allow(['create'], (actor) => (actor !== undefined && !actor.keyPairOf) || 'Sign in as a person to create workspaces; API keys belong to one workspace')
  .allow(['view', 'switch', 'see_leave_impact'], (_actor, _subject: InWorkspace) => true)
  .allow(['update'], adminsOnly('Only owners and admins can change the workspace'))
  .allow(['change_roles'], adminsOnly('Only workspace owners and admins can change roles'))
  .allow(['remove_members'], adminsOnly('Only workspace owners and admins can remove members'))
  .allow(['read_audit_log'], adminsOnly('Only workspace owners and admins can read the audit log'))
  .allow(['see_all_invites'], adminsOnly('Only admins of this workspace can see every invitation'))
  .allow(['leave'], mayLeave);
