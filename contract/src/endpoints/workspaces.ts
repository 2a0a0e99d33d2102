// Workspaces and their members (workspaces.*, organization.get_user_companies). Every call names the workspace it
// is about; the server checks membership and role on each, and answers what the caller may do (`can`, `why_not`).
import { z } from 'zod';
import { endpoint } from '../endpoint.ts';
import { idField, nonEmptyText } from '../fields.ts';
import { MAX_WORKSPACE_NAME_LENGTH } from '../workspaces.ts';
import { MAX_KEY_LIFETIME_DAYS, MIN_UNUSED_KEY_DAYS } from '../credentials.ts';

/** A workspace name in a request: trimmed, not empty, at most 100 characters. */
const workspaceNameField = nonEmptyText(MAX_WORKSPACE_NAME_LENGTH);
const memberLimitField = z
  .number({ message: 'must be a whole number of members, or null for no limit' })
  .int({ message: 'must be a whole number of members, or null for no limit' })
  .min(1, { message: 'must be at least 1 (null for no limit)' })
  .max(1_000_000, { message: 'must be at most 1000000' });
const workspace = idField.describe('the workspace id');

export const workspaceEndpoints = {
  'organization.get_user_companies': endpoint(
    'Every workspace the caller belongs to, with its seats, their role, and what they may do there.',
    z.strictObject({}),
  ),
  'workspaces.create': endpoint('Creates a workspace with the caller as its owner (multi-workspace servers).', z.strictObject({ name: workspaceNameField })),
  'workspaces.update': endpoint(
    "Changes a workspace's name, member limit, who may invite, the maximum lifetime of new key pairs or when unused key pairs are revoked (owners and admins), or whether its members need two-factor sign-in (owners who have it on).",
    z.strictObject({
      workspace,
      name: workspaceNameField.optional(),
      max_members: memberLimitField.nullable().optional().describe('null removes the workspace limit'),
      who_can_invite: z.enum(['admins', 'members']).optional(),
      max_key_lifetime_days: z
        .number({ message: 'must be a whole number of days, or null for no maximum' })
        .int({ message: 'must be a whole number of days, or null for no maximum' })
        .min(1, { message: 'must be at least 1 day (null for no maximum)' })
        .max(MAX_KEY_LIFETIME_DAYS, { message: `must be at most ${MAX_KEY_LIFETIME_DAYS} days` })
        .nullable()
        .optional()
        .describe('the longest a new key pair may live, in days; null: no maximum (key pairs made before keep their expiry)'),
      revoke_unused_key_pairs_after_days: z
        .number({ message: 'must be a whole number of days, or null to keep unused key pairs' })
        .int({ message: 'must be a whole number of days, or null to keep unused key pairs' })
        .min(MIN_UNUSED_KEY_DAYS, { message: `must be at least ${MIN_UNUSED_KEY_DAYS} days (null to keep unused key pairs)` })
        .max(MAX_KEY_LIFETIME_DAYS, { message: `must be at most ${MAX_KEY_LIFETIME_DAYS} days` })
        .nullable()
        .optional()
        .describe("key pairs no client has used for this many days are revoked, their owners told a few days before; null: never"),
      require_two_factor: z.boolean().optional().describe('members without two-factor sign-in keep only their account until they turn it on; their key pairs stop working meanwhile'),
    }),
  ),
  'workspaces.switch': endpoint('Moves the session into another workspace of the caller: the old session ends, a new cookie is set.', z.strictObject({ workspace })),
  'workspaces.get_members': endpoint(
    "A page of a workspace's members, with the seat summary and, for each member, what the caller may do to them.",
    z.strictObject({
      workspace,
      search: z.string().trim().max(100).optional().describe('part of a name or email address'),
      page: z.number().int().min(0).max(100_000).optional(),
      page_size: z.number().int().min(1).max(500).optional(),
    }),
  ),
  'workspaces.set_member_role': endpoint(
    "Changes a member's role (owners and admins; only an owner grants or takes away ownership).",
    z.strictObject({ workspace, user: idField, role: z.enum(['owner', 'admin', 'member']) }),
  ),
  'workspaces.remove_member': endpoint(
    'Removes a member: their keys, sessions, pending invitations and cloud access rows there go with them.',
    z.strictObject({ workspace, user: idField }),
  ),
  'workspaces.get_leave_impact': endpoint('What leaving would take from the caller: whether they may, and the key pairs that would stop working.', z.strictObject({ workspace })),
  'workspaces.leave': endpoint('The caller leaves the workspace; their keys and sessions there end.', z.strictObject({ workspace })),
};
