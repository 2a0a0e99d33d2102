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

/** What users.get_current_user shows beyond the principal. */
export interface UserProfile {
  givenName: string | null;
  familyName: string | null;
  /** when the account was made, as users.get_current_user shows it (formatted once, when the sign-in is read) */
  created: string;
}

/** The two halves of a workspace's two-factor rule, read with the sign-in: what the workspace asks, what the person has. */
export interface TwoFactorStanding {
  workspaceRequires: boolean;
  enabled: boolean;
}

/** Who is calling, in which workspace, and how they proved it. */
export interface Identity extends Principal {
  via: 'password' | 'key' | 'token' | 'cookie';
  /** the session behind a token or cookie (raw id, as in the token) */
  sessionId?: string;
  /** the credentials behind a key login, or behind the session a key login opened */
  credentialId?: string;
  /** a key login's key pair: when it expires (null: never); the sessions it opens end by then */
  keyExpiresAt?: number | null;
  /**
   * A key login's secret, or the session's: its generation, and when it stops working where that is sooner than the
   * key pair's expiry (the secret a rotation replaced ends with its overlap)
   */
  secret?: { generation: number; previous: boolean; endsAt: number | null };
  /** when the membership was last recorded active, where the sign-in already read it */
  lastActiveAt?: number | null;
  /** the rest of the person's record, read with the rest of the sign-in */
  profile: UserProfile;
  twoFactor: TwoFactorStanding;
}

/** The role the ClearML clients see in identity.role. */
export function clearmlRole(identity: Pick<Identity, 'serverRole' | 'memberRole'>): 'admin' | 'user' {
  return identity.serverRole === 'admin' || identity.memberRole === 'owner' || identity.memberRole === 'admin' ? 'admin' : 'user';
}

/** Builds an Identity with every field, always in the same order: every call goes through here, so one object shape. */
export function makeIdentity(
  source: Principal & { lastActiveAt: number | null; profile: UserProfile; twoFactor: TwoFactorStanding },
  via: Identity['via'],
  links: {
    sessionId?: string | undefined;
    credentialId?: string | null | undefined;
    keyExpiresAt?: number | null | undefined;
    secret?: { generation: number; previous: boolean; endsAt: number | null } | undefined;
  },
): Identity {
  return {
    userId: source.userId,
    userName: source.userName,
    email: source.email,
    serverRole: source.serverRole,
    workspaceId: source.workspaceId,
    workspaceName: source.workspaceName,
    memberRole: source.memberRole,
    via,
    sessionId: links.sessionId,
    credentialId: links.credentialId ?? undefined,
    keyExpiresAt: links.keyExpiresAt,
    secret: links.secret,
    lastActiveAt: source.lastActiveAt,
    profile: source.profile,
    twoFactor: source.twoFactor,
  };
}
