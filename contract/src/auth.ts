// Signing in and out, first setup, and new accounts (auth.*, login.*).
import type { WorkspaceRole } from './workspaces.ts';
import type { SsoProvider } from './oidc.ts';

export interface LoginModes {
  basic: { enabled: boolean; guest: { enabled: boolean } };
  /** each OpenID Connect provider's id, with the URL that begins a sign-in with it (the ClearML field) */
  sso: Record<string, string>;
  sso_providers: SsoProvider[];
  server_errors: { missed_es_upgrade: boolean; es_connection_error: boolean };
  authenticated: boolean;
  mode: 'single' | 'multi';
  signup: 'open' | 'invite-only';
  setup_required: boolean;
  /** this server sends mail (FOYER_SMTP_URL): "Forgot password?" mails a link */
  mail: boolean;
  /** false with FOYER_PASSWORD_SIGNIN=off: passwords sign in the server's administrators only */
  password_sign_in: boolean;
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
  /** the workspace the new session is in; null when there is none yet (the invitation waits for the address to be verified) */
  workspace: { id: string; name: string } | null;
  /** where a link to verify the address went (a server that sends mail); null when none went */
  verification_sent: string | null;
  /** the workspace of a bound invitation that the account joins once its address is verified */
  waiting_to_join: string | null;
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
