// Pure rules for cloud access rows: what a row may hold per provider, how the fields are normalized, and
// what a caller is shown. No SQL, no network. Messages name the field to fix and never repeat a secret.
import { createPrivateKey } from 'node:crypto';
import { isIP } from 'node:net';
import type { AccessRow, Addressing, StorageProvider, StorageScope } from '@foyer/contract';
import { errors } from '../http/errors.ts';

export type Provider = StorageProvider;
export type Scope = StorageScope;
export type { Addressing };

export const PROVIDER_NAMES: Record<Provider, string> = { s3: 'S3', gcs: 'Google Cloud Storage', azure: 'Azure Blob Storage' };

export interface ServiceAccount {
  client_email: string;
  private_key: string;
  private_key_id?: string;
  project_id?: string;
}

/** Everything secret about a row: stored only sealed (shared/sealed.ts). */
export interface RowSecrets {
  secret?: string;
  token?: string;
  service_account?: ServiceAccount;
}

/** The non-secret settings of a row, normalized. `addressing` null means the default for the row. */
export interface RowSettings {
  provider: Provider;
  bucket: string;
  endpoint: string | null;
  key: string | null;
  region: string | null;
  addressing: Addressing | null;
}

/** The API's fields after schema checks: undefined means omitted (keep), null or "" means clear. */
export interface RowInput {
  provider?: Provider;
  bucket?: string;
  key?: string | null;
  secret?: string | null;
  token?: string | null;
  region?: string | null;
  endpoint?: string | null;
  addressing?: Addressing | null;
  service_account_json?: string | Record<string, unknown> | null;
}

export const MAX_SECRET_LENGTH = 4096;
export const MAX_TOKEN_LENGTH = 8192;
export const MAX_SERVICE_ACCOUNT_LENGTH = 20_000;

// ---------------------------------------------------------------------------------------------------------
// Endpoint, bucket, region, key

/**
 * A Host (Endpoint) with an explicit scheme and an optional port, as "scheme://host[:port]" (lower-case host,
 * default ports dropped). Anything else (no scheme, a path, a query, a user name) is refused with the fix.
 */
export function normalizeEndpoint(text: string): string {
  if (text.length > 500) throw errors.invalidField('endpoint', 'must be at most 500 characters');
  const raw = text.trim().replace(/\/+$/, '');
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(raw)) {
    throw errors.invalidField('endpoint', `write the scheme too, e.g. "https://${raw || 'storage.example.com'}" (or "http://" for a server without TLS)`);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw errors.invalidField('endpoint', 'is not a valid URL; write it as https://host or https://host:port');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw errors.invalidField('endpoint', `must start with https:// or http://, not ${url.protocol}//`);
  if (url.username || url.password) throw errors.invalidField('endpoint', 'must not contain a user name or password; put the key in Key and the secret in Secret');
  if (url.pathname !== '/' && url.pathname !== '') throw errors.invalidField('endpoint', 'must be only scheme, host and port, without a path (the bucket goes in Bucket)');
  if (url.search || url.hash) throw errors.invalidField('endpoint', 'must not contain a query string or fragment');
  if (!url.hostname) throw errors.invalidField('endpoint', 'needs a host name');
  return `${url.protocol}//${url.host}`;
}

/** What a bucket field pasted as a URL says about the provider (s3://b, gs://b, azure://acct.blob.core.windows.net/c). */
export function parseBucketField(text: string): { bucket: string; provider?: Provider } {
  if (text.length > 300) throw errors.invalidField('bucket', 'must be at most 300 characters');
  const value = text.trim().replace(/\/+$/, '');
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(.*)$/.exec(value);
  if (scheme) {
    const [, name, rest] = scheme as unknown as [string, string, string];
    const lower = name.toLowerCase();
    if (lower === 's3' || lower === 'gs') {
      if (rest.includes('/')) {
        throw errors.invalidField('bucket', 'give only the bucket name here; put a custom host in Host (Endpoint)');
      }
      return { bucket: rest, provider: lower === 's3' ? 's3' : 'gcs' };
    }
    if (lower === 'azure' || lower === 'https' || lower === 'http') {
      const azure = /^([a-z0-9]{3,24})\.blob\.[a-z0-9.-]+(?:\/([^/]+))?$/.exec(rest);
      if (azure) return { bucket: azure[2] ? `${azure[1]}/${azure[2]}` : azure[1]!, provider: 'azure' };
    }
    throw errors.invalidField('bucket', 'give the bucket name (for Azure: "account/container"), not a URL');
  }
  const azureHost = /^([a-z0-9]{3,24})\.blob\.core\.[a-z0-9.-]+(?:\/([^/]+))?$/.exec(value);
  if (azureHost) return { bucket: azureHost[2] ? `${azureHost[1]}/${azureHost[2]}` : azureHost[1]!, provider: 'azure' };
  return { bucket: value };
}

