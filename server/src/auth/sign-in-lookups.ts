// The two lookups behind every sign-in that is not a password: the owner of a key pair, and the session behind a
// token or cookie. Both read the same columns about the person, their membership and the workspace, from users,
// memberships and workspaces joined as u, m and w (and the person's two-factor row, tf), and make the same principal
// from them.
import type { Db } from '../db/database.ts';
import type { MemberRole, ServerRole } from '../db/schema.ts';
import { precompile } from '../db/precompiled.ts';
import type { Principal, TwoFactorStanding, UserProfile } from './identity.ts';
import { isoTime } from '../shared/time.ts';
import { storedSessionId, type SessionKey } from './sessions.ts';

const SIGNED_IN_PERSON_COLUMNS = [
  'u.id as user_id',
  'u.name',
  'u.email',
  'u.server_role',
  'u.given_name',
  'u.family_name',
  'u.created_at',
  'w.id as workspace_id',
  'w.name as workspace_name',
  'm.role',
  'm.last_active_at',
  'w.require_two_factor',
  'tf.enabled_at as two_factor_enabled_at',
] as const;

interface SignedInPersonRow {
  user_id: string;
  name: string;
  email: string;
  server_role: ServerRole;
  given_name: string | null;
  family_name: string | null;
  created_at: number;
  workspace_id: string;
  workspace_name: string;
  role: MemberRole;
  last_active_at: number | null;
  require_two_factor: number;
  two_factor_enabled_at: number | null;
}

/** The account details users.get_current_user shows, with the creation time formatted once, when the sign-in is read. */
export function userProfile(user: { given_name: string | null; family_name: string | null; created_at: number }): UserProfile {
  return { givenName: user.given_name, familyName: user.family_name, created: isoTime(user.created_at) };
}

function signedInPerson(row: SignedInPersonRow): Principal & { lastActiveAt: number | null; profile: UserProfile; twoFactor: TwoFactorStanding } {
  return {
    userId: row.user_id,
    userName: row.name,
    email: row.email,
    serverRole: row.server_role,
    workspaceId: row.workspace_id,
    workspaceName: row.workspace_name,
    memberRole: row.role,
    lastActiveAt: row.last_active_at,
    profile: userProfile(row),
    twoFactor: { workspaceRequires: Number(row.require_two_factor) === 1, enabled: row.two_factor_enabled_at !== null },
  };
}

export interface KeyOwner extends Principal {
  credentialId: string;
  secretHash: string;
  /** when the key pair stops working; null: never (it never changes, so what is remembered stays true) */
  keyExpiresAt: number | null;
  /** the generation of secretHash (credentials.secret_generation) */
  secretGeneration: number;
  /** the secret a rotation replaced and when its overlap ends, while the key pair has one (a change raises the epoch) */
  previousSecret: { hash: string; endsAt: number } | null;
  lastActiveAt: number | null;
  profile: UserProfile;
  twoFactor: TwoFactorStanding;
}

const keyOwnerQuery = precompile<{ accessKey: string }>()((db, param) =>
  db
    .selectFrom('credentials as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .innerJoin('memberships as m', (join) => join.onRef('m.workspace_id', '=', 'c.workspace_id').onRef('m.user_id', '=', 'c.user_id'))
    .innerJoin('workspaces as w', 'w.id', 'c.workspace_id')
    .leftJoin('two_factor as tf', 'tf.user_id', 'u.id')
    .select([...SIGNED_IN_PERSON_COLUMNS, 'c.id', 'c.secret_hash', 'c.expires_at', 'c.secret_generation', 'c.previous_secret_hash', 'c.previous_secret_ends_at'])
    .where('c.access_key', '=', param('accessKey'))
    .where('c.revoked_at', 'is', null),
);

/** The unrevoked key with its owner, if the owner is still a member of the key's workspace. */
export async function findKeyOwner(db: Db, accessKey: string): Promise<KeyOwner | undefined> {
  const [row] = await keyOwnerQuery(db, { accessKey });
  if (!row) return undefined;
  const previousSecret = row.previous_secret_hash !== null && row.previous_secret_ends_at !== null ? { hash: row.previous_secret_hash, endsAt: Number(row.previous_secret_ends_at) } : null;
  return {
    ...signedInPerson(row),
    credentialId: row.id,
    secretHash: row.secret_hash,
    keyExpiresAt: row.expires_at,
    secretGeneration: Number(row.secret_generation),
    previousSecret,
  };
}

export interface ActiveSession extends Principal {
  credentialId: string | null;
  /** the generation of the key pair's secret it was opened with (1 for a password session) */
  secretGeneration: number;
  /** opened with the secret a rotation replaced, which works until its overlap ends (so does the session) */
  withPreviousSecret: boolean;
  lastActiveAt: number | null;
  expiresAt: number;
  profile: UserProfile;
  twoFactor: TwoFactorStanding;
}

const activeSessionQuery = precompile<{ userId: string; workspaceId: string; id: string; now: number }>()((db, param) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('memberships as m', (join) => join.onRef('m.workspace_id', '=', 's.workspace_id').onRef('m.user_id', '=', 's.user_id'))
    .innerJoin('workspaces as w', 'w.id', 's.workspace_id')
    .leftJoin('credentials as c', 'c.id', 's.credential_id')
    .leftJoin('two_factor as tf', 'tf.user_id', 'u.id')
    .select([...SIGNED_IN_PERSON_COLUMNS, 's.credential_id', 's.expires_at', 's.secret_generation', 'c.secret_generation as key_generation', 'c.previous_secret_ends_at'])
    .where('s.user_id', '=', param('userId'))
    .where('s.workspace_id', '=', param('workspaceId'))
    .where('s.id', '=', param('id'))
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', param('now'))
    // a session opened with a key pair lasts only while the key pair does, even one opened as it was being revoked
    .where((eb) => eb.or([eb('s.credential_id', 'is', null), eb('c.revoked_at', 'is', null)])),
);

/**
 * The session with its user and membership, if it is unrevoked, unexpired, the user is still a member, and the key
 * pair it was opened with (if any) is not revoked.
 */
export async function findActiveSession(db: Db, key: SessionKey, now: number): Promise<ActiveSession | undefined> {
  const [row] = await activeSessionQuery(db, { userId: key.userId, workspaceId: key.workspaceId, id: storedSessionId(key.rawId), now });
  if (!row) return undefined;
  let expiresAt = Number(row.expires_at);
  let withPreviousSecret = false;
  const generation = Number(row.secret_generation);
  if (row.credential_id !== null && row.key_generation !== null) {
    // opened with the key pair's secret; or with the one a rotation replaced, and then it ends with that secret's overlap
    const keyGeneration = Number(row.key_generation);
    if (generation !== keyGeneration) {
      if (generation !== keyGeneration - 1 || row.previous_secret_ends_at === null) return undefined;
      expiresAt = Math.min(expiresAt, Number(row.previous_secret_ends_at));
      withPreviousSecret = true;
    }
  }
  return { ...signedInPerson(row), credentialId: row.credential_id, secretGeneration: generation, withPreviousSecret, expiresAt };
}
