// Workspaces and their members (workspaces.*): switching, settings, the members list with its seat figures, and
// leaving. Every call names the workspace it is about; the server checks membership and role on each.
import type { AuditPage, LeaveImpact, MemberPage, WorkspaceChanges, WorkspaceRole } from '@foyer/contract';
import type { AuditLogQuery } from './users';
import { callApi } from './client';

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

export function updateWorkspace(workspace: string, changes: WorkspaceChanges): Promise<{ updated: number }> {
  return callApi('workspaces.update', { workspace, ...changes });
}

export function getAuditLog(workspace: string, query: AuditLogQuery & { user?: string }): Promise<AuditPage> {
  return callApi('workspaces.get_audit_log', { workspace, ...query });
}
