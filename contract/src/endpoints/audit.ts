// The security log (the caller's own account) and the audit log (a workspace's), paged by cursor, newest first.
import { z } from 'zod';
import { endpoint } from '../endpoint.ts';
import { idField } from '../fields.ts';
import { AUDIT_EVENT_GROUPS, AUDIT_EVENT_KINDS, AUDIT_PAGE_SIZE_MAX } from '../audit.ts';

const pageFields = {
  /** next_cursor of the page before */
  cursor: z.string().min(1).max(200).optional(),
  page_size: z.number().int().min(1).max(AUDIT_PAGE_SIZE_MAX).optional(),
  /** kinds ("key.revoked") or groups ("key") to keep; all when absent */
  kinds: z
    .array(z.enum([...AUDIT_EVENT_KINDS, ...AUDIT_EVENT_GROUPS] as [string, ...string[]], { message: `must be one of the kinds or groups the API reference lists` }))
    .min(1)
    .max(AUDIT_EVENT_KINDS.length)
    .optional(),
};

export const auditEndpoints = {
  'users.get_security_log': endpoint(
    "What happened to the caller's account, newest first: sign-ins (failed and throttled ones too), password and second-factor changes, key pairs, sessions ended, memberships. Never a secret.",
    z.strictObject(pageFields),
  ),
  'workspaces.get_audit_log': endpoint(
    "What happened in a workspace, newest first (owners and admins): sign-ins, key pairs, invitations, members, roles and limits, cloud access. Filter by person (who did it or whom it was about) and kind.",
    z.strictObject({ workspace: idField, user: idField.optional(), ...pageFields }),
  ),
};
