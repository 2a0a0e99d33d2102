// storage_access.sign_urls: each URL is parsed, matched with one of the caller's rows, and signed with that
// row's secrets. Every URL gets an answer of its own: a signed URL, or a reason in words.
import type { Services } from '../services.ts';
import type { Identity } from '../auth/identity.ts';
import { isoTime } from '../shared/time.ts';
import { effectiveAddressing, type RowSettings } from './rules.ts';
import { listVisibleRows, openSecrets, recordDetectedRegion, settingsOf, storageKey, type AccessRow } from './store.ts';
import { matchRow, parseObjectUrl, type MatchableRow, type Reason, type Refusal } from './urls.ts';
import type { Signer } from './signers.ts';
import { isSeparateAwsPartition, regionFinder } from './region.ts';

export const MAX_URLS_PER_CALL = 500;
const REGION_RECHECK_MS = 6 * 3600_000;

export type SignResult = { url: string; signed_url: string; expires: string; row: string } | { url: string; error: string; reason: Reason };

// The cloud SDKs take a second or more to load: only a server that signs loads them, when it first signs.
let signersModule: Promise<typeof import('./signers.ts')> | undefined;
const loadSigners = () => (signersModule ??= import('./signers.ts'));

/** Signers keyed by row id, row version and region, so a call of 500 URLs builds each client once. */
export class SignerCache {
  private entries = new Map<string, Signer>();
  constructor(private readonly max = 500) {}

  /** The cached signer, or a new one from `build` (kept unless build returns undefined). */
  get(cacheKey: string, build: () => Signer | undefined): Signer | undefined {
    const hit = this.entries.get(cacheKey);
    if (hit) {
      this.entries.delete(cacheKey);
      this.entries.set(cacheKey, hit); // most recently used last
      return hit;
    }
    const signer = build();
    if (!signer) return undefined;
    this.entries.set(cacheKey, signer);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return signer;
  }

  /** Drops every signer of a row (after a change or a delete). */
  forgetRow(rowId: string): void {
    for (const cacheKey of this.entries.keys()) if (cacheKey.startsWith(`${rowId}:`)) this.entries.delete(cacheKey);
  }

  clear(): void {
    this.entries.clear();
  }
}

const signerCaches = new WeakMap<Services, SignerCache>();

/** Each Foyer instance keeps its own signers (they hold decrypted secrets, so they live in memory only). */
export function signersOf(services: Services): SignerCache {
  let cache = signerCaches.get(services);
  if (!cache) {
    cache = new SignerCache();
    signerCaches.set(services, cache);
  }
  return cache;
}

export async function signUrls(services: Services, identity: Identity, urls: readonly string[]): Promise<SignResult[]> {
  const rows = await listVisibleRows(services.db, identity.userId, identity.workspaceId);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const matchable: MatchableRow[] = rows.map((row) => ({
    id: row.id,
    scope: row.scope,
    provider: row.provider,
    bucket: row.bucket,
    endpoint: row.endpoint,
    addressing: effectiveAddressing(settingsOf(row)),
  }));
  const signers = new Map<string, Promise<Signer | Refusal>>();
  const now = services.now();
  const expiresSec = services.config.signedUrlExpirySec;
  const expires = isoTime(now + expiresSec * 1000);

  return Promise.all(
    urls.map(async (url): Promise<SignResult> => {
      const parsed = parseObjectUrl(url);
      if ('reason' in parsed) return { url, error: parsed.message, reason: parsed.reason };
      const match = matchRow(parsed, matchable);
      if ('reason' in match) return { url, error: match.message, reason: match.reason };
      const row = byId.get(match.row.id)!;
      let pending = signers.get(row.id);
      if (!pending) {
        pending = prepareSigner(services, row);
        signers.set(row.id, pending);
      }
      const signer = await pending;
      if ('reason' in signer) return { url, error: signer.message, reason: signer.reason };
      try {
        return { url, signed_url: await signer.sign(match.object, expiresSec, now), expires, row: row.id };
      } catch (error) {
        // the SDKs' messages are not shown or logged: only the kind of failure
        services.log.warn({ row: row.id, provider: row.provider, error: (error as { name?: string }).name ?? 'Error' }, 'signing an object URL failed');
        return { url, error: `Could not sign this URL with the row for bucket "${row.bucket}"`, reason: 'signing_failed' };
      }
    }),
  );
}

async function prepareSigner(services: Services, row: AccessRow): Promise<Signer | Refusal> {
  const settings = settingsOf(row);
  let region = '';
  if (settings.provider === 's3') {
    const found = await s3Region(services, row, settings);
    if (typeof found !== 'string') return found;
    region = found;
  } else if (settings.provider === 'gcs') {
    region = settings.region ?? 'auto';
  }
  const key = storageKey(services.config.secretKey);
  const { createSigner } = await loadSigners();
  const signer = signersOf(services).get(`${row.id}:${row.version}:${region}`, () => {
    const secrets = openSecrets(key, row);
    return secrets && createSigner({ id: row.id, settings, secrets, region });
  });
  if (!signer) {
    return {
      reason: 'secrets_unreadable',
      message: `The stored secrets of the row for bucket "${row.bucket}" cannot be decrypted (the server's master key changed without "foyer secrets rotate-key"). Enter the secret on the row again.`,
    };
  }
  return signer;
}

/**
 * The region to sign an S3 URL for. A custom endpoint: the row's Region, else what the endpoint says, else
 * us-east-1. AWS: the bucket's region as AWS reports it (so a wrong Region on the row cannot dead-lock it),
 * else the row's Region when AWS cannot be asked, else a refusal saying what to set.
 */
async function s3Region(services: Services, row: AccessRow, settings: RowSettings): Promise<string | Refusal> {
  const now = services.now();
  if (settings.endpoint) {
    if (settings.region) return settings.region;
    if (row.detected_region) return row.detected_region;
    const answer = await regionFinder.find(settings.endpoint, settings.bucket);
    if ('region' in answer) {
      await recordDetectedRegion(services.db, row.id, answer.region, now);
      return answer.region;
    }
    return 'us-east-1';
  }
  if (isSeparateAwsPartition(settings.region)) return settings.region!;
  if (row.detected_region && row.region_checked_at !== null && now - row.region_checked_at < REGION_RECHECK_MS) return row.detected_region;
  const answer = await regionFinder.find(null, settings.bucket);
  if ('region' in answer) {
    await recordDetectedRegion(services.db, row.id, answer.region, now);
    return answer.region;
  }
  if (settings.region) return settings.region;
  if (row.detected_region) return row.detected_region;
  if (answer.problem === 'no_such_bucket') {
    return {
      reason: 'no_such_bucket',
      message: `AWS has no bucket named "${settings.bucket}". Check Bucket on the row, or set Host (Endpoint) if the bucket is on another S3 server.`,
    };
  }
  services.log.warn({ row: row.id, problem: answer.problem }, 'could not find the region of an S3 bucket');
  return {
    reason: 'region_unknown',
    message: `Could not find the region of S3 bucket "${settings.bucket}" (asking AWS: ${answer.detail}) and the row has no Region. Set Region on the row for bucket "${settings.bucket}", for example eu-west-1.`,
  };
}
