// The signed-in person: their account, password and preferences (users.*).
import type { WorkspaceRole } from './workspaces.ts';

export const MIN_PASSWORD_LENGTH = 8;

export interface CurrentUser {
  id: string;
  name: string;
  given_name?: string;
  family_name?: string;
  email: string;
  /** the address was verified by a mailed link (or set up by the server's operator as the first administrator) */
  email_verified: boolean;
  /** a new address asked for, waiting for its link to be followed; null when none is */
  pending_email: string | null;
  /** this server sends mail: addresses can be verified, invitations sent by mail */
  mail_available: boolean;
  created: string;
  created_in_version: string;
  /** the workspace the session is in; requires_two_factor: its members must have two-factor sign-in on to use it */
  company: { id: string; name: string; requires_two_factor: boolean };
  /** whether the person signs in with two-factor: false in a workspace that requires it leaves them only their account */
  two_factor_enabled: boolean;
  /** the role the ClearML clients read: admin for a server administrator or a workspace owner or admin */
  role: 'admin' | 'user';
  /** the server-wide role */
  server_role: 'admin' | 'user';
  /** the role in the workspace the session is in, as of signing in or switching */
  workspace_role: WorkspaceRole;
}

/** The user's preferences as the server keeps them: a JSON object where dotted keys were stored as paths. */
export type Preferences = Record<string, unknown>;

/** What opened a session, as the sessions list names it. */
export interface SessionClient {
  kind: 'browser' | 'sdk' | 'agent' | 'other' | 'unknown';
  /** "Chrome", "ClearML SDK", "ClearML agent", "curl" */
  name: string;
  version?: string;
  /** a browser's operating system */
  os?: string;
  /** the machine an SDK or agent runs on (X-ClearML-Worker) */
  host?: string;
}

/** One active session of the caller's. */
export interface ListedSession {
  /** the handle users.revoke_session takes (not the token's session id, which is never shown) */
  id: string;
  /** the session this call was made with */
  current: boolean;
  client: SessionClient;
  /** the address it was opened from */
  ip: string | null;
  created: string;
  /** its last use (to the minute); its opening when not used since */
  last_seen: string;
  expires: string;
  workspace: { id: string; name: string };
  /**
   * set for a session a key pair opened (the SDK, an agent): such sessions end with the key pair too; old_secret: opened
   * with the secret a rotation replaced, so it ends with the rotation's overlap
   */
  key?: { access_key: string; label: string | null; old_secret?: true };
}

/** At most this many sessions are listed, the most recently used first; `total` counts them all. */
export const MAX_LISTED_SESSIONS = 200;

export interface UserResults {
  'users.get_current_user': {
    user: CurrentUser;
    getting_started: { agentName: string; configure: string; install: string; packageName: string };
    settings: { max_download_items: number };
  };
  'users.update': { updated: number; fields: { name?: string; given_name?: string | null; family_name?: string | null } };
  'users.change_password': { updated: number; other_sessions_signed_out: number };
  'users.get_sessions': { sessions: ListedSession[]; total: number };
  'users.revoke_session': { revoked: number; current: boolean };
  'users.revoke_other_sessions': { revoked: number };
  'users.get_preferences': { preferences: Preferences | null };
}
