// The person's key pairs in the workspace the session is in (auth.*_credentials).

export const MAX_CREDENTIAL_LABEL_LENGTH = 100;

/** How far ahead a key pair's expiry may be set, and a workspace's maximum key lifetime, in days. */
export const MAX_KEY_LIFETIME_DAYS = 3650;

/** A key pair whose expiry is this near is pointed out on the page (and, with mail, its owner is told once). */
export const KEY_EXPIRY_NOTICE_DAYS = 7;

/** The lifetimes the web app offers when a key pair is made, in days (beside "never" and a date). */
export const KEY_LIFETIME_CHOICES = [30, 90, 365] as const;

/** A workspace may revoke key pairs unused for this many days, from 7 (a key pair used weekly is never revoked) on. */
export const MIN_UNUSED_KEY_DAYS = 7;

/** Days before an unused key pair is revoked that its owner is told (once per stretch of disuse). */
export const UNUSED_KEY_NOTICE_DAYS = 3;

/** A key pair as people see it: never the secret. */
export interface Credential {
  access_key: string;
  label?: string | null;
  created: string;
  last_used?: string | null;
  last_used_from?: string | null;
  last_used_client?: string | null;
  /** when it stops working; absent: never */
  expires?: string;
  /** it has expired: it signs in no more, and is listed until revoked */
  expired?: boolean;
}

export interface CredentialList {
  credentials: Credential[];
  max_credentials: number;
  /** the workspace's maximum lifetime of new key pairs, in days; null: none */
  max_key_lifetime_days: number | null;
  /** the workspace revokes key pairs unused for this many days; null: never */
  revoke_unused_after_days: number | null;
}

export interface NewCredential {
  access_key: string;
  secret_key: string;
  label?: string | null;
  /** when it stops working; absent: never */
  expires?: string;
}

export interface CredentialResults {
  'auth.create_credentials': { credentials: NewCredential };
  'auth.get_credentials': CredentialList;
  'auth.edit_credentials': { updated: number };
  'auth.revoke_credentials': { revoked: number };
  /** the same answer whether or not the secret was one of Foyer's */
  'auth.report_leaked_secret': { received: true };
}
