// The signed-in person: their account, password and preferences (users.*).
import type { WorkspaceRole } from './workspaces.ts';

export const MIN_PASSWORD_LENGTH = 8;

export interface CurrentUser {
  id: string;
  name: string;
  given_name?: string;
  family_name?: string;
  email: string;
  created: string;
  created_in_version: string;
  company: { id: string; name: string };
  /** the role the ClearML clients read: admin for a server administrator or a workspace owner or admin */
  role: 'admin' | 'user';
  /** the server-wide role */
  server_role: 'admin' | 'user';
  /** the role in the workspace the session is in, as of signing in or switching */
  workspace_role: WorkspaceRole;
}

/** The user's preferences as the server keeps them: a JSON object where dotted keys were stored as paths. */
export type Preferences = Record<string, unknown>;

export interface UserResults {
  'users.get_current_user': {
    user: CurrentUser;
    getting_started: { agentName: string; configure: string; install: string; packageName: string };
    settings: { max_download_items: number };
  };
  'users.update': { updated: number; fields: { name?: string; given_name?: string | null; family_name?: string | null } };
  'users.change_password': { updated: number; other_sessions_signed_out: number };
  'users.get_preferences': { preferences: Preferences | null };
}
