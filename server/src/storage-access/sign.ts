// storage_access.sign_urls: each URL is parsed, matched with one of the caller's rows, and signed with that
// row's secrets. Every URL gets an answer of its own: a signed URL, or a reason in words.
import type { Services } from '../services.ts';
import type { Identity } from '../auth/identity.ts';
import { isoTime } from '../shared/time.ts';
import { effectiveAddressing, type RowSettings } from './rules.ts';
import { listVisibleRows, openSecrets, settingsOf, storageKey, type AccessRow } from './store.ts';
import { matchRow, parseObjectUrl, type MatchableRow, type Reason, type Refusal } from './urls.ts';
import type { Signer } from './signers.ts';
import { isSeparateAwsPartition } from './region.ts';

export const MAX_URLS_PER_CALL = 500;

export type SignResult = { url: string; signed_url: string; expires: string; row: string } | { url: string; error: string; reason: Reason };

// The cloud SDKs take a second or more to load: only a server that signs loads them, when it first signs.
let signersModule: Promise<typeof import('./signers.ts')> | undefined;
const loadSigners = () => (signersModule ??= import('./signers.ts'));

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
    const found = s3Region(row, settings);
    if (typeof found !== 'string') return found;
    region = found;
  } else if (settings.provider === 'gcs') {
    region = settings.region ?? 'auto';
  }
  const key = storageKey(services.config.secretKey);
  const { createSigner } = await loadSigners();
  const signer = services.signers.get(`${row.id}:${row.version}:${region}`, () => {
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
 * The region to sign an S3 URL for, without contacting anything (regions are looked up when a row is saved). A
 * custom endpoint: the row's Region, else the region its server reported when the row was saved, else us-east-1
 * (what S3-compatible servers expect by default). AWS: the bucket's region as AWS reported it at save time (so a
 * wrong Region on the row cannot dead-lock it), else the row's Region, else a refusal saying what to set.
 */
function s3Region(row: AccessRow, settings: RowSettings): string | Refusal {
  if (settings.endpoint) return settings.region ?? row.detected_region ?? 'us-east-1';
  if (isSeparateAwsPartition(settings.region)) return settings.region!;
  if (row.detected_region) return row.detected_region;
  if (settings.region) return settings.region;
  const why = row.region_checked_at !== null ? 'AWS could not tell it when the row was saved' : 'it was not looked up when the row was saved';
  return {
    reason: 'region_unknown',
    message: `The region of S3 bucket "${settings.bucket}" is not known (${why}) and the row has no Region. Set Region on the row for bucket "${settings.bucket}", for example eu-west-1, or save the row again to ask AWS again.`,
  };
}
