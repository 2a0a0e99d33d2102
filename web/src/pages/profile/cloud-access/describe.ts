// Words for cloud access rows: provider names, masked secrets, the object URL forms a row signs, and the sign
// errors the server gives. Pure functions, no React.
import { exactTime, parseTime } from '../../../ui/times';
import { isMixedContentUrl } from './object-check';
import type { AccessRow, SignFailureReason, StorageProvider } from '@foyer/contract';

export const PROVIDER_LABELS: Record<StorageProvider, string> = {
  s3: 'S3',
  gcs: 'Google Cloud Storage',
  azure: 'Azure Blob Storage',
};

export const PROVIDER_SHORT: Record<StorageProvider, string> = { s3: 'S3', gcs: 'GCS', azure: 'Azure' };

/** "set · ••••abcd", "set" (a secret too short to show any of it), or "not set". */
export function maskedSecret(set: boolean | undefined, last4: string | undefined): string {
  if (!set) return 'not set';
  return last4 ? `set · ••••${last4}` : 'set';
}

/** What a screen reader says for a masked secret: the dots read as nothing useful. */
export function spokenSecret(set: boolean | undefined, last4: string | undefined): string {
  if (!set) return 'not set';
  return last4 ? `set, ending in ${last4}` : 'set';
}

/** An http:// endpoint seen from an https:// page: browsers block such objects as mixed content. */
export function isMixedContent(endpoint: string | null | undefined, pageProtocol = window.location.protocol): boolean {
  return typeof endpoint === 'string' && isMixedContentUrl(endpoint.trim(), pageProtocol);
}

export const MIXED_CONTENT_WARNING =
  'This page is served over https://, so the browser blocks objects from an http:// endpoint (mixed content). Use an https:// endpoint for this bucket.';

/** Azure rows keep "account" or "account/container" in bucket. */
export function azureParts(bucket: string): { account: string; container: string } {
  const [account = '', container = ''] = bucket.split('/');
  return { account, container };
}

/** The bucket as people read it: Azure as "account / container". */
export function bucketLabel(row: Pick<AccessRow, 'provider' | 'bucket'>): string {
  if (row.provider !== 'azure') return row.bucket;
  const { account, container } = azureParts(row.bucket);
  return container ? `${account} / ${container}` : `${account} (every container)`;
}

/** The start of an object URL that this row signs: the user adds the object's path. */
export function objectUrlPrefix(row: AccessRow): string {
  const endpoint = row.endpoint ? safeUrl(row.endpoint) : undefined;
  if (row.provider === 'gcs') return `gs://${row.bucket}/`;
  if (row.provider === 'azure') {
    const { account, container } = azureParts(row.bucket);
    const containerPart = container || 'container';
    if (endpoint) {
      return row.addressing === 'virtual' ? `${endpoint.origin}/${containerPart}/` : `${endpoint.origin}/${account}/${containerPart}/`;
    }
    return `azure://${account}.blob.core.windows.net/${containerPart}/`;
  }
  if (endpoint) return `s3://${endpoint.host}/${row.bucket}/`;
  return `s3://${row.bucket}/`;
}

function safeUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** A heading for each reason storage_access.sign_urls gives; the server's own sentence follows it. */
export const SIGN_FAILURE_TITLES: Record<SignFailureReason, string> = {
  malformed_url: 'This is not an object URL Foyer can read',
  unsupported_scheme: 'This kind of URL cannot be signed',
  no_matching_row: 'No row signs this URL',
  region_unknown: 'The bucket’s region is unknown',
  no_such_bucket: 'There is no such bucket',
  secrets_unreadable: 'The stored secret can no longer be read',
  signing_failed: 'The server could not sign this URL',
};

export function whenExpires(iso: string): string {
  const date = parseTime(iso);
  return date ? exactTime(date) : iso;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes.toLocaleString()} byte${bytes === 1 ? '' : 's'}`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
