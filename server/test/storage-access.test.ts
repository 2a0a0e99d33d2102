// storage_access.* over HTTP on SQLite and PostgreSQL: write-only secrets, updates that keep omitted secrets,
// bad input refused with nothing changed, clear reasons per URL, region discovery that only ever asks AWS or
// a configured endpoint, the authorization matrix, nothing secret in logs, and `foyer secrets rotate-key`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { generate } from 'otplib';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dialects, startWithAdmin, ADMIN, type TestServer } from './support/server.ts';
import { RegionFinder, type BaseLookup } from '../src/storage-access/region.ts';
import { opensWith } from '../src/storage-access/rotate.ts';
import { createFoyer, type Foyer } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

const BIN = fileURLToPath(new URL('../bin/foyer.js', import.meta.url));
const AZURE_KEY = randomBytes(64).toString('base64');

type Result = { url: string; signed_url?: string; error?: string; reason?: string; row?: string };

/** A local HTTP server that records every request; `answer` decides the response. */
async function recorder(answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; requests: string[]; server: Server }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    answer(req, res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

// Nothing in this file reaches beyond 127.0.0.1: every server here gets a region finder whose host names resolve
// to nothing unless a test maps them, and whose "AWS" is a closed local port unless a test puts a stand-in there.
const OFFLINE_AWS = 'http://127.0.0.1:9';
const offline: BaseLookup = (_hostname, _options, callback) => callback(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }), []);
const offlineRegions = () => ({ regionFinder: new RegionFinder({ resolve: offline, awsBase: OFFLINE_AWS, timeoutMs: 200 }) });

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((done) => server.close(() => done()));
}

