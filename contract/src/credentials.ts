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

/** A rotation's overlap: how long the secret it replaces keeps working, by default and at most, in seconds. */
export const DEFAULT_ROTATION_OVERLAP_SEC = 7 * 24 * 3600;
export const MAX_ROTATION_OVERLAP_SEC = 30 * 24 * 3600;

/** The overlaps the web app offers, in seconds (0: the old secret stops at once). */
export const ROTATION_OVERLAP_CHOICES = [0, 3600, 24 * 3600, 7 * 24 * 3600, 30 * 24 * 3600] as const;

/** Why a rotation call changed nothing: a rotation under way already, an expired key pair, or no overlap left. */
export const KEY_ROTATION_REFUSALS = ['in_rotation', 'expired', 'no_rotation'] as const;
export type KeyRotationRefusal = (typeof KEY_ROTATION_REFUSALS)[number];

/** A key pair's rotation while its overlap lasts: the old secret still opens sessions, and who still uses it. */
export interface CredentialRotation {
  /** when the new secret was given */
  rotated: string;
  /** when the old secret stops working */
  old_secret_until: string;
  /** the old secret's last use since the rotation: absent while it has not been used since */
  old_secret_last_used?: string;
  /** the worker's name where the client sent one, else the address */
  old_secret_last_used_from?: string;
  old_secret_last_used_client?: string;
  old_secret_last_used_worker?: string;
}

/** A key pair as people see it: never the secret. */
export interface Credential {
  access_key: string;
  label?: string | null;
  created: string;
  last_used?: string | null;
  last_used_from?: string | null;
  last_used_client?: string | null;
  /** the X-ClearML-Worker of the last use, where the client sent one */
  last_used_worker?: string | null;
  /** when it stops working; absent: never */
  expires?: string;
  /** it has expired: it signs in no more, and is listed until revoked */
  expired?: boolean;
  /** present while a rotation's old secret still works */
  rotation?: CredentialRotation;
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
  /** the new secret (in this answer only), and until when the old one keeps working (absent: it stopped at once) */
  'auth.rotate_credentials': { credentials: NewCredential & { old_secret_until?: string } };
  'auth.end_credentials_rotation': { ended: number };
  'auth.roll_back_credentials_rotation': { rolled_back: number };
  /** the same answer whether or not the secret was one of Foyer's */
  'auth.report_leaked_secret': { received: true };
}
