// Signing one object URL with a row's secrets, per provider. Everything here is local computation: no
// network call. S3 (and GCS through its S3-compatible XML API with an HMAC key): SigV4 presigned GET from the
// AWS SDK. GCS with a service account: a V4 signed URL from @google-cloud/storage. Azure: a blob SAS from the
// account key, or the row's own SAS appended.
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl, S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import { BlobSASPermissions, generateBlobSASQueryParameters, SASProtocol, StorageSharedKeyCredential } from '@azure/storage-blob';
import { Storage } from '@google-cloud/storage';
import { azureSecretKind, effectiveAddressing, type RowSecrets, type RowSettings } from './rules.ts';
import type { ObjectRef } from './urls.ts';

const GCS_XML_ENDPOINT = 'https://storage.googleapis.com';

// The AWS SDK is pinned to a version that supports Node 20 (see package.json); its warning that later versions
// will need Node 22 would only puzzle operators at every start.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface SignableRow {
  id: string;
  settings: RowSettings;
  secrets: RowSecrets;
  /** S3 only: the region to sign for (the row's, or the bucket's as found) */
  region: string;
}

export interface Signer {
  sign(object: ObjectRef, expiresSec: number, now: number): Promise<string>;
}

/** Encodes a key or blob name for a URL path, keeping "/" between its parts. */
function encodeObjectPath(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}

export function createSigner(row: SignableRow): Signer {
  const { settings, secrets } = row;
  if (settings.provider === 'azure') return azureSigner(settings, secrets);
  if (settings.provider === 'gcs' && secrets.service_account) return gcsServiceAccountSigner(settings, secrets);
  return s3Signer(row);
}

/** How S3 encodes an object key in a path: each part RFC 3986-encoded, "/" kept (the SDK's greedy label). */
export function encodeS3Key(key: string): string {
  return key
    .split('/')
    .map((part) => encodeURIComponent(part).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

function encodeQueryPart(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const PROBE_KEY = 'foyer-probe';

/** Where and how the SDK addresses one bucket: learnt once from a full getSignedUrl, then reused for every key. */
interface BucketLocation {
  protocol: string;
  hostname: string;
  port: number | undefined;
  host: string;
  pathPrefix: string;
  signingRegion: string;
}

function s3Signer(row: SignableRow): Signer {
  const { settings, secrets } = row;
  const endpoint = settings.endpoint ?? (settings.provider === 'gcs' ? GCS_XML_ENDPOINT : undefined);
  const client = new S3Client({
    region: row.region,
    credentials: {
      accessKeyId: settings.key ?? '',
      secretAccessKey: secrets.secret ?? '',
      ...(secrets.token ? { sessionToken: secrets.token } : {}),
    },
    ...(endpoint ? { endpoint } : {}),
    forcePathStyle: effectiveAddressing(settings) === 'path',
    // a plain GET URL: no checksum query parameters, no S3 Express session call, nothing read from ~/.aws
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    disableS3ExpressSessionAuth: true,
    useFipsEndpoint: false,
    useDualstackEndpoint: false,
    useArnRegion: false,
    followRegionRedirects: false,
    maxAttempts: 1,
  });
  const locations = new Map<string, Promise<BucketLocation | undefined>>();
  const presigners = new Map<string, S3RequestPresigner>();

  // The SDK's whole pipeline (endpoint rules, addressing style, region) for one probe key of the bucket.
  const locate = async (bucket: string): Promise<BucketLocation | undefined> => {
    const probe = new URL(await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: PROBE_KEY }), { expiresIn: 60 }));
    const scope = probe.searchParams.get('X-Amz-Credential')?.split('/');
    if (!probe.pathname.endsWith(`/${PROBE_KEY}`) || !scope || scope.length !== 5 || probe.searchParams.get('x-id') !== 'GetObject') return undefined;
    return {
      protocol: probe.protocol,
      hostname: probe.hostname,
      port: probe.port ? Number(probe.port) : undefined,
      host: probe.host,
      pathPrefix: probe.pathname.slice(0, -PROBE_KEY.length),
      signingRegion: scope[2]!,
    };
  };

  return {
    async sign(object, expiresSec, now) {
      if (!('bucket' in object)) throw new Error('not an S3 object');
      let location = locations.get(object.bucket);
      if (!location) {
        location = locate(object.bucket);
        locations.set(object.bucket, location);
        location.catch(() => locations.delete(object.bucket)); // not remembered: the next call tries again
      }
      const where = await location;
      if (!where) {
        // an addressing form the fast path does not know: let the SDK do all of it
        return getSignedUrl(client, new GetObjectCommand({ Bucket: object.bucket, Key: object.key }), { expiresIn: expiresSec, signingDate: new Date(now) });
      }
      // Then only SigV4 itself per key, with the SDK's own presigner and the same configuration.
      let presigner = presigners.get(where.signingRegion);
      if (!presigner) {
        presigner = new S3RequestPresigner({ ...client.config, signingName: 's3', region: async () => where.signingRegion });
        presigners.set(where.signingRegion, presigner);
      }
      const path = `${where.pathPrefix}${encodeS3Key(object.key)}`;
      const signed = await presigner.presign(
        { method: 'GET', protocol: where.protocol, hostname: where.hostname, port: where.port, path, query: { 'x-id': 'GetObject' }, headers: { host: where.host } },
        { expiresIn: expiresSec, signingDate: new Date(now), signingRegion: where.signingRegion, signingService: 's3' },
      );
      const query = Object.entries(signed.query ?? {})
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => (v === null ? encodeQueryPart(name) : `${encodeQueryPart(name)}=${encodeQueryPart(v)}`)))
        .join('&');
      return `${where.protocol}//${where.host}${path}?${query}`;
    },
  };
}

