import type { AuditPage, CurrentUser, ListedSession, Preferences } from '@foyer/contract';
import { callApi } from './client';

export async function getCurrentUser(): Promise<CurrentUser> {
  const data = await callApi('users.get_current_user');
  return data.user;
}

export function renameUser(userId: string, name: string): Promise<{ updated: number; fields: { name?: string } }> {
  return callApi('users.update', { user: userId, name });
}

export function changePassword(oldPassword: string, newPassword: string, endOtherSessions: boolean): Promise<{ updated: number; other_sessions_signed_out: number }> {
  return callApi('users.change_password', { old_password: oldPassword, new_password: newPassword, end_other_sessions: endOtherSessions });
}

export function getSessions(): Promise<{ sessions: ListedSession[]; total: number }> {
  return callApi('users.get_sessions');
}

export function revokeSession(session: string): Promise<{ revoked: number; current: boolean }> {
  return callApi('users.revoke_session', { session });
}

export function revokeOtherSessions(): Promise<{ revoked: number }> {
  return callApi('users.revoke_other_sessions');
}

export async function getPreferences(): Promise<Preferences> {
  const data = await callApi('users.get_preferences');
  return data.preferences ?? {};
}

/** Sets preferences by dotted path (`{"foyer.theme": "dark"}`): each value replaces what is at its path. */
export function setPreferences(changes: Record<string, unknown>): Promise<unknown> {
  return callApi('users.set_preferences', { preferences: changes, return_updated: false });
}

/** Reads a dotted path from stored preferences. */
export function preferenceAt(preferences: Preferences, path: string): unknown {
  let value: unknown = preferences;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

export interface AuditLogQuery {
  kinds?: string[];
  cursor?: string;
  page_size?: number;
}

export function getSecurityLog(query: AuditLogQuery): Promise<AuditPage> {
  return callApi('users.get_security_log', query);
}
