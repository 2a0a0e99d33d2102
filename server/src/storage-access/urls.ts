// Pure rules: which object a URL names, and which of the caller's rows signs it. No network: a host taken
// from a URL is only ever compared with the hosts of configured rows, never contacted.
import type { SignFailureReason } from '@foyer/contract';
import type { Addressing, Provider, Scope } from './rules.ts';

export type Reason = SignFailureReason;

export interface Refusal {
  reason: Reason;
  message: string;
}

/** An object in a bucket (S3, GCS) or in an Azure container. Keys are the object's name, not URL-encoded. */
export type ObjectRef = { bucket: string; key: string } | AzureBlobRef;

/** An Azure blob; blobHostSuffix is one of Azure's own clouds (never a host chosen by whoever wrote the URL). */
export interface AzureBlobRef {
  account: string;
  container: string;
  blob: string;
  blobHostSuffix: AzureHostSuffix;
}

export const AZURE_HOST_SUFFIXES = ['blob.core.windows.net', 'blob.core.chinacloudapi.cn', 'blob.core.usgovcloudapi.net'] as const;
export type AzureHostSuffix = (typeof AZURE_HOST_SUFFIXES)[number];

function azureHost(host: string): { account: string; suffix: AzureHostSuffix } | undefined {
  const m = /^([a-z0-9]{3,24})\.(.+)$/.exec(host.toLowerCase());
  const suffix = AZURE_HOST_SUFFIXES.find((s) => s === m?.[2]);
  return m && suffix ? { account: m[1]!, suffix } : undefined;
}

export type ParsedUrl =
  /** s3://a/rest: "a" is a bucket on AWS, or the host of a row's endpoint (then rest = bucket/key) */
  | { kind: 's3'; authority: string; rest: string }
  /** s3://host:port/bucket/key (the port marks a host, as in ClearML) */
  | { kind: 's3-host'; hostname: string; port: number; bucket: string; key: string }
  /** an AWS-hosted object given as an https URL */
  | { kind: 'aws'; bucket: string; key: string }
  | { kind: 'gcs'; bucket: string; key: string }
  | ({ kind: 'azure' } & AzureBlobRef)
  /** any other http(s) URL: signed only when a row's endpoint serves it */
  | { kind: 'http'; protocol: 'http:' | 'https:'; hostname: string; port: number; segments: string[] };

export const MAX_URL_LENGTH = 4096;

const refuse = (reason: Reason, message: string): Refusal => ({ reason, message });

function defaultPort(protocol: string): number {
  return protocol === 'https:' ? 443 : 80;
}

/** Splits "host[:port]" / "[v6]:port". */
function splitHostPort(authority: string): { hostname: string; port?: number } | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(authority);
  if (!m) return undefined;
  const port = m[2] !== undefined ? Number(m[2]) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  return { hostname: m[1]!.toLowerCase(), ...(port !== undefined ? { port } : {}) };
}

function firstAndRest(path: string): [string, string] {
  const slash = path.indexOf('/');
  return slash < 0 ? [path, ''] : [path.slice(0, slash), path.slice(slash + 1)];
}

export function parseObjectUrl(input: string): ParsedUrl | Refusal {
  const url = input.trim();
  if (url === '') return refuse('malformed_url', 'The URL is empty');
  if (url.length > MAX_URL_LENGTH) return refuse('malformed_url', `The URL is longer than ${MAX_URL_LENGTH} characters`);
  if (/\p{Cc}/u.test(url)) return refuse('malformed_url', 'The URL contains control characters (a line break?)');
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)(?:\/(.*))?$/s.exec(url);
  if (!m) {
    if (/^(\/|file:|[a-zA-Z]:\\|\\\\)/.test(url)) return refuse('unsupported_scheme', 'A local file path cannot be signed; only s3://, gs://, azure:// and http(s):// URLs of a configured endpoint can');
    if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(url)) return refuse('unsupported_scheme', `Unsupported URL scheme "${url.slice(0, url.indexOf(':') + 1)}"; Foyer signs s3://, gs://, azure:// and http(s):// URLs of a configured endpoint`);
    return refuse('malformed_url', 'Not a URL: expected s3://bucket/key, gs://bucket/key, azure://account.blob.core.windows.net/container/path or an http(s):// URL');
  }
  const scheme = m[1]!.toLowerCase();
  const authority = m[2]!;
  const path = m[3] ?? '';
  if (authority.includes('@')) return refuse('malformed_url', 'The URL must not contain a user name or password');

  if (scheme === 's3') {
    if (!authority) return refuse('malformed_url', 'No bucket after s3://');
    const hp = splitHostPort(authority);
    if (hp?.port !== undefined) {
      const [bucket, key] = firstAndRest(path);
      if (!bucket) return refuse('malformed_url', `No bucket after the host ${authority}: expected s3://${authority}/bucket/key`);
      if (!key) return refuse('malformed_url', 'No object key after the bucket');
      return { kind: 's3-host', hostname: hp.hostname, port: hp.port, bucket, key };
    }
    if (!path) return refuse('malformed_url', 'No object key after the bucket: expected s3://bucket/key');
    return { kind: 's3', authority, rest: path };
  }
  if (scheme === 'gs') {
    if (!authority) return refuse('malformed_url', 'No bucket after gs://');
    if (!path) return refuse('malformed_url', 'No object key after the bucket: expected gs://bucket/key');
    return { kind: 'gcs', bucket: authority, key: path };
  }
  if (scheme === 'azure') {
    const host = azureHost(authority);
    if (!host) return refuse('malformed_url', 'Expected azure://account.blob.core.windows.net/container/path');
    const [container, blob] = firstAndRest(path);
    if (!container || !blob) return refuse('malformed_url', 'Expected azure://account.blob.core.windows.net/container/path (a container and a blob path)');
    return { kind: 'azure', account: host.account, container, blob, blobHostSuffix: host.suffix };
  }
  if (scheme === 'http' || scheme === 'https') return parseHttpUrl(url);
  return refuse('unsupported_scheme', `Unsupported URL scheme "${scheme}:"; Foyer signs s3://, gs://, azure:// and http(s):// URLs of a configured endpoint`);
}

