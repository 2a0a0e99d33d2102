// The security log (a person's) and the audit log (a workspace's): one append-only record of what happened to an
// account or in a workspace. Entries never hold a secret: a key pair is named by its access key, an invitation by
// its id, a session by its handle.
import type { SessionClient } from './users.ts';

/** Every kind of entry, grouped by what it is about (the part before the dot is the group the filters offer). */
export const AUDIT_EVENT_KINDS = [
  'account.created',
  'sign_in.password',
  'sign_in.key',
  'sign_in.sso',
  'sign_in.failed',
  'sign_in.throttled',
  'sign_in.second_factor_failed',
  'sign_in.recovery_code_used',
  'password.changed',
  'password.reset_requested',
  'password.reset',
  'two_factor.enabled',
  'two_factor.disabled',
  'two_factor.recovery_codes_renewed',
  'sso.linked',
  'email.verified',
  'email.changed',
  'key.created',
  'key.relabelled',
  'key.revoked',
  'key.used_from_new_place',
  'key.reported_leaked',
  'key.revoked_unused',
  'key.rotated',
  'key.rotation_ended',
  'key.rotation_rolled_back',
  'session.ended',
  'session.ended_others',
  'invite.created',
  'invite.revoked',
  'invite.accepted',
  'invite.sent',
  'member.joined',
  'member.left',
  'member.removed',
  'member.role_changed',
  'workspace.created',
  'workspace.renamed',
  'workspace.settings_changed',
  'cloud_access.added',
  'cloud_access.changed',
  'cloud_access.removed',
  'cloud_access.tested',
] as const;

export type AuditEventKind = (typeof AUDIT_EVENT_KINDS)[number];

export const AUDIT_EVENT_GROUPS = [...new Set(AUDIT_EVENT_KINDS.map((kind) => kind.slice(0, kind.indexOf('.'))))] as AuditEventGroup[];
export type AuditEventGroup = AuditEventKind extends `${infer G}.${string}` ? G : never;

/** What an entry's details may hold: short words, numbers, flags (never a secret). */
export type AuditDetails = Record<string, string | number | boolean | null>;

export interface AuditEventPerson {
  id: string;
  /** the name the account has now; null once the account is gone */
  name: string | null;
  email: string | null;
}

/** One entry, as both logs list it. */
export interface AuditEvent {
  id: string;
  at: string;
  kind: AuditEventKind;
  /** who did it; null where nobody was signed in (a failed sign-in) or the server did it */
  actor: AuditEventPerson | null;
  /** whose account it is about (the person signed in, the member removed); null for workspace-only entries */
  subject: AuditEventPerson | null;
  workspace: { id: string; name: string | null } | null;
  /** what it acted on: an access key, an invitation id, a cloud bucket, a session handle */
  target: string | null;
  /** the client address it came from */
  ip: string | null;
  client: SessionClient | null;
  details: AuditDetails;
}

export const AUDIT_PAGE_SIZE_DEFAULT = 50;
export const AUDIT_PAGE_SIZE_MAX = 500;

export interface AuditPage {
  events: AuditEvent[];
  /** pass as `cursor` for the next (older) page; null on the last page */
  next_cursor: string | null;
  /** how long entries are kept, in days (FOYER_AUDIT_RETENTION_DAYS); 0: kept for ever */
  retention_days: number;
}

export interface AuditResults {
  'users.get_security_log': AuditPage;
  'workspaces.get_audit_log': AuditPage;
}
