// Table types for Kysely. Times are integer milliseconds since the epoch (UTC) on both databases.
import type { ColumnType } from 'kysely';
export type ServerRole = 'admin' | 'user';
export type MemberRole = 'owner' | 'admin' | 'member';

export interface UsersTable {
  id: string;
  email: string; // stored lower-cased: unique case-insensitively
  name: string;
  given_name: string | null;
  family_name: string | null;
  password_hash: string;
  server_role: ServerRole;
  preferences: string; // JSON object
  active_workspace_id: string | null; // remembered for the next sign-in
  created_at: number;
  /** when the address it has now was verified by a mailed link; null: not verified (migration 016) */
  email_verified_at: number | null;
  /** when a verification link was last mailed on request: "Send the link again" is throttled by it */
  verification_sent_at: number | null;
}

export interface WorkspacesTable {
  id: string;
  name: string;
  /** null: no limit of its own (the server-wide FOYER_MAX_MEMBERS still applies) */
  max_members: number | null;
  who_can_invite: 'admins' | 'members';
  /** 1: members must have two-factor sign-in on to use the workspace (0 when left out of an insert) */
  require_two_factor: ColumnType<number, number | undefined, number>;
  /** new key pairs live at most this many days; null: no maximum (migration 017) */
  max_key_lifetime_days: ColumnType<number | null, number | null | undefined, number | null>;
  /** key pairs unused for this many days are revoked; null: never (migration 019) */
  revoke_unused_key_pairs_after_days: ColumnType<number | null, number | null | undefined, number | null>;
  /** set for a user's personal workspace in multi mode */
  personal_of_user_id: string | null;
  created_at: number;
}

export interface MembershipsTable {
  workspace_id: string;
  user_id: string;
  role: MemberRole;
  joined_at: number;
  last_active_at: number | null;
}

export interface CredentialsTable {
  id: string;
  access_key: string;
  secret_hash: string; // sha256 hex of the secret: the secret has ~400 random bits, so a fast hash is enough
  user_id: string;
  workspace_id: string;
  label: string | null;
  created_at: number;
  last_used_at: number | null;
  last_used_from: string | null;
  last_used_client: string | null;
  revoked_at: number | null;
  /** when it stops working; null: never (migration 017) */
  expires_at: ColumnType<number | null, number | null | undefined, number | null>;
  /** when its owner was told it expires soon (once) */
  expiry_notice_sent_at: ColumnType<number | null, number | null | undefined, number | null>;
  /** when its owner was told it will be revoked for disuse (migration 019) */
  inactivity_notice_sent_at: ColumnType<number | null, number | null | undefined, number | null>;
  /** how many secrets the key pair has had: 1 for the one it was made with, one more per rotation (migration 020) */
  secret_generation: ColumnType<number, number | undefined, number>;
  /** the secret a rotation replaced, still opening sessions until previous_secret_ends_at; null: no rotation */
  previous_secret_hash: ColumnType<string | null, string | null | undefined, string | null>;
  previous_secret_ends_at: ColumnType<number | null, number | null | undefined, number | null>;
  /** when the secret it has now was given by a rotation; null: made with it */
  rotated_at: ColumnType<number | null, number | null | undefined, number | null>;
  /** X-ClearML-Worker of the last use, when the client sent one */
  last_used_worker: ColumnType<string | null, string | null | undefined, string | null>;
  /** the last use of the previous secret since the rotation: when, from where (worker or address), client, worker */
  previous_used_at: ColumnType<number | null, number | null | undefined, number | null>;
  previous_used_from: ColumnType<string | null, string | null | undefined, string | null>;
  previous_used_client: ColumnType<string | null, string | null | undefined, string | null>;
  previous_used_worker: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  workspace_id: string;
  credential_id: string | null; // set when the session was opened with a key pair
  /** the generation of the key pair's secret it was opened with (credentials.secret_generation; 1 otherwise) */
  secret_generation: ColumnType<number, number | undefined, number>;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  /** why it was revoked (null for sessions revoked before this was kept: read as a sign-out) */
  ended_by: SessionEnd | null;
  /** the client address it was opened from (FOYER_TRUST_PROXY decides which) */
  ip: string | null;
  /** X-ClearML-Client or X-ClearML-Agent as sent when it was opened ("clearml-1.17.0", "api-1.9.2") */
  client: string | null;
  /** X-ClearML-Worker as sent when it was opened: the host name of the machine the SDK or agent runs on */
  worker: string | null;
  /** the User-Agent it was opened with, cut to 400 characters */
  user_agent: string | null;
  /** its last use, recorded to the minute (credentials/last-used.ts); null until it is used after opening */
  last_seen_at: number | null;
}

