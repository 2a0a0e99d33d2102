// Workspaces and their members (workspaces.*): switching, settings, the members list with its seat figures, and
// leaving. Every call names the workspace it is about; the server checks membership and role on each.
import { callApi } from './client';

export type WorkspaceRole = 'owner' | 'admin' | 'member';
export type WhoCanInvite = 'admins' | 'members';

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
  total: number;
  page: number;
  page_size: number;
}

export interface MemberQuery {
  search?: string;
  page?: number;
  pageSize?: number;
}

export function getMembers(workspace: string, query: MemberQuery = {}): Promise<MemberPage> {
  return callApi('workspaces.get_members', {
    workspace,
    ...(query.search ? { search: query.search } : {}),
    ...(query.page !== undefined ? { page: query.page } : {}),
    ...(query.pageSize !== undefined ? { page_size: query.pageSize } : {}),
  });
}

export function setMemberRole(workspace: string, user: string, role: WorkspaceRole): Promise<{ updated: number }> {
  return callApi('workspaces.set_member_role', { workspace, user, role });
}

export function removeMember(workspace: string, user: string): Promise<{ removed: number; revoked_credentials: number }> {
  return callApi('workspaces.remove_member', { workspace, user });
}

/** One of the caller's credentials in the workspace, as the leave preview lists it. */
export interface CredentialAtRisk {
  access_key: string;
  label?: string | null;
  created?: string;
  last_used?: string | null;
  last_used_from?: string | null;
  last_used_client?: string | null;
}

export interface LeaveImpact {
  workspace: { id: string; name: string };
  can: { leave: boolean };
  /** why leaving is refused, when can.leave is false */
  why_not: { leave?: string };
  credentials: CredentialAtRisk[];
}

export function getLeaveImpact(workspace: string): Promise<LeaveImpact> {
  return callApi('workspaces.get_leave_impact', { workspace });
}

/** Leaving the workspace the session is in also ends the session (the server clears the cookie; session_ended). */
export function leaveWorkspace(workspace: string): Promise<{ left: number; revoked_credentials: number; session_ended?: boolean }> {
  return callApi('workspaces.leave', { workspace });
}

/** Reissues the session for another workspace (the previous session ends); the server sets the new cookie. */
export function switchWorkspace(workspace: string): Promise<{ workspace: { id: string; name: string } }> {
  return callApi('workspaces.switch', { workspace });
}

/** multi mode only */
export function createWorkspace(name: string): Promise<{ id: string; name: string }> {
  return callApi('workspaces.create', { name });
}

export interface WorkspaceChanges {
  name?: string;
  /** null removes the workspace's own limit (the server's FOYER_MAX_MEMBERS, if any, still applies) */
  max_members?: number | null;
  who_can_invite?: WhoCanInvite;
}

export function updateWorkspace(workspace: string, changes: WorkspaceChanges): Promise<{ updated: number }> {
  return callApi('workspaces.update', { workspace, ...changes });
}
