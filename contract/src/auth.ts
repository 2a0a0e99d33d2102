// Signing in and out, first setup, and new accounts (auth.*, login.*).
import type { WorkspaceRole } from './workspaces.ts';

export interface LoginModes {
  basic: { enabled: boolean; guest: { enabled: boolean } };
  sso: Record<string, never>;
  sso_providers: never[];
  server_errors: { missed_es_upgrade: boolean; es_connection_error: boolean };
  authenticated: boolean;
  mode: 'single' | 'multi';
  signup: 'open' | 'invite-only';
  setup_required: boolean;
}

export interface NewSession {
  token: string;
}

export interface JoinedWorkspace {
  workspace: { id: string; name: string };
  role: WorkspaceRole;
  /** the account was already a member: it is signed in there, and the link kept its use */
  already_member: boolean;
}

export interface SignedUp {
  user: string;
  workspace: { id: string; name: string };
}

/** auth.login's error_data.reason for the right password of an account that belongs to no workspace. */
export const NO_WORKSPACE_REASON = 'no_workspace';

export interface AuthResults {
  'auth.login': NewSession;
  'auth.logout': Record<string, never>;
  'login.logout': Record<string, never>;
  'login.supported_modes': LoginModes;
  'auth.setup_admin': { user: string };
  'auth.sign_up': SignedUp;
  'auth.sign_in_and_join': JoinedWorkspace;
}