function gcsServiceAccountSigner(settings: RowSettings, secrets: RowSecrets): Signer {
  const account = secrets.service_account!;
  const storage = new Storage({
    projectId: account.project_id ?? 'foyer',
    credentials: { client_email: account.client_email, private_key: account.private_key },
  });
  const virtual = effectiveAddressing(settings) === 'virtual';
  const endpoint = settings.endpoint ? new URL(settings.endpoint) : undefined;
  return {
    async sign(object, expiresSec, now) {
      if (!('bucket' in object)) throw new Error('not a GCS object');
      const options: Parameters<ReturnType<ReturnType<Storage['bucket']>['file']>['getSignedUrl']>[0] = {
        version: 'v4',
        action: 'read',
        accessibleAt: now,
        expires: now + expiresSec * 1000,
      };
      if (endpoint && virtual) options.cname = `${endpoint.protocol}//${object.bucket}.${endpoint.host}`;
      else if (endpoint) options.host = endpoint.origin;
      else if (virtual) options.virtualHostedStyle = true;
      const [url] = await storage.bucket(object.bucket).file(object.key).getSignedUrl(options);
      return url;
    },
  };
}

function azureSigner(settings: RowSettings, secrets: RowSecrets): Signer {
  const secret = secrets.secret!;
  const supplied = azureSecretKind(secret) === 'sas' ? secret : undefined;
  const account = settings.bucket.split('/')[0]!;
  const credential = supplied ? undefined : new StorageSharedKeyCredential(account, secret);
  const endpoint = settings.endpoint ? new URL(settings.endpoint) : undefined;
  const pathStyle = effectiveAddressing(settings) === 'path';
  return {
    async sign(object, expiresSec, now) {
      if (!('container' in object)) throw new Error('not an Azure blob');
      const path = `${object.container}/${encodeObjectPath(object.blob)}`;
      const base = endpoint
        ? `${endpoint.origin}/${pathStyle ? `${object.account}/` : ''}${path}`
        : `https://${object.account}.${object.blobHostSuffix}/${path}`;
      if (supplied) return `${base}?${supplied}`;
      const sas = generateBlobSASQueryParameters(
        {
          containerName: object.container,
          blobName: object.blob,
          permissions: BlobSASPermissions.parse('r'),
          expiresOn: new Date(now + expiresSec * 1000),
          protocol: endpoint?.protocol === 'http:' ? SASProtocol.HttpsAndHttp : SASProtocol.Https,
        },
        credential!,
      );
      return `${base}?${sas.toString()}`;
    },
  };
}