function parseHttpUrl(text: string): ParsedUrl | Refusal {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse('malformed_url', 'Not a valid http(s) URL');
  }
  if (url.username || url.password) return refuse('malformed_url', 'The URL must not contain a user name or password');
  if (url.search || url.hash) {
    return refuse('malformed_url', 'The URL already has a query string or fragment (is it already signed?); give the plain object URL');
  }
  let segments: string[];
  try {
    segments = url.pathname.slice(1).split('/').map(decodeURIComponent);
  } catch {
    return refuse('malformed_url', 'The URL path has a broken %-escape');
  }
  const host = url.hostname;
  const path = segments.join('/');
  const [first, rest] = firstAndRest(path);
  const needKey = (r: ParsedUrl): ParsedUrl | Refusal =>
    ('key' in r && !r.key) || ('blob' in r && !r.blob) ? refuse('malformed_url', 'The URL names a bucket or container but no object in it') : r;

  // AWS: bucket.s3[.-]region.amazonaws.com/key, s3[.-]region.amazonaws.com/bucket/key
  let aws = /^(.+)\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com$/.exec(host);
  if (aws && !aws[1]!.startsWith('s3.') && aws[1] !== 's3') return needKey({ kind: 'aws', bucket: aws[1]!, key: path });
  aws = /^s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com$/.exec(host);
  if (aws) return first ? needKey({ kind: 'aws', bucket: first, key: rest }) : refuse('malformed_url', 'No bucket in the URL path');
  // Google Cloud Storage
  if (host === 'storage.googleapis.com' || host === 'storage.cloud.google.com') {
    return first ? needKey({ kind: 'gcs', bucket: first, key: rest }) : refuse('malformed_url', 'No bucket in the URL path');
  }
  const gcsVirtual = /^(.+)\.storage\.googleapis\.com$/.exec(host);
  if (gcsVirtual) return needKey({ kind: 'gcs', bucket: gcsVirtual[1]!, key: path });
  // Azure
  const azure = azureHost(host);
  if (azure) {
    return first
      ? needKey({ kind: 'azure', account: azure.account, container: first, blob: rest, blobHostSuffix: azure.suffix })
      : refuse('malformed_url', 'No container in the URL path');
  }
  const protocol = url.protocol as 'http:' | 'https:';
  return { kind: 'http', protocol, hostname: host, port: url.port ? Number(url.port) : defaultPort(protocol), segments };
}

// ---------------------------------------------------------------------------------------------------------
// Matching a parsed URL with the caller's rows

export interface MatchableRow {
  id: string;
  scope: Scope;
  provider: Provider;
  bucket: string;
  endpoint: string | null;
  addressing: Addressing;
}

export interface Match {
  row: MatchableRow;
  object: ObjectRef;
}

interface EndpointParts {
  protocol: string;
  hostname: string;
  port: number;
}

function endpointParts(endpoint: string): EndpointParts {
  const url = new URL(endpoint);
  return { protocol: url.protocol, hostname: url.hostname, port: url.port ? Number(url.port) : defaultPort(url.protocol) };
}

