// Cloud access rows (storage_access.*): bucket credentials that the server keeps encrypted and uses to sign object
// URLs for the web app. Secrets are write-only: the server says only whether each is set, and its last 4 characters.
import type { z } from 'zod';
import type { storageAccessEndpoints } from './endpoints/storage-access.ts';

export type StorageProvider = 's3' | 'gcs' | 'azure';
export type StorageScope = 'user' | 'workspace';
export type Addressing = 'path' | 'virtual';

/**
 * A row as a caller sees it. `editable` (the owner of a user row, or a workspace owner/admin for a workspace row):
 * the whole row; everybody else sees only id, scope, provider and bucket.
 */
export interface AccessRow {
  id: string;
  scope: StorageScope;
  provider: StorageProvider;
  bucket: string;
  editable: boolean;
  endpoint?: string | null;
  key?: string | null;
  region?: string | null;
  /** the bucket's region as found by the server, only when it differs from `region` */
  detected_region?: string;
  addressing?: Addressing;
  addressing_default?: boolean;
  /** false when the server can no longer decrypt the stored secrets: the secret must be entered again */
  secrets_readable?: boolean;
  secret_set?: boolean;
  secret_last4?: string;
  secret_kind?: 'account_key' | 'sas';
  token_set?: boolean;
  token_last4?: string;
  service_account_set?: boolean;
  service_account_email?: string;
  created?: string;
  updated?: string;
}

/** A row in the list, with what the caller may do to it. */
export interface ListedAccessRow extends AccessRow {
  can: { update: boolean; delete: boolean };
}

export interface AccessRowList {
  rows: ListedAccessRow[];
  can: { add_workspace_rows: boolean };
  signed_url_expiry_sec: number;
  max_urls_per_call: number;
}

/**
 * The body of storage_access.set. Without `id` it creates a row; with `id` it updates one, where an omitted field
 * keeps its stored value and "" or null clears it.
 */
export type AccessRowChanges = z.input<(typeof storageAccessEndpoints)['storage_access.set']['params']>;

/** Why a URL could not be signed. */
export type SignFailureReason =
  | 'malformed_url'
  | 'unsupported_scheme'
  | 'no_matching_row'
  | 'region_unknown'
  | 'no_such_bucket'
  | 'secrets_unreadable'
  | 'signing_failed';

export type SignResult =
  | { url: string; signed_url: string; expires: string; row: string }
  | { url: string; error: string; reason: SignFailureReason };

export interface StorageAccessResults {
  'storage_access.get_all': AccessRowList;
  'storage_access.set': { row: AccessRow; created: boolean };
  'storage_access.delete': { deleted: number };
  'storage_access.sign_urls': { results: SignResult[] };
}
