import type { MemberRole, ServerRole } from '../db/schema.ts';

/** A person acting in one workspace, as a session or a key pair establishes it. */
export interface Principal {
  userId: string;
  userName: string;
  email: string;
  serverRole: ServerRole;
  workspaceId: string;
  workspaceName: string;
  memberRole: MemberRole;
}

/** Who is calling, in which workspace, and how they proved it. */
export interface Identity extends Principal {
  via: 'password' | 'key' | 'token' | 'cookie';
  /** the session behind a token or cookie (raw id, as in the token) */
  sessionId?: string;
  /** the credentials behind a key login, or behind the session a key login opened */
  credentialId?: string;
  /** when the membership was last recorded active, where the sign-in already read it */
  lastActiveAt?: number | null;
}

/** The role the ClearML clients see in identity.role. */
export function clearmlRole(identity: Pick<Identity, 'serverRole' | 'memberRole'>): 'admin' | 'user' {
  return identity.serverRole === 'admin' || identity.memberRole === 'owner' || identity.memberRole === 'admin' ? 'admin' : 'user';
}
