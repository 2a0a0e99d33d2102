// What every sign-in reads about the person, their membership and the workspace, from users, memberships and
// workspaces joined as u, m and w: the same columns for a session and for a key pair, and the principal made from them.
import type { MemberRole, ServerRole } from '../db/schema.ts';
import type { Principal, UserProfile } from './identity.ts';
import { isoTime } from '../shared/time.ts';

export const SIGNED_IN_PERSON_COLUMNS = [
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
] as const;

export interface SignedInPersonRow {
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
}

/** The account details users.get_current_user shows, with the creation time formatted once, when the sign-in is read. */
export function userProfile(user: { given_name: string | null; family_name: string | null; created_at: number }): UserProfile {
  return { givenName: user.given_name, familyName: user.family_name, created: isoTime(user.created_at) };
}

export function signedInPerson(row: SignedInPersonRow): Principal & { lastActiveAt: number | null; profile: UserProfile } {
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
  };
}