/** What ended a session early. */
export type SessionEnd = 'signed_out' | 'ended_elsewhere' | 'password_changed' | 'membership_ended' | 'key_revoked' | 'secret_replaced' | 'rotation_rolled_back';

export interface LoginThrottleTable {
  key: string; // "account:<email>" or "ip:<address>"
  failures: number;
  last_failure_at: number;
  blocked_until: number;
}

export interface SetupTokensTable {
  token_hash: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface ServerSettingsTable {
  key: string;
  value: string; // JSON
}

export interface WorkersTable {
  workspace_id: string;
  id: string; // the worker name the agent chose
  user_id: string;
  queues: string; // JSON array of queue ids
  tags: string; // JSON array
  registered_at: number;
  last_activity_at: number;
  last_report: string | null; // JSON of the last status report (machine stats)
}

export interface InvitesTable {
  id: string;
  workspace_id: string;
  created_by: string;
  token_hash: string;
  role: Exclude<MemberRole, 'owner'>;
  email: string | null; // the link works only for this address
  email_domains: string | null; // JSON array of allowed domains, or null
  /** what the inviter noted for the team ("for the data team"); shown in the list of links, never to the invitee */
  note: string | null;
  max_uses: number;
  uses: number;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  /** 1: the owner chose to let this bound link admit an address nobody verified (servers without mail only) */
  accept_unverified: number;
  /** when it was last sent by mail ("Invite by email" is throttled by it) */
  last_sent_at: number | null;
}

export interface InviteUsesTable {
  invite_id: string;
  user_id: string;
  joined_at: number;
}

/** A cloud access row. Every secret is inside `secrets`, sealed (shared/sealed.ts). */
export interface StorageAccessTable {
  id: string;
  workspace_id: string;
  user_id: string | null; // null for a workspace-wide row
  scope: 'user' | 'workspace';
  provider: 's3' | 'gcs' | 'azure';
  bucket: string; // Azure: "account" or "account/container"
  endpoint: string | null; // "scheme://host[:port]"
  key_id: string | null; // access key id / HMAC access id (not secret)
  region: string | null;
  addressing: 'path' | 'virtual' | null; // null: the default for the provider and endpoint
  secrets: string; // AES-256-GCM sealed JSON {secret, token, service_account}, the row id as associated data
  match_key: string; // unique per workspace: owner, provider, bucket, endpoint
  detected_region: string | null; // the bucket's region as last found (S3)
  region_checked_at: number | null;
  version: number; // bumped on every change
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface QueuesTable {
  id: string;
  workspace_id: string;
  name: string;
  tags: string; // JSON array
  system_tags: string; // JSON array
  created_by: string;
  created_at: number;
}

/** A worker that unregistered lately: its late status reports do not bring it back (migration 006). */
export interface WorkerDeparturesTable {
  workspace_id: string;
  worker_id: string;
  departed_at: number;
}

/** One row (id 1): raised by triggers whenever a sign-in may have ended or changed (migration 005). */
export interface AuthEpochTable {
  id: number;
  value: number;
}

/** One entry of the security and audit logs (migration 012): append-only, never a secret. */
export interface AuditEventsTable {
  id: string;
  at: number;
  kind: string;
  /** who did it: null for a failed sign-in, or what the server did itself */
  actor_user_id: string | null;
  /** whose account it is about: the person's security log lists these */
  subject_user_id: string | null;
  /** the workspace's audit log lists these */
  workspace_id: string | null;
  target: string | null;
  ip: string | null;
  client: string | null;
  worker: string | null;
  user_agent: string | null;
  details: string; // JSON object of short values
}

/** A person's TOTP secret (migration 013); enabled_at null while they enrol. */
export interface TwoFactorTable {
  user_id: string;
  secret_sealed: string;
  created_at: number;
  enabled_at: number | null;
  /** the time step of the last code accepted; a code at or before it is refused (no replay) */
  last_time_step: number;
}

export interface RecoveryCodesTable {
  user_id: string;
  code_hash: string;
  used_at: number | null;
}

/** A "Forgot password?" link (migration 015), kept as the hash of its token; only an account's newest one works. */
export interface PasswordResetsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** A mailed link that verifies an address (migration 016): stored only as the hash of its token. */
export interface EmailLinksTable {
  id: string;
  user_id: string;
  /** verify: the address the account has; change: the new address it asked for, taken when the link is followed */
  purpose: 'verify' | 'change';
  email: string;
  token_hash: string;
  /** the bound invitation the account joins once the address is verified */
  invite_id: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  /** set when a newer link of the same account voided this one */
  replaced_at: number | null;
}

/** One mail of an invitation, with the hash of the link token it carried (another token of the same invitation). */
export interface InviteSendsTable {
  id: string;
  invite_id: string;
  email: string;
  token_hash: string;
  sent_by: string | null;
  sent_at: number;
}

/** A person at an OpenID Connect provider, by the provider's `sub`, linked to one account (migration 022). */
export interface OidcIdentitiesTable {
  provider_id: string;
  subject: string;
  user_id: string;
  /** the address the provider gave at the last sign-in */
  email: string;
  linked_at: number;
  last_sign_in_at: number;
}

/** A sign-in with a provider under way, by the hash of its token (migration 022; oidc/store.ts). */
export interface OidcFlowsTable {
  token_hash: string;
  /** authorize: the person is at the provider; link / second_factor: one more step before the session opens */
  stage: 'authorize' | 'link' | 'second_factor';
  provider_id: string;
  browser_hash: string;
  nonce: string | null;
  code_verifier: string | null;
  /** link / second_factor: the account the step is for */
  user_id: string | null;
  /** link / second_factor: what the provider said of the person (JSON: subject, email, name, groups) */
  claims: string | null;
  created_at: number;
  expires_at: number;
}

/** A membership a provider's rules gave, with the role they gave (migration 022). */
export interface OidcMembershipsTable {
  workspace_id: string;
  user_id: string;
  provider_id: string;
  role: 'member' | 'admin';
  granted_at: number;
}

/** Whether a workspace requires single sign-on of its members (migration 023). */
export interface OidcWorkspacePoliciesTable {
  workspace_id: string;
  require_sso: number;
  changed_by: string | null;
  changed_at: number;
}

export interface Database {
  users: UsersTable;
  workspaces: WorkspacesTable;
  memberships: MembershipsTable;
  credentials: CredentialsTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
  setup_tokens: SetupTokensTable;
  server_settings: ServerSettingsTable;
  workers: WorkersTable;
  invites: InvitesTable;
  invite_uses: InviteUsesTable;
  storage_access: StorageAccessTable;
  queues: QueuesTable;
  auth_epoch: AuthEpochTable;
  worker_departures: WorkerDeparturesTable;
  audit_events: AuditEventsTable;
  two_factor: TwoFactorTable;
  recovery_codes: RecoveryCodesTable;
  password_resets: PasswordResetsTable;
  email_links: EmailLinksTable;
  invite_sends: InviteSendsTable;
  oidc_identities: OidcIdentitiesTable;
  oidc_flows: OidcFlowsTable;
  oidc_memberships: OidcMembershipsTable;
  oidc_workspace_policies: OidcWorkspacePoliciesTable;
}
