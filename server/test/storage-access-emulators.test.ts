// Cloud access against real local storage servers, started here: s3rver (in process) and Azurite (a child
// process). s3rver does not check SigV4 signatures and there is no GCS emulator, so every S3 and GCS signature
// is also checked offline, by computing it again independently of the SDKs. Azurite checks SAS itself.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, createHmac, generateKeyPairSync, randomBytes, verify as verifySignature, type KeyObject } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { freePort } from '../../scripts/free-port.mjs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BlobServiceClient, ContainerSASPermissions, generateBlobSASQueryParameters, StorageSharedKeyCredential } from '@azure/storage-blob';
import { dialects, startWithAdmin, type TestServer } from './support/server.ts';
import { RegionFinder } from '../src/storage-access/region.ts';

/** Nothing here reaches beyond 127.0.0.1: no host name resolves, and "AWS" is a closed local port. */
const offlineRegionFinder = () =>
  new RegionFinder({
    resolve: (_hostname, _options, callback) => callback(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }), []),
    awsBase: 'http://127.0.0.1:9',
    timeoutMs: 500,
  });

const require = createRequire(import.meta.url);

const AZURITE_ACCOUNT = 'devstoreaccount1';
const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const BUCKET = 'debug-samples';
const OBJECT_KEY = 'project/task 1/metrics/img +1 (ü).png';

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((done) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        done(true);
      });
      socket.once('error', () => done(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** s3rver in this process, on a free port, with one bucket. */
async function startS3rver(): Promise<{ url: string; close(): Promise<void> }> {
  const S3rver = require('s3rver');
  const directory = mkdtempSync(join(tmpdir(), 'foyer-s3rver-'));
  const port = await freePort();
  const server = new S3rver({ port, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: BUCKET }] });
  await server.run();
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Azurite's blob service as a child process (its own pid, not an npx wrapper's), in memory. */
async function startAzurite(): Promise<{ url: string; close(): void }> {
  const pkg = require.resolve('azurite/package.json');
  const bin = resolve(dirname(pkg), (require('azurite/package.json') as { bin: Record<string, string> }).bin['azurite-blob']!);
  const port = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), 'foyer-azurite-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [bin, '--blobHost', '127.0.0.1', '--blobPort', String(port), '--inMemoryPersistence', '--disableTelemetry', '--skipApiVersionCheck', '--silent'],
    { cwd, stdio: 'ignore' },
  );
  try {
    await waitForPort(port, 30_000);
  } catch (error) {
    child.kill();
    rmSync(cwd, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    close() {
      child.kill();
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Independent signature checks

const rfc3986 = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text).digest();

function canonicalQuery(url: URL, without: string): string {
  return [...url.searchParams]
    .filter(([name]) => name !== without)
    .map(([name, value]) => [rfc3986(name), rfc3986(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** The SigV4 signature of a presigned GET URL, computed from scratch with the given secret. */
function sigV4(signedUrl: string, secret: string): string {
  const url = new URL(signedUrl);
  const q = url.searchParams;
  assert.equal(q.get('X-Amz-Algorithm'), 'AWS4-HMAC-SHA256');
  assert.equal(q.get('X-Amz-SignedHeaders'), 'host');
  const [, day, region, service, terminator] = q.get('X-Amz-Credential')!.split('/');
  assert.equal(terminator, 'aws4_request');
  const canonicalRequest = ['GET', url.pathname, canonicalQuery(url, 'X-Amz-Signature'), `host:${url.host}`, '', 'host', 'UNSIGNED-PAYLOAD'].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', q.get('X-Amz-Date')!, scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, day!), region!), service!), 'aws4_request');
  return createHmac('sha256', signingKey).update(stringToSign).digest('hex');
}

/** Checks a GCS V4 (GOOG4-RSA-SHA256) signed URL against a public key. */
function verifyGcsV4(signedUrl: string, publicKey: KeyObject): boolean {
  const url = new URL(signedUrl);
  const q = url.searchParams;
  const credential = q.get('X-Goog-Credential')!;
  const scope = credential.slice(credential.indexOf('/') + 1);
  const canonicalRequest = ['GET', url.pathname, canonicalQuery(url, 'X-Goog-Signature'), `host:${url.hostname}`, '', 'host', 'UNSIGNED-PAYLOAD'].join('\n');
  const stringToSign = ['GOOG4-RSA-SHA256', q.get('X-Goog-Date')!, scope, sha256Hex(canonicalRequest)].join('\n');
  return verifySignature('RSA-SHA256', Buffer.from(stringToSign), publicKey, Buffer.from(q.get('X-Goog-Signature')!, 'hex'));
}

const tamperPath = (signedUrl: string) => signedUrl.replace('/img', '/imh');

// ---------------------------------------------------------------------------------------------------------

let s3: Awaited<ReturnType<typeof startS3rver>>;
let azurite: Awaited<ReturnType<typeof startAzurite>>;
const objectBytes = randomBytes(20_000);

before(async () => {
  const [s3Started, azuriteStarted] = await Promise.allSettled([startS3rver(), startAzurite()]);
  if (s3Started.status === 'fulfilled') s3 = s3Started.value;
  if (azuriteStarted.status === 'fulfilled') azurite = azuriteStarted.value;
  for (const started of [s3Started, azuriteStarted]) if (started.status === 'rejected') throw started.reason; // after() still stops the other
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: s3.url,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: OBJECT_KEY, Body: objectBytes, ContentType: 'image/png' }));
  const blobs = new BlobServiceClient(`${azurite.url}/${AZURITE_ACCOUNT}`, new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY));
  const container = blobs.getContainerClient('samples');
  await container.create();
  await container.getBlockBlobClient('dir/a b.png').uploadData(objectBytes);
});
after(async () => {
  azurite?.close();
  await s3?.close();
});

async function download(url: string): Promise<{ status: number; bytes: Buffer }> {
  const response = await fetch(url);
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
}

for (const dialect of dialects()) {
  describe(`cloud access with local storage servers (${dialect})`, () => {
    let server: TestServer;
    let token: string;
    const secrets = {
      s3: `s3-secret-${randomBytes(12).toString('hex')}`,
      s3Token: `sts-token-${randomBytes(12).toString('hex')}`,
      hmac: `gcs-hmac-${randomBytes(12).toString('hex')}`,
      wrongAzureKey: randomBytes(64).toString('base64'),
    };
    const serviceAccount = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const privatePem = serviceAccount.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    let sas = '';

    const sign = async (urls: string[], as = token) => {
      const result = await server.call('storage_access.sign_urls', { urls }, { token: as });
      assert.equal(result.status, 200, JSON.stringify(result.body.meta));
      return result.body.data.results as Array<{ url: string; signed_url?: string; error?: string; reason?: string; expires?: string; row?: string }>;
    };
    const set = async (body: Record<string, unknown>, as = token) => {
      const result = await server.call('storage_access.set', body, { token: as });
      assert.equal(result.status, 200, JSON.stringify(result.body.meta));
      return result.body.data.row;
    };

    before(async () => {
      ({ server, adminToken: token } = await startWithAdmin(dialect, { FOYER_SIGNED_URL_EXPIRY_SEC: '900' }, { regionFinder: offlineRegionFinder() }));
    });
    after(() => server.close());

    test('S3 (s3rver): put an object, add a row for that endpoint, sign, download the same bytes', async () => {
      const attempts = server.foyer.services.regionFinder.attempts;
      const saved = await server.call('storage_access.set', { bucket: BUCKET, endpoint: s3.url, key: 'S3RVER', secret: secrets.s3, token: secrets.s3Token }, { token });
      assert.equal(saved.status, 200, JSON.stringify(saved.body.meta));
      const row = saved.body.data.row;
      assert.equal(server.foyer.services.regionFinder.attempts, attempts + 1, 'saving a row without Region asks its endpoint, once');
      assert.ok(saved.body.data.region_check, 'and the response tells what it learned');
      assert.notEqual(saved.body.data.region_check.problem, 'unreachable', JSON.stringify(saved.body.data.region_check));
      assert.equal(row.provider, 's3');
      assert.equal(row.addressing, 'path', 'path style by default for a custom endpoint');
      const host = new URL(s3.url);
      const forms = [
        `s3://${host.host}/${BUCKET}/${OBJECT_KEY}`, // ClearML's form, with the port
        `s3://${host.hostname}/${BUCKET}/${OBJECT_KEY}`, // no port needed: a row names this host
        `${s3.url}/${BUCKET}/${OBJECT_KEY.split('/').map(encodeURIComponent).join('/')}`, // http URL of the endpoint
      ];
      const results = await sign(forms);
      assert.equal(server.foyer.services.regionFinder.attempts, attempts + 1, 'signing contacts nothing');
      for (const result of results) {
        assert.ok(result.signed_url, `${result.url}: ${result.error}`);
        assert.equal(result.row, row.id);
        const url = new URL(result.signed_url);
        assert.equal(url.searchParams.get('X-Amz-Expires'), '900', 'FOYER_SIGNED_URL_EXPIRY_SEC');
        assert.ok(Math.abs(Date.parse(result.expires!) - Date.now() - 900_000) < 60_000);
        assert.equal(url.searchParams.get('X-Amz-Security-Token'), secrets.s3Token, 'the session token goes with the URL, as SigV4 requires');
        const { status, bytes } = await download(result.signed_url);
        assert.equal(status, 200);
        assert.ok(bytes.equals(objectBytes), 'same bytes');
      }
    });

    test('S3 signatures checked offline: the right secret gives the signature, a wrong one does not', async () => {
      const [result] = await sign([`${s3.url}/${BUCKET}/${OBJECT_KEY}`]);
      const signedUrl = result!.signed_url!;
      const signature = new URL(signedUrl).searchParams.get('X-Amz-Signature');
      assert.match(signature!, /^[0-9a-f]{64}$/);
      assert.equal(sigV4(signedUrl, secrets.s3), signature, 'recomputed with the row secret');
      assert.notEqual(sigV4(signedUrl, `${secrets.s3}x`), signature, 'a wrong secret gives a different signature');
      assert.notEqual(sigV4(tamperPath(signedUrl), secrets.s3), signature, 'so does another object');
    });

    test('S3: a row with a key id the server does not know gives a URL it refuses', async () => {
      await server.createUser({ email: 'wrong-key@example.com', password: 'wrong-key-password-1' });
      const other = await server.login('wrong-key@example.com', 'wrong-key-password-1');
      await set({ bucket: BUCKET, endpoint: s3.url, key: 'NOTS3RVER', secret: secrets.s3 }, other);
      const [result] = await sign([`${s3.url}/${BUCKET}/${OBJECT_KEY}`], other);
      assert.equal((await download(result!.signed_url!)).status, 403);
    });

    test('AWS S3 (offline): virtual-hosted URL in the row\'s region, signature checked', async () => {
      await set({ bucket: 'aws-bucket', key: 'AKIAEXAMPLE', secret: secrets.s3, region: 'cn-north-1' }); // its own partition: not looked up
      const [result] = await sign(['s3://aws-bucket/a b.png']);
      const url = new URL(result!.signed_url!);
      assert.equal(url.host, 'aws-bucket.s3.cn-north-1.amazonaws.com.cn');
      assert.equal(url.pathname, '/a%20b.png');
      assert.equal(sigV4(result!.signed_url!, secrets.s3), url.searchParams.get('X-Amz-Signature'));
    });

    test('GCS with an HMAC key: SigV4 through storage.googleapis.com, checked offline', async () => {
      const row = await set({ bucket: 'gs://hmac-bucket', key: 'GOOG1EEXAMPLE', secret: secrets.hmac });
      assert.equal(row.provider, 'gcs');
      const [result] = await sign(['gs://hmac-bucket/dir/img 1.png']);
      const signedUrl = result!.signed_url!;
      const url = new URL(signedUrl);
      assert.equal(`${url.origin}${url.pathname}`, 'https://storage.googleapis.com/hmac-bucket/dir/img%201.png');
      assert.match(url.searchParams.get('X-Amz-Credential')!, /^GOOG1EEXAMPLE\/\d{8}\/auto\/s3\/aws4_request$/);
      assert.equal(sigV4(signedUrl, secrets.hmac), url.searchParams.get('X-Amz-Signature'));
      assert.notEqual(sigV4(signedUrl, secrets.s3), url.searchParams.get('X-Amz-Signature'));
    });

    test('GCS with a service account: a V4 signed URL that verifies with its public key only', async () => {
      const json = JSON.stringify({ type: 'service_account', project_id: 'foyer-test', private_key_id: 'k1', private_key: privatePem, client_email: 'signer@foyer-test.iam.gserviceaccount.com' });
      const row = await set({ bucket: 'sa-bucket', service_account_json: json });
      assert.equal(row.provider, 'gcs');
      assert.equal(row.service_account_email, 'signer@foyer-test.iam.gserviceaccount.com');
      const [result] = await sign(['gs://sa-bucket/runs/img 7.png']);
      const signedUrl = result!.signed_url!;
      const url = new URL(signedUrl);
      assert.equal(`${url.origin}${url.pathname}`, 'https://storage.googleapis.com/sa-bucket/runs/img%207.png');
      assert.equal(url.searchParams.get('X-Goog-Algorithm'), 'GOOG4-RSA-SHA256');
      assert.equal(url.searchParams.get('X-Goog-Expires'), '900');
      assert.match(url.searchParams.get('X-Goog-Credential')!, /^signer@foyer-test\.iam\.gserviceaccount\.com\/\d{8}\/auto\/storage\/goog4_request$/);
      assert.equal(verifyGcsV4(signedUrl, serviceAccount.publicKey), true, 'the service account\'s public key verifies it');
      const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
      assert.equal(verifyGcsV4(signedUrl, otherKey), false, 'another key does not');
      assert.equal(verifyGcsV4(signedUrl.replace('img%207', 'img%208'), serviceAccount.publicKey), false, 'nor another object');
    });

    test('Azure (Azurite checks SAS): a SAS from the account key downloads; a wrong account key gets 403', async () => {
      const row = await set({ provider: 'azure', bucket: AZURITE_ACCOUNT, endpoint: azurite.url, secret: AZURITE_KEY });
      assert.equal(row.secret_kind, 'account_key');
      const results = await sign([`${azurite.url}/${AZURITE_ACCOUNT}/samples/dir/a%20b.png`, `azure://${AZURITE_ACCOUNT}.blob.core.windows.net/samples/dir/a b.png`]);
      for (const result of results) {
        assert.ok(result.signed_url, result.error);
        assert.ok(result.signed_url.startsWith(`${azurite.url}/${AZURITE_ACCOUNT}/samples/dir/a%20b.png?`), result.signed_url);
        const { status, bytes } = await download(result.signed_url);
        assert.equal(status, 200);
        assert.ok(bytes.equals(objectBytes));
        assert.equal((await download(result.signed_url.replace(/sig=[^&]+/, 'sig=AAAA'))).status, 403, 'Azurite does check the signature');
      }
      await server.createUser({ email: 'wrong-azure@example.com', password: 'wrong-azure-password-1' });
      const other = await server.login('wrong-azure@example.com', 'wrong-azure-password-1');
      await set({ provider: 'azure', bucket: `${AZURITE_ACCOUNT}/samples`, endpoint: azurite.url, secret: secrets.wrongAzureKey }, other);
      const [wrong] = await sign([`${azurite.url}/${AZURITE_ACCOUNT}/samples/dir/a%20b.png`], other);
      assert.ok(wrong!.signed_url);
      assert.equal((await download(wrong!.signed_url)).status, 403, 'a SAS made with a wrong account key is refused');
    });

    test('Azure: a supplied SAS is appended as it is', async () => {
      const credential = new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY);
      sas = generateBlobSASQueryParameters(
        { containerName: 'samples', permissions: ContainerSASPermissions.parse('rl'), expiresOn: new Date(Date.now() + 3600_000) },
        credential,
      ).toString();
      await server.createUser({ email: 'sas@example.com', password: 'sas-user-password-1' });
      const user = await server.login('sas@example.com', 'sas-user-password-1');
      const row = await set({ provider: 'azure', bucket: `${AZURITE_ACCOUNT}/samples`, endpoint: azurite.url, secret: `?${sas}` }, user);
      assert.equal(row.secret_kind, 'sas');
      const [result] = await sign([`${azurite.url}/${AZURITE_ACCOUNT}/samples/dir/a%20b.png`], user);
      assert.equal(result!.signed_url, `${azurite.url}/${AZURITE_ACCOUNT}/samples/dir/a%20b.png?${sas}`);
      assert.equal((await download(result!.signed_url!)).status, 200);
    });

    test('the database holds no cloud secret in clear', async () => {
      const needles = [
        secrets.s3,
        secrets.s3Token,
        secrets.hmac,
        secrets.wrongAzureKey,
        AZURITE_KEY,
        new URLSearchParams(sas).get('sig')!,
        privatePem.split('\n')[5]!, // a line from the middle of the private key
      ];
      assert.ok(needles.every((n) => n.length >= 20));
      let haystack: Buffer;
      if (dialect === 'sqlite') {
        // every file of the data dir: the database, its write-ahead log (recent writes) and the key file
        const files = readdirSync(server.dataDir);
        assert.ok(files.includes('foyer.sqlite'));
        haystack = Buffer.concat(files.map((file) => readFileSync(join(server.dataDir, file))));
      } else {
        const client = new pg.Client({ connectionString: server.databaseUrl });
        await client.connect();
        const tables = await client.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
        const texts: string[] = [];
        for (const { tablename } of tables.rows) {
          const rows = await client.query(`SELECT t::text AS row FROM "${tablename}" t`);
          texts.push(...rows.rows.map((r: { row: string }) => r.row));
        }
        await client.end();
        haystack = Buffer.from(texts.join('\n'));
      }
      const rows = haystack.toString('latin1');
      assert.ok(rows.includes(BUCKET), 'the search does see the rows');
      for (const needle of needles) assert.ok(!haystack.includes(Buffer.from(needle)), `a secret in clear (${needle.slice(0, 6)}…)`);
    });
  });
}
