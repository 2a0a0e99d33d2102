// Workspaces and their members (workspaces.*, organization.get_user_companies). Every call names the workspace it
// is about; the server checks membership and role on each, and answers what the caller may do (`can`, `why_not`).
import type { Credential } from './credentials.ts';

export type WorkspaceRole = 'owner' | 'admin' | 'member';

export const WORKSPACE_ROLES: readonly WorkspaceRole[] = ['owner', 'admin', 'member'];

export type WhoCanInvite = 'admins' | 'members';

export const MAX_WORKSPACE_NAME_LENGTH = 100;

/** What the caller may do in a workspace, as the server's rules answer it. */
export interface WorkspaceAbilities {
  update: boolean;
  invite: boolean;
  invite_admins: boolean;
  see_all_invites: boolean;
  change_roles: boolean;
  remove_members: boolean;
  leave: boolean;
  read_audit_log: boolean;
  require_two_factor: boolean;
}

export interface UserCompany {
  id: string;
  name: string;
  /** members now */
  allocated: number;
  /** the member limit in force (the workspace's own, capped by the server's), or null for none */
  allowed: number | null;
  /** the caller's role in it */
  role: WorkspaceRole;
  /** the caller's own personal workspace (multi mode) */
  personal: boolean;
  /** the workspace the session is in */
  current: boolean;
  /** the workspace's own limit, and who may invite */
  max_members: number | null;
  who_can_invite: WhoCanInvite;
  /** new key pairs live at most this many days; null: no maximum */
  max_key_lifetime_days: number | null;
  /** key pairs unused for this many days are revoked; null: never */
  revoke_unused_key_pairs_after_days: number | null;
  /** members must have two-factor sign-in on to use it (the others keep only their account until they turn it on) */
  requires_two_factor: boolean;
  can: WorkspaceAbilities;
  /** why an ability is refused, in the server's words, where it has words for it */
  why_not: { leave?: string; require_two_factor?: string };
}

/** A role the caller could give a member, or why not (the reason workspaces.set_member_role would give). */
export interface RoleChoice {
  role: WorkspaceRole;
  refusal?: string;
}

export interface Member {
  id: string;
  name: string;
  email: string;
  role: WorkspaceRole;
  joined: string;
  last_active?: string;
  /** for owners and admins: whether the member signs in with two-factor */
  two_factor?: boolean;
  /** for owners and admins: every role, refused ones with the reason; absent for a caller who changes no roles */
  role_choices?: RoleChoice[];
  can: { change_role: boolean; remove: boolean };
  why_not: { change_role?: string; remove?: string };
}

/** Seats: members now (`allocated`), the limit (`allowed`, null for none) and the seats pending email-bound links hold. */
export interface SeatSummary {
  allocated: number;
  allowed: number | null;
  held_by_invites: number;
  /** null when there is no limit */
  seats_left: number | null;
  full: boolean;
}

export interface MemberPage extends SeatSummary {
  members: Member[];
  /** for owners and admins: how many of all the members (not only this page) sign in without two-factor */
  without_two_factor?: number;
  total: number;
  page: number;
  page_size: number;
}

export interface LeaveImpact {
  workspace: { id: string; name: string };
  can: { leave: boolean };
  why_not: { leave?: string };
  /** the caller's key pairs there, which stop working when they leave */
  credentials: Credential[];
}

export interface WorkspaceChanges {
  name?: string;
  max_members?: number | null;
  who_can_invite?: WhoCanInvite;
  require_two_factor?: boolean;
  max_key_lifetime_days?: number | null;
  revoke_unused_key_pairs_after_days?: number | null;
}

export interface WorkspaceResults {
  'organization.get_user_companies': { companies: UserCompany[] };
  'workspaces.create': { id: string; name: string };
  'workspaces.update': { updated: number; fields: WorkspaceChanges };
  'workspaces.switch': { token: string; workspace: { id: string; name: string } };
  'workspaces.get_members': MemberPage;
  'workspaces.set_member_role': { updated: number };
  'workspaces.remove_member': { removed: number; revoked_credentials: number };
  'workspaces.get_leave_impact': LeaveImpact;
  'workspaces.leave': { left: number; revoked_credentials: number; session_ended: boolean };
}
