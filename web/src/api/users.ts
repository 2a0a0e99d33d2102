import { callApi } from './client';
import type { WorkspaceRole } from './workspaces';

export interface CurrentUser {
  id: string;
  name: string;
  given_name?: string;
  family_name?: string;
  email: string;
  created: string;
  role: 'admin' | 'user';
  company: { id: string; name: string };
  /** the server-wide role */
  server_role?: 'admin' | 'user';
  /** the role in the workspace the session is in, as of signing in or switching */
  workspace_role?: WorkspaceRole;
}

export async function getCurrentUser(): Promise<CurrentUser> {
  const data = await callApi<{ user: CurrentUser }>('users.get_current_user');
  return data.user;
}

export function renameUser(userId: string, name: string): Promise<{ updated: number; fields: { name?: string } }> {
  return callApi('users.update', { user: userId, name });
}

export function changePassword(oldPassword: string, newPassword: string): Promise<{ updated: number }> {
  return callApi('users.change_password', { old_password: oldPassword, new_password: newPassword });
}

/** The user's preferences as the server keeps them: a JSON object where dotted keys were stored as paths. */
export type Preferences = Record<string, unknown>;

export async function getPreferences(): Promise<Preferences> {
  const data = await callApi<{ preferences: Preferences | null }>('users.get_preferences');
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

/** Minimum password length the server accepts. */
export const MIN_PASSWORD_LENGTH = 8;
