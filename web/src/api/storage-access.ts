// Cloud access rows (storage_access.*): bucket credentials that the server keeps encrypted and uses to sign object
// URLs for the web app. Secrets are write-only: the server says only whether each is set, and its last 4 characters.
import { callApi } from './client';

export type StorageProvider = 's3' | 'gcs' | 'azure';
export type StorageScope = 'user' | 'workspace';
export type Addressing = 'path' | 'virtual';

/** A row as the server shows it. A workspace row that the caller may not manage carries only the first five fields. */
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
  can: { update: boolean; delete: boolean };
}

export interface AccessRowList {
  rows: AccessRow[];
  can: { add_workspace_rows: boolean };
  signed_url_expiry_sec: number;
  max_urls_per_call: number;
}

/**
 * The body of storage_access.set. Without `id` it creates a row; with `id` it updates one, where an omitted field
 * keeps its stored value and "" or null clears it.
 */
export interface AccessRowChanges {
  id?: string;
  scope?: StorageScope;
  provider?: StorageProvider;
  bucket?: string;
  key?: string | null;
  secret?: string | null;
  token?: string | null;
  region?: string | null;
  endpoint?: string | null;
  addressing?: Addressing | null;
  service_account_json?: string | null;
}

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

/** Subcode of storage_access.set when the caller already has a row for that bucket and endpoint. */
export const DUPLICATE_ROW_SUBCODE = 801;

export function getAccessRows(): Promise<AccessRowList> {
  return callApi('storage_access.get_all');
}

export function saveAccessRow(changes: AccessRowChanges): Promise<{ row: AccessRow; created: boolean }> {
  return callApi('storage_access.set', changes);
}

export function deleteAccessRow(id: string): Promise<{ deleted: number }> {
  return callApi('storage_access.delete', { id });
}

export async function signUrls(urls: string[]): Promise<SignResult[]> {
  const data = await callApi<{ results: SignResult[] }>('storage_access.sign_urls', { urls });
  return data.results;
}

export async function signUrl(url: string): Promise<SignResult> {
  const [result] = await signUrls([url]);
  if (!result) throw new Error('The server answered storage_access.sign_urls without a result.');
  return result;
}