const BUCKET_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;
const DNS_BUCKET_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const AZURE_ACCOUNT = /^[a-z0-9]{3,24}$/;
const AZURE_CONTAINER = /^(?:[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}|\$root)$/;

export function assertValidBucket(provider: Provider, bucket: string): void {
  if (bucket === '') throw errors.invalidField('bucket', 'must not be empty');
  if (provider === 'azure') {
    const [account, container, extra] = bucket.split('/');
    if (!AZURE_ACCOUNT.test(account ?? '') || extra !== undefined || (container !== undefined && !AZURE_CONTAINER.test(container))) {
      throw errors.invalidField(
        'bucket',
        'for Azure, give the storage account, optionally with a container: "account" or "account/container" (lower-case letters and digits; or paste azure://account.blob.core.windows.net/container)',
      );
    }
    return;
  }
  if (!BUCKET_PATTERN.test(bucket)) {
    throw errors.invalidField('bucket', 'must be a bucket name (letters, digits, ".", "-" and "_", at most 255), without "/" or a path');
  }
}

export function normalizeRegion(text: string): string {
  if (text.length > 100) throw errors.invalidField('region', 'must be a region name such as "eu-west-1"');
  const region = text.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(region)) throw errors.invalidField('region', 'must be a region name such as "eu-west-1"');
  return region;
}

function normalizeKey(text: string): string {
  const key = text.trim();
  if (key.length > 256) throw errors.invalidField('key', 'must be at most 256 characters');
  if (!/^[\x21-\x7e]+$/.test(key)) throw errors.invalidField('key', 'must not contain spaces, line breaks or non-ASCII characters');
  return key;
}

function cleanSecret(field: 'secret' | 'token', text: string, max: number): string {
  const value = text.trim();
  if (value.length > max) throw errors.invalidField(field, `must be at most ${max} characters`);
  if (/[\s\p{Cc}]/u.test(value)) throw errors.invalidField(field, 'must not contain spaces or line breaks (check what was copied)');
  return value;
}

// ---------------------------------------------------------------------------------------------------------
// Azure secrets and GCS service accounts

/** An Azure Secret / SAS is a SAS token when it carries a signature (sig=), otherwise a storage account key. */
export function azureSecretKind(secret: string): 'sas' | 'account_key' {
  return /(^|&)sig=/.test(secret) ? 'sas' : 'account_key';
}

function normalizeAzureSecret(secret: string): string {
  const value = secret.replace(/^\?/, '');
  if (azureSecretKind(value) === 'sas') {
    if (!/(^|&)sv=/.test(value)) throw errors.invalidField('secret', 'looks like a SAS token but has no "sv=" version; paste the whole SAS (sv=…&sig=…)');
    return value;
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || Buffer.from(value, 'base64').length < 32) {
    throw errors.invalidField('secret', 'for Azure, give the storage account key (base64, from Access keys) or a SAS token (sv=…&sig=…)');
  }
  return value;
}