for (const dialect of dialects()) {
  describe(`cloud access rows and signing (${dialect})`, () => {
    let server: TestServer;
    let token: string;
    const secret = `s3-secret-${randomBytes(16).toString('hex')}`;
    const sessionToken = `sts-token-${randomBytes(16).toString('hex')}`;

    const call = (name: string, body: unknown, as = token) => server.call(name, body, { token: as });
    const rowsInDb = async () => JSON.stringify(await server.foyer.services.db.selectFrom('storage_access').selectAll().orderBy('id').execute());
    const sign = async (urls: string[], as = token): Promise<Result[]> => {
      const result = await call('storage_access.sign_urls', { urls }, as);
      assert.equal(result.status, 200, JSON.stringify(result.body.meta));
      return result.body.data.results;
    };

    before(async () => {
      ({ server, adminToken: token } = await startWithAdmin(dialect, {}, offlineRegions()));
    });
    after(() => server.close());

    test('set creates a row; secrets are write-only: set, last 4 characters, never the value', async () => {
      const created = await call('storage_access.set', { bucket: 'ml-data', endpoint: 'https://minio.example.com:9000', key: 'MINIOKEY', secret, token: sessionToken });
      assert.equal(created.status, 200, JSON.stringify(created.body.meta));
      const { row } = created.body.data;
      assert.equal(created.body.data.created, true);
      assert.match(row.id, /^[0-9a-f]{32}$/);
      assert.deepEqual(
        { ...row, id: undefined, created: undefined, updated: undefined },
        {
          id: undefined,
          scope: 'user',
          provider: 's3',
          bucket: 'ml-data',
          editable: true,
          endpoint: 'https://minio.example.com:9000',
          key: 'MINIOKEY',
          region: null,
          addressing: 'path',
          addressing_default: true,
          secrets_readable: true,
          secret_set: true,
          secret_last4: secret.slice(-4),
          token_set: true,
          token_last4: sessionToken.slice(-4),
          service_account_set: false,
          created: undefined,
          updated: undefined,
        },
      );
      const all = await call('storage_access.get_all', {});
      assert.equal(all.status, 200);
      assert.equal(all.body.data.rows.length, 1);
      assert.equal(all.body.data.can.add_workspace_rows, true);
      assert.equal(all.body.data.signed_url_expiry_sec, 3600, 'one hour by default');
      assert.equal(all.body.data.max_urls_per_call, 500);
      for (const text of [JSON.stringify(created.body), JSON.stringify(all.body)]) {
        assert.ok(!text.includes(secret) && !text.includes(sessionToken), 'no response ever holds a secret');
      }
    });

    test('an update without the secret keeps it (the stored value is sealed again with a fresh nonce)', async () => {
      const [row] = (await call('storage_access.get_all', {})).body.data.rows;
      const before = await server.foyer.services.db.selectFrom('storage_access').select('secrets').where('id', '=', row.id).executeTakeFirstOrThrow();
      const updated = await call('storage_access.set', { id: row.id, region: 'eu-central-1', addressing: 'virtual' });
      assert.equal(updated.status, 200, JSON.stringify(updated.body.meta));
      assert.equal(updated.body.data.created, false);
      assert.equal(updated.body.data.row.region, 'eu-central-1');
      assert.equal(updated.body.data.row.addressing, 'virtual');
      assert.equal(updated.body.data.row.secret_last4, secret.slice(-4), 'the secret stayed');
      assert.equal(updated.body.data.row.token_set, true);
      const after = await server.foyer.services.db.selectFrom('storage_access').select('secrets').where('id', '=', row.id).executeTakeFirstOrThrow();
      assert.notEqual(after.secrets, before.secrets);
      const [signed] = await sign(['https://ml-data.minio.example.com:9000/a.png']);
      assert.ok(signed!.signed_url, signed!.error);
      assert.equal(new URL(signed!.signed_url).host, 'ml-data.minio.example.com:9000', 'virtual-hosted addressing on a custom endpoint');
      assert.match(new URL(signed!.signed_url).searchParams.get('X-Amz-Credential')!, /\/eu-central-1\/s3\//);

      const newSecret = `replaced-${randomBytes(12).toString('hex')}`;
      const replaced = await call('storage_access.set', { id: row.id, secret: newSecret, token: '', addressing: null });
      assert.equal(replaced.body.data.row.secret_last4, newSecret.slice(-4));
      assert.equal(replaced.body.data.row.token_set, false, '"" removes a secret');
      assert.equal(replaced.body.data.row.addressing, 'path', 'null goes back to the default');
      const again = await sign(['s3://minio.example.com/ml-data/a.png']);
      assert.equal(new URL(again[0]!.signed_url!).searchParams.get('X-Amz-Security-Token'), null);
    });

    test('bad input is a 400 in the envelope and changes nothing', async () => {
      const [row] = (await call('storage_access.get_all', {})).body.data.rows;
      const snapshot = await rowsInDb();
      const cases: Array<[string, Record<string, unknown>, RegExp]> = [
        ['storage_access.set', { endpoint: 'https://x' }, /"bucket": this field is required/],
        ['storage_access.set', { bucket: 'b', key: 'K', secret: 'S'.repeat(20), endpoint: 'minio.local:9000' }, /write the scheme too/],
        ['storage_access.set', { bucket: 'b', key: 'K', secret: 'S'.repeat(20), region: 'Europe (Paris)' }, /region name/],
        ['storage_access.set', { bucket: 'b', key: 'K' }, /"secret": is required for S3/],
        ['storage_access.set', { bucket: 'b', key: 'K', secret: 'x'.repeat(5000) }, /"secret": must be at most 4096/],
        ['storage_access.set', { bucket: 'b', service_account_json: '{not json' }, /not valid JSON/],
        ['storage_access.set', { bucket: 'b', provider: 'dropbox' }, /"provider": must be one of "s3", "gcs", "azure"/],
        ['storage_access.set', { bucket: 'b', key: 'K', secret: 'S'.repeat(20), addressing: 'sideways' }, /"addressing": must be one of "path", "virtual"/],
        ['storage_access.set', { bucket: 'b'.repeat(400), key: 'K', secret: 'S'.repeat(20) }, /"bucket": must be at most 300/],
        ['storage_access.set', { bucket: 'b', key: 'K', secret: 'S'.repeat(20), colour: 'red' }, /unknown field "colour"/],
        ['storage_access.set', { bucket: 42 }, /"bucket"/],
        ['storage_access.set', { id: 'nope', region: 'us-east-1' }, /"id": must be a row id/],
        ['storage_access.set', { id: row.id, secret: '' }, /"secret": is required for S3/],
        ['storage_access.set', { id: row.id, endpoint: 'ftp://x' }, /https:\/\/ or http:\/\//],
        ['storage_access.set', { id: row.id, scope: 'workspace' }, /scope cannot change/],
        ['storage_access.set', { id: row.id, provider: 'azure' }, /"bucket".*Azure|storage account key/],
        ['storage_access.delete', {}, /"id": this field is required/],
        ['storage_access.delete', { id: 'x'.repeat(10_000) }, /"id": must be a row id/],
        ['storage_access.sign_urls', { urls: 's3://b/k' }, /"urls"/],
        ['storage_access.sign_urls', { urls: [1] }, /"urls\.0"/],
        ['storage_access.sign_urls', { urls: Array(501).fill('s3://b/k') }, /"urls": at most 500 URLs per call \(501 given\)/],
        ['storage_access.sign_urls', {}, /"urls": this field is required/],
      ];
      for (const [name, body, message] of cases) {
        const result = await call(name, body);
        assert.equal(result.status, 400, `${name} ${JSON.stringify(body).slice(0, 80)}: ${result.status}`);
        assert.match(result.body.meta.result_msg, message, JSON.stringify(body).slice(0, 80));
        assert.ok(!result.body.meta.result_msg.includes('S'.repeat(20)), 'no secret in the message');
      }
      const bad = await server.call('storage_access.set', undefined, { token, raw: '{"bucket": ', headers: { 'content-type': 'application/json' } });
      assert.equal(bad.status, 400);
      const unknown = await call('storage_access.delete', { id: 'f'.repeat(32) });
      assert.equal(unknown.status, 404);
      assert.equal(await rowsInDb(), snapshot, 'nothing changed');
    });

    test('a second row for the same bucket and endpoint is refused (edit the first instead)', async () => {
      const first = await call('storage_access.set', { bucket: 'dup-bucket', key: 'K', secret: 'secret-secret-secret', region: 'cn-north-1' });
      assert.equal(first.status, 200);
      const second = await call('storage_access.set', { bucket: 's3://dup-bucket', key: 'K2', secret: 'other-secret-secret', region: 'cn-north-1' });
      assert.deepEqual([second.status, second.body.meta.result_subcode], [400, 801]);
      assert.match(second.body.meta.result_msg, /already a cloud access row for S3 bucket "dup-bucket" here; edit that one instead/);
      await call('storage_access.delete', { id: first.body.data.row.id });
    });

    test('sign_urls: one answer per URL, with a reason in words; 500 URLs in one call', async () => {
      const results = await sign([
        'ftp://files.example.com/a.png',
        '/home/me/a.png',
        'not a url',
        's3://unknown-bucket/a.png',
        'gs://unknown/a.png',
        'https://elsewhere.example.com/ml-data/a.png',
        'https://minio.example.com:9000/ml-data/dir/a%20b.png',
      ]);
      assert.deepEqual(
        results.map((r) => r.reason ?? 'signed'),
        ['unsupported_scheme', 'unsupported_scheme', 'malformed_url', 'no_matching_row', 'no_matching_row', 'no_matching_row', 'signed'],
      );
      assert.match(results[3]!.error!, /No cloud access row for S3 bucket "unknown-bucket"/);
      assert.match(results[5]!.error!, /No cloud access row has Host \(Endpoint\) https:\/\/elsewhere\.example\.com/);
      assert.equal(results[0]!.url, 'ftp://files.example.com/a.png', 'each answer names its URL');

      const many = Array.from({ length: 500 }, (_, i) => `s3://minio.example.com:9000/ml-data/samples/${i}.png`);
      const signed = await sign(many);
      assert.equal(signed.length, 500);
      assert.ok(signed.every((r, i) => r.url === many[i] && r.signed_url?.startsWith(`https://minio.example.com:9000/ml-data/samples/${i}.png?`)));
      assert.deepEqual(await sign([]), []);
    });

    test('a sealed value moved to another row does not open there: the row says to enter the secret again', async () => {
      const a = (await call('storage_access.set', { bucket: 'moved-a', endpoint: 'https://s3.example.com', region: 'us-east-1', key: 'K', secret: 'secret-of-row-a-123' })).body.data.row;
      const b = (await call('storage_access.set', { bucket: 'moved-b', endpoint: 'https://s3.example.com', region: 'us-east-1', key: 'K', secret: 'secret-of-row-b-456' })).body.data.row;
      const db = server.foyer.services.db;
      const sealedA = (await db.selectFrom('storage_access').select('secrets').where('id', '=', a.id).executeTakeFirstOrThrow()).secrets;
      await db.updateTable('storage_access').set({ secrets: sealedA, version: 99 }).where('id', '=', b.id).execute();
      const rowB = (await call('storage_access.get_all', {})).body.data.rows.find((r: { id: string }) => r.id === b.id);
      assert.equal(rowB.secrets_readable, false);
      assert.equal(rowB.secret_set, undefined);
      const [result] = await sign(['s3://s3.example.com/moved-b/k.png']);
      assert.equal(result!.reason, 'secrets_unreadable');
      assert.match(result!.error!, /Enter the secret on the row again/);
      const regionOnly = await call('storage_access.set', { id: b.id, region: 'us-west-1' });
      assert.equal(regionOnly.status, 400);
      assert.match(regionOnly.body.meta.result_msg, /can no longer be decrypted .*enter it again/);
      const fixed = await call('storage_access.set', { id: b.id, secret: 'secret-of-row-b-789' });
      assert.equal(fixed.status, 200);
      assert.ok((await sign(['s3://s3.example.com/moved-b/k.png']))[0]!.signed_url);
      await call('storage_access.delete', { id: a.id });
      await call('storage_access.delete', { id: b.id });
    });

    describe('region discovery: only when a row is saved, never while signing', () => {
      let aws: Awaited<ReturnType<typeof recorder>>;
      let trap: Awaited<ReturnType<typeof recorder>>;
      let silent: Awaited<ReturnType<typeof recorder>>;
      const resolved: string[] = [];
      let regionFinder: RegionFinder;
      before(async () => {
        aws = await recorder((req, res) => {
          const bucket = req.url!.slice(1);
          if (req.method !== 'HEAD') res.writeHead(405).end();
          else if (bucket === 'moved-bucket') res.writeHead(301, { 'x-amz-bucket-region': 'eu-west-3' }).end();
          else if (bucket === 'private-bucket') res.writeHead(403, { 'x-amz-bucket-region': 'ap-south-1' }).end();
          else if (bucket === 'custom-bucket' || bucket === 'named-bucket') res.writeHead(200, { 'x-amz-bucket-region': 'garage-1' }).end();
          else if (bucket === 'ghost-bucket') res.writeHead(404).end();
          // slow-bucket: no answer at all
        });
        trap = await recorder((_req, res) => res.writeHead(200).end());
        silent = await recorder(() => {}); // accepts, never answers
        regionFinder = server.foyer.services.regionFinder;
        regionFinder.awsBase = aws.url;
        regionFinder.timeoutMs = 300;
        // test host names, resolved here: nothing but 127.0.0.1 is ever connected to
        regionFinder.resolve = (hostname, _options, callback) => {
          resolved.push(hostname);
          if (hostname === 'storage.test') return callback(null, [{ address: '127.0.0.1', family: 4 }]);
          if (hostname === 'metadata.test') return callback(null, [{ address: '169.254.169.254', family: 4 }]);
          if (hostname === 'metadata6.test') return callback(null, [{ address: '::ffff:169.254.169.254', family: 6 }, { address: 'fd00:ec2::254', family: 6 }, { address: 'fe80::1', family: 6 }]);
          callback(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }), []);
        };
      });
      after(async () => {
        regionFinder.awsBase = OFFLINE_AWS;
        regionFinder.timeoutMs = 200;
        regionFinder.resolve = offline;
        await closeServer(aws.server);
        await closeServer(trap.server);
        await closeServer(silent.server);
      });

      test('AWS is asked when the row is saved; a wrong Region does not dead-lock it; sign_urls contacts nothing', async () => {
        const saved = await call('storage_access.set', { bucket: 'moved-bucket', key: 'AKIA', secret: 'aws-secret-aws-secret', region: 'us-east-1' });
        assert.equal(saved.status, 200, JSON.stringify(saved.body.meta));
        assert.deepEqual(aws.requests, ['HEAD /moved-bucket'], 'one HEAD, at save time');
        assert.deepEqual(saved.body.data.region_check, { region: 'eu-west-3' });
        const row = saved.body.data.row;
        const [result] = await sign(['s3://moved-bucket/a.png', 'https://moved-bucket.s3.amazonaws.com/c.png']);
        const url = new URL(result!.signed_url!);
        assert.equal(url.host, 'moved-bucket.s3.eu-west-3.amazonaws.com');
        assert.match(url.searchParams.get('X-Amz-Credential')!, /\/eu-west-3\/s3\/aws4_request$/);
        assert.deepEqual(aws.requests, ['HEAD /moved-bucket'], 'signing asked nobody');
        const view = (await call('storage_access.get_all', {})).body.data.rows.find((r: { id: string }) => r.id === row.id);
        assert.equal(view.region, 'us-east-1');
        assert.equal(view.detected_region, 'eu-west-3', 'the UI can show what to fix');
        const noRegion = (await call('storage_access.set', { bucket: 'private-bucket', key: 'AKIA', secret: 'aws-secret-aws-secret' })).body.data.row;
        assert.equal(noRegion.region, null);
        const before = aws.requests.length;
        assert.equal(new URL((await sign(['s3://private-bucket/a.png']))[0]!.signed_url!).host, 'private-bucket.s3.ap-south-1.amazonaws.com', 'also from a 403');
        assert.equal(aws.requests.length, before);
      });

      test('when the region cannot be found, save says so and sign_urls says exactly what to set, without asking again', async () => {
        const ghost = await call('storage_access.set', { bucket: 'ghost-bucket', key: 'AKIA', secret: 'aws-secret-aws-secret' });
        assert.equal(ghost.status, 200);
        assert.equal(ghost.body.data.region_check.problem, 'no_such_bucket');
        assert.match(ghost.body.data.region_check.message, /AWS has no bucket named "ghost-bucket"\. Check Bucket on the row/);
        const started = Date.now();
        const slow = await call('storage_access.set', { bucket: 'slow-bucket', key: 'AKIA', secret: 'aws-secret-aws-secret' });
        assert.ok(Date.now() - started >= 290, 'a silent server is waited for, up to the timeout');
        assert.deepEqual(slow.body.data.region_check, {
          problem: 'unreachable',
          message: `Could not find the region of bucket "slow-bucket" from AWS (could not reach ${aws.url}). Set Region on the row, for example eu-west-1, or save it again later to ask again; until then its URLs cannot be signed.`,
        });
        const asked = aws.requests.length;
        const [ghostSigned, slowSigned] = await sign(['s3://ghost-bucket/a.png', 's3://slow-bucket/a.png']);
        assert.equal(aws.requests.length, asked, 'signing asked nobody');
        for (const [result, bucket] of [[ghostSigned, 'ghost-bucket'], [slowSigned, 'slow-bucket']] as const) {
          assert.equal(result!.reason, 'region_unknown');
          assert.match(result!.error!, new RegExp(`Set Region on the row for bucket "${bucket}", for example eu-west-1`));
        }
        const row = (await call('storage_access.get_all', {})).body.data.rows.find((r: { bucket: string }) => r.bucket === 'slow-bucket');
        await call('storage_access.set', { id: row.id, region: 'sa-east-1' });
        const [fixed] = await sign(['s3://slow-bucket/a.png']);
        assert.equal(new URL(fixed!.signed_url!).host, 'slow-bucket.s3.sa-east-1.amazonaws.com', 'AWS unreachable: the row\'s Region is used');
      });

      test('a custom endpoint without Region is asked itself, at save; hosts from pasted URLs are never contacted', async () => {
        const saved = await call('storage_access.set', { bucket: 'custom-bucket', endpoint: aws.url, key: 'K', secret: 'custom-secret-12345' });
        assert.deepEqual(saved.body.data.region_check, { region: 'garage-1' });
        const asked = aws.requests.length;
        const [custom] = await sign([`${aws.url}/custom-bucket/a.png`]);
        assert.match(new URL(custom!.signed_url!).searchParams.get('X-Amz-Credential')!, /\/garage-1\/s3\//);
        assert.equal(aws.requests.length, asked);
        const withRegion = await call('storage_access.set', { bucket: 'has-region', endpoint: aws.url, region: 'us-west-2', key: 'K', secret: 'custom-secret-12345' });
        assert.equal(withRegion.body.data.region_check, undefined, 'a custom endpoint with Region is not asked');
        assert.equal(aws.requests.length, asked);
        const trapHost = new URL(trap.url).host;
        const results = await sign([
          `s3://${trapHost}/custom-bucket/a.png`,
          `${trap.url}/custom-bucket/a.png`,
          `s3://${trapHost}/moved-bucket/a.png`,
          `https://moved-bucket.s3.eu-west-3.amazonaws.com.${trapHost}/a.png`,
          `azure://acct.blob.core.windows.net.${trapHost}/c/a.png`,
        ]);
        assert.ok(results.every((r) => r.reason), JSON.stringify(results));
        assert.deepEqual(trap.requests, [], 'no request to a host taken from a URL');
        assert.ok(aws.requests.every((r) => r.startsWith('HEAD ')));
      });

      test('a host name is resolved through the guard: a private address is asked, a metadata address never', async () => {
        const port = new URL(aws.url).port;
        const named = await call('storage_access.set', { bucket: 'named-bucket', endpoint: `http://storage.test:${port}`, key: 'K', secret: 'custom-secret-12345' });
        assert.deepEqual(named.body.data.region_check, { region: 'garage-1' }, 'storage.test resolves to 127.0.0.1: allowed');
        assert.ok(resolved.includes('storage.test'));
        const asked = aws.requests.length;
        const attempts = regionFinder.attempts;
        for (const host of ['metadata.test', 'metadata6.test']) {
          const endpoint = `http://${host}:${port}`;
          const saved = await call('storage_access.set', { bucket: `meta-${host.split('.')[0]}`, endpoint, key: 'K', secret: 'custom-secret-12345' });
          try {
            assert.equal(saved.status, 200);
            assert.deepEqual(saved.body.data.region_check?.problem, 'unreachable');
            assert.match(saved.body.data.region_check.message, new RegExp(`\\(could not reach ${endpoint.replace(/\./g, '\\.')}\\)`));
            assert.ok(resolved.includes(host), `${host} was resolved`);
          } finally {
            await call('storage_access.delete', { id: saved.body.data.row.id }); // never signed with, whatever happens
          }
        }
        assert.equal(regionFinder.attempts, attempts, 'no connection was attempted to what they resolve to');
        assert.equal(aws.requests.length, asked);
      });

      test('metadata and link-local addresses written in the endpoint are never contacted, in any form', async () => {
        const attempts = regionFinder.attempts;
        const lookups = resolved.length;
        for (const endpoint of [
          'http://169.254.169.254',
          'http://169.254.170.2:8080',
          'http://[::ffff:169.254.169.254]',
          'http://[::ffff:a9fe:a9fe]:81',
          'http://[fd00:ec2::254]',
          'http://[fe80::1]',
          'https://[febf:ffff::1]:9000',
          'http://[64:ff9b::169.254.169.254]',
        ]) {
          const saved = await call('storage_access.set', { bucket: 'metadata-bucket', endpoint, key: 'K', secret: 'custom-secret-12345' });
          try {
            assert.equal(saved.status, 200, JSON.stringify(saved.body.meta));
            assert.equal(saved.body.data.region_check?.problem, 'unreachable', endpoint);
            assert.match(saved.body.data.region_check.message, /could not reach http/);
          } finally {
            await call('storage_access.delete', { id: saved.body.data.row.id }); // never signed with, whatever happens
          }
        }
        assert.equal(regionFinder.attempts, attempts, 'not one connection attempted');
        assert.equal(resolved.length, lookups, 'IP literals are never looked up');
      });

      test('FOYER_REGION_LOOKUP=off: saving contacts nothing, and an AWS row without Region is told to set one', async () => {
        const quietRegions = new RegionFinder({ resolve: offline, awsBase: aws.url, timeoutMs: 300 });
        const quiet = await startWithAdmin(dialect, { FOYER_REGION_LOOKUP: 'off' }, { regionFinder: quietRegions });
        try {
          const asked = aws.requests.length;
          const saved = await quiet.server.call('storage_access.set', { bucket: 'moved-bucket', key: 'AKIA', secret: 'aws-secret-aws-secret' }, { token: quiet.adminToken });
          assert.equal(saved.status, 200, JSON.stringify(saved.body.meta));
          assert.equal(saved.body.data.region_check, undefined);
          const signed = await quiet.server.call('storage_access.sign_urls', { urls: ['s3://moved-bucket/a.png'] }, { token: quiet.adminToken });
          assert.equal(signed.body.data.results[0].reason, 'region_unknown');
          assert.match(JSON.stringify(signed.body.data.results[0]), /Set Region on the row/);
          const named = await quiet.server.call('storage_access.set', { bucket: 'named-region', key: 'AKIA', secret: 'aws-secret-aws-secret', region: 'eu-west-1' }, { token: quiet.adminToken });
          const [withRegion] = (await quiet.server.call('storage_access.sign_urls', { urls: ['s3://named-region/a.png'] }, { token: quiet.adminToken })).body.data.results;
          assert.equal(named.status, 200);
          assert.equal(new URL(withRegion.signed_url).host, 'named-region.s3.eu-west-1.amazonaws.com');
          assert.equal(aws.requests.length, asked, 'AWS was never asked');
          assert.equal(quietRegions.attempts, 0, 'nothing was contacted');
        } finally {
          await quiet.server.close();
        }
      });

      test('a closed port and a silent server read the same: "could not reach <endpoint>"', async () => {
        const closed = await recorder(() => {});
        const closedUrl = closed.url;
        await closeServer(closed.server);
        const messages: string[] = [];
        for (const endpoint of [closedUrl, silent.url]) {
          const started = Date.now();
          const saved = await call('storage_access.set', { bucket: 'unreachable-bucket', endpoint, key: 'K', secret: 'custom-secret-12345' });
          assert.ok(Date.now() - started >= 290, `${endpoint}: the answer comes after the full timeout`);
          messages.push(saved.body.data.region_check.message.replace(endpoint, '<endpoint>'));
          await call('storage_access.delete', { id: saved.body.data.row.id });
        }
        assert.equal(messages[0], messages[1]);
        assert.match(messages[0]!, /could not reach <endpoint>/);
        assert.equal(silent.requests.length, 1, 'the silent server was asked once, at save');
      });
    });

    test('logs hold no secret, even when signing fails', async () => {
      const lines: string[] = [];
      const log = server.foyer.services.log;
      const capture = (obj: object | string, msg?: string) => void lines.push(JSON.stringify(obj) + (msg ?? ''));
      server.foyer.services.log = { info: capture, warn: capture, error: capture };
      try {
        const logSecret = `log-secret-${randomBytes(8).toString('hex')}`;
        await call('storage_access.set', { bucket: 'log-bucket', key: 'K', secret: logSecret });
        await sign(['s3://log-bucket/a.png', 'azure://nope.blob.core.windows.net/c/a.png']);
        await call('storage_access.set', { bucket: 'log-bucket', key: 'K', secret: logSecret }); // a duplicate: refused
        assert.ok(lines.every((line) => !line.includes(logSecret) && !line.includes(secret)), lines.join('\n'));
      } finally {
        server.foyer.services.log = log;
      }
    });

    test('delete: the row is gone and signs nothing more', async () => {
      const row = (await call('storage_access.set', { bucket: 'bye', endpoint: 'https://s3.example.com', region: 'us-east-1', key: 'K', secret: 'secret-to-delete-1' })).body.data.row;
      assert.ok((await sign(['s3://s3.example.com/bye/a.png']))[0]!.signed_url);
      const deleted = await call('storage_access.delete', { id: row.id });
      assert.deepEqual(deleted.body.data, { deleted: 1 });
      assert.equal((await sign(['s3://s3.example.com/bye/a.png']))[0]!.reason, 'no_matching_row');
      assert.equal((await call('storage_access.delete', { id: row.id })).status, 404);
    });
  });

  describe(`cloud access authorization matrix (${dialect})`, () => {
    let server: TestServer;
    const team = { id: '', owner: '', admin: '', member: '', memberId: '' };
    let eve = ''; // another user in another workspace
    let memberPersonal = ''; // the member, signed into their own personal workspace
    const rows = { workspace: '', owners: '', members: '', eves: '' };
    const workspaceSecret = `workspace-secret-${randomBytes(8).toString('hex')}`;

    async function join(inviter: string, email: string, role: 'admin' | 'member') {
      const url = (await server.call('invites.create', { workspace: team.id, role }, { token: inviter })).body.data.url;
      const signUp = await server.call('auth.sign_up', { email, password: 'matrix-password-1', name: email.split('@')[0], invite_token: url.split('/invite/')[1] });
      assert.equal(signUp.status, 200, JSON.stringify(signUp.body.meta));
      return { token: await server.login(email, 'matrix-password-1'), id: signUp.body.data.user as string };
    }
    const set = async (as: string, body: Record<string, unknown>) => {
      const result = await server.call('storage_access.set', body, { token: as });
      assert.equal(result.status, 200, JSON.stringify(result.body.meta));
      return result.body.data.row.id as string;
    };
    const snapshot = async () => JSON.stringify(await server.foyer.services.db.selectFrom('storage_access').selectAll().orderBy('id').execute());
    const signOne = async (as: string, url: string) => (await server.call('storage_access.sign_urls', { urls: [url] }, { token: as })).body.data.results[0] as Result;

    before(async () => {
      let ada: string;
      ({ server, adminToken: ada } = await startWithAdmin(dialect, { FOYER_MODE: 'multi' }, offlineRegions()));
      team.owner = ada;
      team.id = (await server.call('workspaces.create', { name: 'Team' }, { token: ada })).body.data.id;
      team.owner = (await server.call('workspaces.switch', { workspace: team.id }, { token: ada })).body.data.token;
      team.admin = (await join(team.owner, 'team-admin@example.com', 'admin')).token;
      const member = await join(team.owner, 'team-member@example.com', 'member');
      Object.assign(team, { member: member.token, memberId: member.id });
      await server.createUser({ email: 'eve@example.com', password: 'eve-password-12' });
      eve = await server.login('eve@example.com', 'eve-password-12');
      const companies = (await server.call('organization.get_user_companies', {}, { token: member.token })).body.data.companies;
      const personal = companies.find((c: { personal: boolean }) => c.personal).id;
      memberPersonal = (await server.call('auth.login', {}, { basic: ['team-member@example.com', 'matrix-password-1'], headers: { 'X-Clearml-Tenant': personal } })).body.data.token;

      rows.workspace = await set(team.owner, { scope: 'workspace', bucket: 'team-bucket', endpoint: 'https://s3.team.example.com', region: 'us-east-1', key: 'TEAMKEY', secret: workspaceSecret });
      rows.owners = await set(team.owner, { bucket: 'owner-bucket', endpoint: 'https://s3.team.example.com', region: 'us-east-1', key: 'OWNERKEY', secret: 'owner-secret-1234567' });
      rows.members = await set(team.member, { bucket: 'member-bucket', endpoint: 'https://s3.team.example.com', region: 'us-east-1', key: 'MEMBERKEY', secret: 'member-secret-123456' });
      rows.eves = await set(eve, { bucket: 'eve-bucket', endpoint: 'https://s3.team.example.com', region: 'us-east-1', key: 'EVEKEY', secret: 'eve-secret-123456789' });
    });
    after(() => server.close());

    test('get_all: own rows in full; workspace rows in full for owners and admins, as bucket and provider for members', async () => {
      const view = async (as: string) => (await server.call('storage_access.get_all', {}, { token: as })).body.data;
      const owner = await view(team.owner);
      assert.deepEqual(owner.rows.map((r: { id: string }) => r.id), [rows.owners, rows.workspace]);
      assert.equal(owner.rows[1].key, 'TEAMKEY');
      assert.equal(owner.rows[1].editable, true);
      assert.deepEqual(owner.rows[1].can, { update: true, delete: true });
      const admin = await view(team.admin);
      assert.deepEqual(admin.rows.map((r: { id: string }) => r.id), [rows.workspace]);
      assert.equal(admin.rows[0].secret_set, true);
      const member = await view(team.member);
      assert.equal(member.can.add_workspace_rows, false);
      assert.deepEqual(member.rows, [
        member.rows[0],
        { id: rows.workspace, scope: 'workspace', provider: 's3', bucket: 'team-bucket', editable: false, can: { update: false, delete: false } },
      ]);
      assert.equal(member.rows[0].id, rows.members);
      assert.deepEqual((await view(eve)).rows.map((r: { id: string }) => r.id), [rows.eves], 'another workspace sees none of them');
      assert.deepEqual((await view(memberPersonal)).rows, [], 'rows belong to a user in one workspace');
      for (const as of [team.owner, team.admin, team.member, eve]) assert.ok(!JSON.stringify(await view(as)).includes(workspaceSecret));
    });

    test('signing: members sign with workspace rows; nobody signs with another user\'s or another workspace\'s row', async () => {
      assert.ok((await signOne(team.member, 's3://s3.team.example.com/team-bucket/a.png')).signed_url);
      assert.ok((await signOne(team.admin, 's3://s3.team.example.com/team-bucket/a.png')).signed_url);
      const denied: Array<[string, string]> = [
        [team.member, 's3://s3.team.example.com/owner-bucket/a.png'],
        [team.owner, 's3://s3.team.example.com/member-bucket/a.png'],
        [eve, 's3://s3.team.example.com/team-bucket/a.png'],
        [eve, 's3://s3.team.example.com/owner-bucket/a.png'],
        [team.owner, 's3://s3.team.example.com/eve-bucket/a.png'],
        [memberPersonal, 's3://s3.team.example.com/team-bucket/a.png'],
        [memberPersonal, 's3://s3.team.example.com/member-bucket/a.png'],
      ];
      for (const [as, url] of denied) assert.equal((await signOne(as, url)).reason, 'no_matching_row', url);
    });

    test('changing and deleting: only your own rows; workspace rows only by its owners and admins; refusals change nothing', async () => {
      const before = await snapshot();
      const attempts: Array<[string, string, Record<string, unknown>, number]> = [
        [team.member, 'storage_access.set', { id: rows.workspace, region: 'us-east-1' }, 403],
        [team.member, 'storage_access.delete', { id: rows.workspace }, 403],
        [team.member, 'storage_access.set', { scope: 'workspace', bucket: 'x', key: 'K', secret: 'member-secret-123456' }, 403],
        [team.member, 'storage_access.set', { id: rows.owners, secret: 'hijack-secret-12345' }, 404],
        [team.member, 'storage_access.delete', { id: rows.owners }, 404],
        [team.owner, 'storage_access.set', { id: rows.members, secret: 'hijack-secret-12345' }, 404],
        [team.admin, 'storage_access.delete', { id: rows.members }, 404],
        [eve, 'storage_access.set', { id: rows.workspace, region: 'us-east-1' }, 404],
        [eve, 'storage_access.delete', { id: rows.workspace }, 404],
        [eve, 'storage_access.delete', { id: rows.owners }, 404],
        [team.owner, 'storage_access.delete', { id: rows.eves }, 404],
        [memberPersonal, 'storage_access.delete', { id: rows.members }, 404],
        [memberPersonal, 'storage_access.set', { id: rows.workspace, region: 'us-east-1' }, 404],
      ];
      for (const [as, name, body, status] of attempts) {
        const result = await server.call(name, body, { token: as });
        assert.equal(result.status, status, `${name} ${JSON.stringify(body)}: ${JSON.stringify(result.body.meta)}`);
      }
      const forbidden = await server.call('storage_access.set', { id: rows.workspace, region: 'us-east-1' }, { token: team.member });
      assert.match(forbidden.body.meta.result_msg, /Only the owners and admins of workspace "Team"/);
      assert.equal(await snapshot(), before, 'nothing changed');

      const byAdmin = await server.call('storage_access.set', { id: rows.workspace, region: 'eu-west-1' }, { token: team.admin });
      assert.equal(byAdmin.status, 200, 'a workspace admin manages workspace rows');
      const added = await set(team.admin, { scope: 'workspace', bucket: 'admin-added', endpoint: 'https://s3.team.example.com', region: 'us-east-1', key: 'K', secret: 'admin-secret-12345' });
      assert.deepEqual((await server.call('storage_access.delete', { id: added }, { token: team.owner })).body.data, { deleted: 1 });
    });

    test('a member who is demoted loses the right at once', async () => {
      const adminView = await server.call('workspaces.get_members', { workspace: team.id }, { token: team.owner });
      const adminId = adminView.body.data.members.find((m: { email: string }) => m.email === 'team-admin@example.com').id;
      const demote = await server.call('workspaces.set_member_role', { workspace: team.id, user: adminId, role: 'member' }, { token: team.owner });
      assert.equal(demote.status, 200, JSON.stringify(demote.body.meta));
      assert.equal((await server.call('storage_access.set', { id: rows.workspace, region: 'us-east-1' }, { token: team.admin })).status, 403);
      const view = (await server.call('storage_access.get_all', {}, { token: team.admin })).body.data.rows[0];
      assert.equal(view.key, undefined);
    });
  });

  describe(`foyer secrets rotate-key (${dialect})`, () => {
    let server: TestServer;
    let restarted: Foyer | undefined;
    const fixedNow = Date.now();
    const urls = ['s3://s3.rotate.example.com/rot-bucket/a.png', 'azure://rotacct.blob.core.windows.net/box/a.png'];

    const cli = (env: Record<string, string>) => {
      const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('FOYER_') && name !== 'DATABASE_URL'));
      const result = spawnSync(process.execPath, [BIN, 'secrets', 'rotate-key'], {
        env: { ...clean, FOYER_DATA_DIR: server.dataDir, ...(server.databaseUrl ? { DATABASE_URL: server.databaseUrl } : {}), ...env },
        encoding: 'utf8',
      });
      return { code: result.status, out: result.stdout, err: result.stderr };
    };
    const start = async (env: Record<string, string> = {}) => {
      const foyer = await createFoyer(
        loadConfig({
          FOYER_DATA_DIR: server.dataDir,
          FOYER_PUBLIC_WEB_URL: 'http://127.0.0.1:8080',
          FOYER_PUBLIC_API_URL: 'http://127.0.0.1:8008',
          FOYER_PUBLIC_FILES_URL: 'http://127.0.0.1:8081',
          ...(server.databaseUrl ? { DATABASE_URL: server.databaseUrl } : {}),
          ...env,
        }),
        offlineRegions(),
      );
      foyer.services.now = () => fixedNow;
      return foyer;
    };
    const inject = async (foyer: Foyer, name: string, body: unknown, bearer: string) => {
      const response = await foyer.api.inject({ method: 'POST', url: `/${name}`, headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
      return { status: response.statusCode, body: response.json() };
    };
    const login = async (foyer: Foyer) => {
      const response = await foyer.api.inject({ method: 'GET', url: '/auth.login', headers: { authorization: `Basic ${Buffer.from(`${ADMIN.email}:${ADMIN.password}`).toString('base64')}` } });
      assert.equal(response.statusCode, 200);
      return response.json().data.token as string;
    };
    const sealedValues = async (foyer: Foyer) => foyer.services.db.selectFrom('storage_access').select(['id', 'secrets']).orderBy('id').execute();

    before(async () => {
      ({ server } = await startWithAdmin(dialect, {}, offlineRegions()));
    });
    after(async () => {
      await restarted?.close();
      await server.close(); // drops the database and the data dir (its first instance is already closed)
    });

    test('re-encrypts every cloud secret under a new key; signing gives the same URLs after the restart', async () => {
      const token = await server.login(ADMIN.email, ADMIN.password);
      server.foyer.services.now = () => fixedNow;
      await server.call('storage_access.set', { bucket: 'rot-bucket', endpoint: 'https://s3.rotate.example.com', region: 'us-east-1', key: 'K', secret: 'rotate-secret-123456' }, { token });
      await server.call('storage_access.set', { provider: 'azure', bucket: 'rotacct', secret: AZURE_KEY }, { token });
      const signedBefore = (await server.call('storage_access.sign_urls', { urls }, { token })).body.data.results;
      assert.ok(signedBefore.every((r: Result) => r.signed_url));
      // a person with two-factor on: their secret is sealed under the master key too
      await server.createUser({ email: 'totp@example.com', password: 'totp-password-1' });
      const totpToken = await server.login('totp@example.com', 'totp-password-1');
      const { secret } = (await server.call('users.begin_two_factor', { password: 'totp-password-1' }, { token: totpToken })).body.data;
      assert.equal((await server.call('users.enable_two_factor', { code: await generate({ secret, epoch: Math.floor(fixedNow / 1000) }) }, { token: totpToken })).status, 200);
      const oldKey = readFileSync(join(server.dataDir, 'secret.key'), 'utf8').trim();
      const sealedBefore = await sealedValues(server.foyer);
      await server.foyer.close();

      const rotated = cli({});
      assert.equal(rotated.code, 0, rotated.err);
      assert.match(rotated.out, /Re-encrypted the secrets of 2 cloud access row\(s\)/);
      assert.match(rotated.out, /Re-encrypted the two-factor secrets of 1 account\(s\)/);
      assert.match(rotated.out, /The new key is in .*secret\.key/);
      assert.match(rotated.out, /signed out/);
      const newKey = readFileSync(join(server.dataDir, 'secret.key'), 'utf8').trim();
      assert.notEqual(newKey, oldKey);
      assert.match(newKey, /^[0-9a-f]{64}$/);

      restarted = await start();
      const sealedAfter = await sealedValues(restarted);
      for (const [i, row] of sealedAfter.entries()) {
        assert.notEqual(row.secrets, sealedBefore[i]!.secrets);
        assert.equal(opensWith(Buffer.from(newKey, 'hex'), row.id, row.secrets), true);
        assert.equal(opensWith(Buffer.from(oldKey, 'hex'), row.id, row.secrets), false);
      }
      assert.equal((await inject(restarted, 'storage_access.get_all', {}, token)).status, 401, 'sessions end: token keys derive from the master key');
      const fresh = await login(restarted);
      const signedAfter = (await inject(restarted, 'storage_access.sign_urls', { urls }, fresh)).body.data.results;
      assert.deepEqual(signedAfter, signedBefore, 'the same secrets sign the same URLs');
      const view = (await inject(restarted, 'storage_access.get_all', {}, fresh)).body.data.rows;
      assert.ok(view.every((r: { secrets_readable: boolean; secret_last4: string }) => r.secrets_readable && r.secret_last4));

      const later = fixedNow + 60_000; // a code of a later step: the one that turned it on is used
      restarted.services.now = () => later;
      const withCode = await restarted.api.inject({
        method: 'POST',
        url: '/auth.login',
        headers: { authorization: `Basic ${Buffer.from('totp@example.com:totp-password-1').toString('base64')}`, 'x-foyer-otp': await generate({ secret, epoch: Math.floor(later / 1000) }) },
      });
      assert.equal(withCode.statusCode, 200, 'the re-sealed two-factor secret still checks the app\'s codes');
      restarted.services.now = () => fixedNow;
    });

    test('with FOYER_SECRET_KEY: FOYER_NEW_SECRET_KEY is required; a rerun finds the rows already done', async () => {
      await restarted!.close();
      restarted = undefined;
      const current = readFileSync(join(server.dataDir, 'secret.key'), 'utf8').trim();
      const missing = cli({ FOYER_SECRET_KEY: current });
      assert.equal(missing.code, 2);
      assert.match(missing.err, /run this again with FOYER_NEW_SECRET_KEY/);
      const next = randomBytes(32).toString('hex');
      const done = cli({ FOYER_SECRET_KEY: current, FOYER_NEW_SECRET_KEY: next });
      assert.equal(done.code, 0, done.err);
      assert.match(done.out, /Now set FOYER_SECRET_KEY to the value of FOYER_NEW_SECRET_KEY on every Foyer node/);
      assert.equal(readFileSync(join(server.dataDir, 'secret.key'), 'utf8').trim(), current, 'the key file is left alone');
      const rerun = cli({ FOYER_SECRET_KEY: current, FOYER_NEW_SECRET_KEY: next });
      assert.equal(rerun.code, 0, rerun.err);
      assert.match(rerun.out, /Re-encrypted the secrets of 0 .*\n2 row\(s\) were already under the new key/);
      const wrong = cli({ FOYER_SECRET_KEY: randomBytes(32).toString('hex'), FOYER_NEW_SECRET_KEY: randomBytes(32).toString('hex') });
      assert.equal(wrong.code, 2);
      assert.match(wrong.err, /cannot be decrypted with the current key, so nothing was changed/);

      restarted = await start({ FOYER_SECRET_KEY: next });
      const signed = (await inject(restarted, 'storage_access.sign_urls', { urls }, await login(restarted))).body.data.results;
      assert.ok(signed.every((r: Result) => r.signed_url), JSON.stringify(signed));
    });
  });
}