/** The first row that signs the URL (rows come in preference order: the caller's own, then the workspace's). */
export function matchRow(parsed: ParsedUrl, rows: readonly MatchableRow[]): Match | Refusal {
  const s3Rows = rows.filter((r) => r.provider === 's3');
  switch (parsed.kind) {
    case 's3': {
      const onHost = s3Rows.filter((r) => r.endpoint && endpointParts(r.endpoint).hostname === parsed.authority.toLowerCase());
      if (onHost.length > 0) {
        const [bucket, key] = firstAndRest(parsed.rest);
        if (!bucket || !key) return refuse('malformed_url', `Expected s3://${parsed.authority}/bucket/key`);
        const row = onHost.find((r) => r.bucket === bucket);
        return row ? { row, object: { bucket, key } } : noRow(`bucket "${bucket}" on ${parsed.authority}`);
      }
      const row = s3Rows.find((r) => !r.endpoint && r.bucket === parsed.authority);
      return row ? { row, object: { bucket: parsed.authority, key: parsed.rest } } : noRow(`S3 bucket "${parsed.authority}"`, true);
    }
    case 's3-host': {
      const row = s3Rows.find((r) => {
        if (!r.endpoint || r.bucket !== parsed.bucket) return false;
        const e = endpointParts(r.endpoint);
        return e.hostname === parsed.hostname && e.port === parsed.port;
      });
      return row ? { row, object: { bucket: parsed.bucket, key: parsed.key } } : noRow(`bucket "${parsed.bucket}" on ${parsed.hostname}:${parsed.port}`);
    }
    case 'aws': {
      const row = s3Rows.find((r) => !r.endpoint && r.bucket === parsed.bucket);
      return row ? { row, object: { bucket: parsed.bucket, key: parsed.key } } : noRow(`S3 bucket "${parsed.bucket}"`, true);
    }
    case 'gcs': {
      const row = rows.find((r) => r.provider === 'gcs' && r.bucket === parsed.bucket);
      return row ? { row, object: { bucket: parsed.bucket, key: parsed.key } } : noRow(`Google Cloud Storage bucket "${parsed.bucket}"`);
    }
    case 'azure': {
      const row = azureRow(rows, parsed.account, parsed.container);
      const { account, container, blob, blobHostSuffix } = parsed;
      return row ? { row, object: { account, container, blob, blobHostSuffix } } : noRow(`Azure container "${parsed.container}" of account "${parsed.account}"`);
    }
    case 'http':
      return matchHttp(parsed, rows);
  }
}

function azureRow(rows: readonly MatchableRow[], account: string, container: string): MatchableRow | undefined {
  const azure = rows.filter((r) => r.provider === 'azure');
  return azure.find((r) => r.bucket === `${account}/${container}`) ?? azure.find((r) => r.bucket === account);
}

function matchHttp(parsed: Extract<ParsedUrl, { kind: 'http' }>, rows: readonly MatchableRow[]): Match | Refusal {
  const path = parsed.segments.join('/');
  const [first, rest] = firstAndRest(path);
  let sameOrigin = false;
  for (const row of rows) {
    if (!row.endpoint) continue;
    const e = endpointParts(row.endpoint);
    if (e.protocol !== parsed.protocol || e.port !== parsed.port) continue;
    if (e.hostname === parsed.hostname) {
      sameOrigin = true;
      if (row.provider === 'azure') {
        if (row.addressing === 'virtual') {
          const [container, blob] = [first, rest];
          const account = row.bucket.split('/')[0]!;
          if (container && blob && azureRow([row], account, container)) return { row, object: { account, container, blob, blobHostSuffix: AZURE_HOST_SUFFIXES[0] } };
        } else {
          const [container, blob] = firstAndRest(rest);
          if (first && container && blob && azureRow([row], first, container)) {
            return { row, object: { account: first, container, blob, blobHostSuffix: AZURE_HOST_SUFFIXES[0] } };
          }
        }
      } else if (row.addressing === 'path' && first === row.bucket && rest) {
        return { row, object: { bucket: first, key: rest } };
      }
    } else if (row.provider !== 'azure' && row.addressing === 'virtual' && parsed.hostname === `${row.bucket}.${e.hostname}` && path) {
      return { row, object: { bucket: row.bucket, key: path } };
    }
  }
  const where = parsed.port === (parsed.protocol === 'https:' ? 443 : 80) ? parsed.hostname : `${parsed.hostname}:${parsed.port}`;
  if (sameOrigin) return noRow(`this path on ${where} (no row names its bucket)`);
  return refuse('no_matching_row', `No cloud access row has Host (Endpoint) ${parsed.protocol}//${where}; http(s) URLs are signed only for a configured endpoint`);
}

function noRow(what: string, aws = false): Refusal {
  return refuse(
    'no_matching_row',
    `No cloud access row for ${what}. Add one under Profile > Cloud access${aws ? ' (for a non-AWS server, set its Host (Endpoint) on the row)' : ''}.`,
  );
}