/** Reads a service-account key file (JSON text or object). Keeps only what signing needs. */
function parseServiceAccount(json: string | Record<string, unknown>): ServiceAccount {
  let value: unknown = json;
  if (typeof json === 'string') {
    if (json.length > MAX_SERVICE_ACCOUNT_LENGTH) throw errors.invalidField('service_account_json', `must be at most ${MAX_SERVICE_ACCOUNT_LENGTH} characters`);
    try {
      value = JSON.parse(json);
    } catch {
      throw errors.invalidField('service_account_json', 'is not valid JSON; paste the whole key file downloaded from Google Cloud (IAM > Service accounts > Keys)');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw errors.invalidField('service_account_json', 'must be the JSON object of a service-account key file');
  if (typeof json !== 'string' && JSON.stringify(json).length > MAX_SERVICE_ACCOUNT_LENGTH) {
    throw errors.invalidField('service_account_json', `must be at most ${MAX_SERVICE_ACCOUNT_LENGTH} characters`);
  }
  const obj = value as Record<string, unknown>;
  if (obj.type !== undefined && obj.type !== 'service_account') {
    throw errors.invalidField('service_account_json', `is a "${String(obj.type).slice(0, 40)}" credential; a service-account key file has "type": "service_account"`);
  }
  const email = obj.client_email;
  if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 320) {
    throw errors.invalidField('service_account_json', 'has no valid "client_email"');
  }
  const privateKey = obj.private_key;
  if (typeof privateKey !== 'string' || !privateKey.includes('PRIVATE KEY')) throw errors.invalidField('service_account_json', 'has no "private_key" in PEM form');
  try {
    const key = createPrivateKey(privateKey);
    if (key.asymmetricKeyType !== 'rsa') throw new Error('not rsa');
  } catch {
    throw errors.invalidField('service_account_json', 'has a "private_key" that is not a readable RSA private key');
  }
  return {
    client_email: email,
    private_key: privateKey,
    ...(typeof obj.private_key_id === 'string' ? { private_key_id: obj.private_key_id.slice(0, 100) } : {}),
    ...(typeof obj.project_id === 'string' ? { project_id: obj.project_id.slice(0, 100) } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Creating and updating a row

function inferProvider(input: RowInput, bucketHint: Provider | undefined, endpoint: string | null | undefined, existing: Provider | undefined): Provider {
  if (input.provider) {
    if (bucketHint && bucketHint !== input.provider) {
      throw errors.invalidField('bucket', `names a ${PROVIDER_NAMES[bucketHint]} bucket but provider is "${input.provider}"`);
    }
    return input.provider;
  }
  if (bucketHint) return bucketHint;
  if (input.service_account_json) return 'gcs';
  if (existing) return existing;
  if (endpoint) {
    const host = new URL(endpoint).hostname;
    if (host === 'storage.googleapis.com') return 'gcs';
    if (/\.blob\.core\.[a-z0-9.-]+$/.test(host)) return 'azure';
  }
  return 's3';
}

/**
 * The row that results from a create (no `existing`) or an update: normalized settings and the merged secrets.
 * An omitted secret field keeps its stored value; null or "" removes it. Throws a 400 naming what to fix.
 */
export function planRow(input: RowInput, existing?: { settings: RowSettings; secrets: RowSecrets }): { settings: RowSettings; secrets: RowSecrets } {
  const before = existing?.settings;
  const parsedBucket = input.bucket !== undefined ? parseBucketField(input.bucket) : undefined;
  const endpoint = input.endpoint === undefined ? before?.endpoint ?? null : input.endpoint ? normalizeEndpoint(input.endpoint) : null;
  const provider = inferProvider(input, parsedBucket?.provider, endpoint, before?.provider);
  const bucket = parsedBucket?.bucket ?? before?.bucket;
  if (bucket === undefined) throw errors.invalidField('bucket', 'this field is required');
  assertValidBucket(provider, bucket);

  const key = input.key === undefined ? before?.key ?? null : input.key ? normalizeKey(input.key) : null;
  const region = input.region === undefined ? before?.region ?? null : input.region ? normalizeRegion(input.region) : null;
  const addressing = input.addressing === undefined ? before?.addressing ?? null : input.addressing || null;

  const secrets: RowSecrets = { ...existing?.secrets };
  if (input.secret !== undefined) {
    if (input.secret) secrets.secret = cleanSecret('secret', input.secret, MAX_SECRET_LENGTH);
    else delete secrets.secret;
  }
  if (input.token !== undefined) {
    if (input.token) secrets.token = cleanSecret('token', input.token, MAX_TOKEN_LENGTH);
    else delete secrets.token;
  }
  if (input.service_account_json !== undefined) {
    if (input.service_account_json) secrets.service_account = parseServiceAccount(input.service_account_json);
    else delete secrets.service_account;
  }

  const settings: RowSettings = { provider, bucket, endpoint, key, region, addressing };
  assertComplete(settings, secrets);
  if (provider === 'azure' && secrets.secret) secrets.secret = normalizeAzureSecret(secrets.secret);
  return { settings, secrets };
}

function assertComplete(s: RowSettings, secrets: RowSecrets): void {
  const effective = effectiveAddressing(s);
  if (s.provider === 's3') {
    if (!s.key) throw errors.invalidField('key', 'is required for S3: the access key id');
    if (!secrets.secret) throw errors.invalidField('secret', 'is required for S3: the secret access key');
    if (secrets.service_account) throw errors.invalidField('service_account_json', 'applies to Google Cloud Storage only; send it as "" to remove it');
  }
  if (s.provider === 'gcs') {
    const hmac = Boolean(s.key || secrets.secret);
    if (secrets.token) throw errors.invalidField('token', 'applies to S3 only; send it as "" to remove it');
    if (secrets.service_account && hmac) {
      throw errors.invalidField('service_account_json', 'give either a service-account JSON or an HMAC key pair, not both (send key and secret as "" to remove the HMAC pair)');
    }
    if (!secrets.service_account) {
      if (!s.key || !secrets.secret) {
        throw errors.invalidField(s.key ? 'secret' : 'key', 'Google Cloud Storage needs a service-account JSON, or an HMAC key pair in Key (access id) and Secret');
      }
    }
  }
  if (s.provider === 'azure') {
    const account = s.bucket.split('/')[0]!;
    if (s.key && s.key !== account) throw errors.invalidField('key', 'leave it empty for Azure: the storage account comes from Bucket');
    if (s.region) throw errors.invalidField('region', 'Azure rows have no region; leave it empty');
    if (secrets.token) throw errors.invalidField('token', 'applies to S3 only; send it as "" to remove it');
    if (secrets.service_account) throw errors.invalidField('service_account_json', 'applies to Google Cloud Storage only; send it as "" to remove it');
    if (!secrets.secret) throw errors.invalidField('secret', 'is required for Azure: the storage account key, or a SAS token');
  }
  if (effective === 'virtual') {
    const host = s.endpoint ? new URL(s.endpoint).hostname : undefined;
    if (host && isIP(host.replace(/^\[|\]$/g, ''))) throw errors.invalidField('addressing', 'virtual-hosted addressing needs a host name in Host (Endpoint), not an IP address');
    if (s.provider !== 'azure' && !DNS_BUCKET_PATTERN.test(s.bucket)) {
      throw errors.invalidField('addressing', `virtual-hosted addressing needs a bucket name that is a valid host name part (lower-case, no "_"); use "path" for "${s.bucket}"`);
    }
  }
}

/** Path style for a custom endpoint (and for GCS), virtual-hosted for AWS and for Azure's own hosts, unless chosen. */
export function effectiveAddressing(s: Pick<RowSettings, 'provider' | 'endpoint' | 'addressing'>): Addressing {
  if (s.addressing) return s.addressing;
  if (s.provider === 's3') return s.endpoint ? 'path' : 'virtual';
  if (s.provider === 'azure') return s.endpoint ? 'path' : 'virtual';
  return 'path';
}

/** One row per owner, provider, bucket and endpoint: what the unique index holds. */
export function matchKey(scope: Scope, userId: string | null, s: Pick<RowSettings, 'provider' | 'bucket' | 'endpoint'>): string {
  return `${scope === 'user' ? `u:${userId}` : 'w'}|${s.provider}|${s.bucket}|${s.endpoint ?? ''}`;
}

// ---------------------------------------------------------------------------------------------------------
// What callers see

/** The last 4 characters, only of a secret long enough that they give nothing away. */
export function lastFour(secret: string | undefined): string | undefined {
  return secret && secret.length >= 16 ? secret.slice(-4) : undefined;
}

/** A row as a caller sees it (the contract's AccessRow). */
export type RowView = AccessRow;

/**
 * A row as a caller sees it. `full`: the owner of a user row, or a workspace owner/admin for a workspace row;
 * everybody else sees only id, scope, provider and bucket. Secrets are never included: only whether each is set
 * and its last 4 characters. `secrets` undefined means they could not be decrypted.
 */
export function viewRow(
  row: { id: string; scope: Scope; settings: RowSettings; detectedRegion: string | null; createdAt: string; updatedAt: string },
  secrets: RowSecrets | undefined,
  full: boolean,
): RowView {
  const { settings: s } = row;
  const base: RowView = { id: row.id, scope: row.scope, provider: s.provider, bucket: s.bucket, editable: full };
  if (!full) return base;
  const view: RowView = {
    ...base,
    endpoint: s.endpoint,
    key: s.key,
    region: s.region,
    ...(row.detectedRegion && row.detectedRegion !== s.region && s.provider === 's3' ? { detected_region: row.detectedRegion } : {}),
    addressing: effectiveAddressing(s),
    addressing_default: s.addressing === null,
    secrets_readable: secrets !== undefined,
    created: row.createdAt,
    updated: row.updatedAt,
  };
  if (secrets) {
    view.secret_set = Boolean(secrets.secret);
    const secretLast4 = lastFour(secrets.secret);
    if (secretLast4) view.secret_last4 = secretLast4;
    if (s.provider === 'azure' && secrets.secret) view.secret_kind = azureSecretKind(secrets.secret);
    view.token_set = Boolean(secrets.token);
    const tokenLast4 = lastFour(secrets.token);
    if (tokenLast4) view.token_last4 = tokenLast4;
    view.service_account_set = Boolean(secrets.service_account);
    if (secrets.service_account) view.service_account_email = secrets.service_account.client_email;
  }
  return view;
}
