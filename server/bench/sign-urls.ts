// How many object URLs storage_access.sign_urls signs per second, through the HTTP API, 500 URLs per call.
//
//   node --import tsx server/bench/sign-urls.ts          (BENCH_SECONDS=5, BENCH_CONNECTIONS=1)
//
// A real Foyer on a temporary SQLite data dir (or PostgreSQL when DATABASE_URL is set: point it at a scratch
// database) with one row per kind, signed in as one user. Each scenario calls sign_urls with 500 distinct URLs
// again and again for BENCH_SECONDS (the S3 one) or 2 s (the others), from BENCH_CONNECTIONS concurrent callers,
// and prints URLs signed per second with the call's median and p99 time. "match only" sends 500 URLs that no row
// signs: everything but the signing itself (HTTP, JSON, auth, the row query, parsing and matching), as the baseline.
// No network is used: every signature is computed locally; the AWS row has a Region in a partition that is not
// looked up, so no region discovery happens either.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config.ts';
import { createFoyer } from '../src/app.ts';
import { createUserAccount } from '../src/users/accounts.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 1);
const PER_CALL = 500;

const dataDir = mkdtempSync(join(tmpdir(), 'foyer-bench-sign-'));
const config = loadConfig({
  FOYER_DATA_DIR: dataDir,
  FOYER_PUBLIC_WEB_URL: 'http://127.0.0.1:8080',
  FOYER_PUBLIC_API_URL: 'http://127.0.0.1:8008',
  FOYER_PUBLIC_FILES_URL: 'http://127.0.0.1:8081',
  ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
});
const foyer = await createFoyer(config);
await foyer.api.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${(foyer.api.server.address() as AddressInfo).port}`;
const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });

function post(name: string, body: unknown, token?: string, basic?: string): Promise<{ status: number; json: any }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) };
    if (token) headers.authorization = `Bearer ${token}`;
    if (basic) headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
    const req = request(`${base}/${name}`, { method: 'POST', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const email = `bench-${randomBytes(4).toString('hex')}@example.com`;
const password = 'bench-password-1234';
await createUserAccount(foyer.services.db, config, { email, password, name: 'Bench', serverRole: 'admin', now: Date.now() });
const token = (await post('auth.login', {}, undefined, `${email}:${password}`)).json.data.token as string;

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rows = [
  { bucket: 'bench-bucket', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', key: 'BENCHKEY', secret: randomBytes(20).toString('hex') },
  { bucket: 'bench-aws', key: 'AKIABENCH', secret: randomBytes(20).toString('hex'), region: 'cn-north-1' },
  { bucket: 'gs://bench-hmac', key: 'GOOG1EBENCH', secret: randomBytes(20).toString('hex') },
  {
    bucket: 'bench-sa',
    service_account_json: { type: 'service_account', client_email: 'bench@p.iam.gserviceaccount.com', private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
  },
  { provider: 'azure', bucket: 'benchacct', secret: randomBytes(64).toString('base64') },
];
for (const row of rows) {
  const result = await post('storage_access.set', row, token);
  if (result.status !== 200) throw new Error(`storage_access.set: ${result.json.meta.result_msg}`);
}

const scenarios: Array<{ name: string; seconds: number; url: (i: number) => string; signed: boolean }> = [
  { name: 'S3, custom endpoint (SigV4)', seconds: SECONDS, url: (i) => `s3://127.0.0.1:9000/bench-bucket/task-${i % 97}/metrics/sample ${i}.png`, signed: true },
  { name: 'S3, AWS (SigV4)', seconds: 2, url: (i) => `s3://bench-aws/task-${i % 97}/sample ${i}.png`, signed: true },
  { name: 'GCS, HMAC (SigV4)', seconds: 2, url: (i) => `gs://bench-hmac/task/sample ${i}.png`, signed: true },
  { name: 'GCS, service account (RSA V4)', seconds: 2, url: (i) => `gs://bench-sa/task/sample ${i}.png`, signed: true },
  { name: 'Azure, account key (SAS)', seconds: 2, url: (i) => `azure://benchacct.blob.core.windows.net/box/sample ${i}.png`, signed: true },
  { name: 'match only (no row signs them)', seconds: 2, url: (i) => `s3://no-such-bucket/sample ${i}.png`, signed: false },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

console.log(`storage_access.sign_urls, ${PER_CALL} URLs per call, ${CONNECTIONS} connection(s), ${foyer.services.dialect}, Node ${process.version}\n`);
console.log('scenario                          URLs/s     calls  median ms  p99 ms');
let counter = 0;
for (const scenario of scenarios) {
  const makeBody = () => ({ urls: Array.from({ length: PER_CALL }, () => scenario.url(counter++)) });
  // warm-up: builds the signer and lets the JIT settle
  for (let i = 0; i < 3; i++) await post('storage_access.sign_urls', makeBody(), token);
  const times: number[] = [];
  let urls = 0;
  const started = performance.now();
  const deadline = started + scenario.seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const result = await post('storage_access.sign_urls', makeBody(), token);
        times.push(performance.now() - t0);
        if (result.status !== 200) throw new Error(`sign_urls: HTTP ${result.status} ${result.json.meta.result_msg}`);
        const results = result.json.data.results as Array<{ signed_url?: string; error?: string }>;
        const ok = results.filter((r) => r.signed_url).length;
        if (scenario.signed && ok !== PER_CALL) throw new Error(`only ${ok} of ${PER_CALL} signed: ${results.find((r) => r.error)?.error}`);
        urls += results.length;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  console.log(
    `${scenario.name.padEnd(32)} ${String(Math.round(urls / elapsed)).padStart(7)}  ${String(times.length).padStart(8)}  ${percentile(times, 50).toFixed(1).padStart(9)}  ${percentile(times, 99).toFixed(1).padStart(6)}`,
  );
}

agent.destroy();
await foyer.close();
rmSync(dataDir, { recursive: true, force: true });
