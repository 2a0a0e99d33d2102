#!/usr/bin/env node
// Lighthouse (desktop preset) on the Profile page of a running Foyer server, signed in, with Debian's Chromium.
// Prints the category scores and the JavaScript the page ships (as transferred, and gzip-compressed).
//
//   FOYER_URL=http://127.0.0.1:8080 FOYER_EMAIL=admin@example.com FOYER_PASSWORD=… node web/scripts/lighthouse.mjs
//
// Options (environment): FOYER_URL (default http://127.0.0.1:8080), FOYER_EMAIL and FOYER_PASSWORD (a user to
// sign in as; FOYER_ADMIN_EMAIL / FOYER_ADMIN_PASSWORD are used when these are unset), CHROME_PATH (default
// /usr/bin/chromium), LIGHTHOUSE_REPORT (also write the JSON report there).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

const WEB_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const baseUrl = (process.env.FOYER_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
const email = process.env.FOYER_EMAIL ?? process.env.FOYER_ADMIN_EMAIL;
const password = process.env.FOYER_PASSWORD ?? process.env.FOYER_ADMIN_PASSWORD;
const chromePath = process.env.CHROME_PATH ?? CHROMIUM_PATH;
const CHROME_FLAGS = ['--headless=new', ...CHROMIUM_ARGS];

function fail(message) {
  console.error(`lighthouse.mjs: ${message}`);
  process.exit(1);
}

function findLighthouseCli() {
  for (let dir = WEB_DIR; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', 'lighthouse', 'cli', 'index.js');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) fail('lighthouse is not installed: run `npm install` first');
  }
}

/** Signs in by email and password and returns the session cookie (name=value). */
async function signIn() {
  if (!email || !password) fail('set FOYER_EMAIL and FOYER_PASSWORD (a user of the server to measure)');
  const authorization = `Basic ${Buffer.from(`${email}:${password}`, 'utf8').toString('base64')}`;
  let response;
  try {
    response = await fetch(`${baseUrl}/api/auth.login`, {
      method: 'POST',
      headers: { Authorization: authorization, 'Content-Type': 'application/json' },
      body: '{}',
    });
  } catch (error) {
    fail(`no Foyer server answers at ${baseUrl} (${error.cause?.code ?? error.message})`);
  }
  const body = await response.json().catch(() => undefined);
  if (!response.ok) fail(`signing in as ${email} failed: HTTP ${response.status} ${body?.meta?.result_msg ?? ''}`);
  const cookie = response.headers.getSetCookie().map((header) => header.split(';')[0]).find((pair) => pair.startsWith('clearml_token_basic='));
  if (!cookie) fail('auth.login set no clearml_token_basic cookie');
  return cookie;
}

function runLighthouse(url, cookie, workDir) {
  const reportPath = join(workDir, 'report.json');
  const headersPath = join(workDir, 'headers.json');
  writeFileSync(headersPath, JSON.stringify({ Cookie: cookie }));
  const result = spawnSync(
    process.execPath,
    [
      findLighthouseCli(),
      url,
      '--preset=desktop',
      '--quiet',
      '--output=json',
      `--output-path=${reportPath}`,
      '--only-categories=performance,accessibility,best-practices,seo',
      `--extra-headers=${headersPath}`,
      `--chrome-flags=${[...CHROME_FLAGS, `--user-data-dir=${join(workDir, 'chrome-profile')}`].join(' ')}`,
    ],
    { env: { ...process.env, CHROME_PATH: chromePath }, encoding: 'utf8', stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (result.status !== 0 || !existsSync(reportPath)) fail(`lighthouse exited with ${result.status ?? result.signal}`);
  return JSON.parse(readFileSync(reportPath, 'utf8'));
}

function kB(bytes) {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

/** The scripts the page loaded, with their gzip size computed from web/dist when the file is there. */
function javascriptShipped(report) {
  const requests = report.audits['network-requests']?.details?.items ?? [];
  const scripts = requests.filter((item) => item.resourceType === 'Script');
  let transferred = 0;
  let raw = 0;
  let gzip = 0;
  const rows = [];
  for (const script of scripts) {
    const path = new URL(script.url).pathname;
    const file = join(WEB_DIR, 'dist', path);
    const bytes = existsSync(file) ? readFileSync(file) : undefined;
    const gzipped = bytes ? gzipSync(bytes, { level: 9 }).length : undefined;
    transferred += script.transferSize ?? 0;
    raw += script.resourceSize ?? bytes?.length ?? 0;
    gzip += gzipped ?? script.transferSize ?? 0;
    rows.push(`  ${path}: ${kB(script.resourceSize ?? 0)} raw, ${gzipped === undefined ? 'not in web/dist' : `${kB(gzipped)} gzip`}, ${kB(script.transferSize ?? 0)} transferred`);
  }
  return { count: scripts.length, transferred, raw, gzip, rows };
}

const cookie = await signIn();
const workDir = mkdtempSync(join(tmpdir(), 'foyer-lighthouse-'));
try {
  const url = `${baseUrl}/profile`;
  const report = runLighthouse(url, cookie, workDir);
  if (process.env.LIGHTHOUSE_REPORT) writeFileSync(process.env.LIGHTHOUSE_REPORT, JSON.stringify(report, null, 2));
  if (report.finalDisplayedUrl && new URL(report.finalDisplayedUrl).pathname !== '/profile') {
    fail(`Lighthouse ended on ${report.finalDisplayedUrl}, not the Profile page: the session was not accepted`);
  }
  console.log(`Lighthouse ${report.lighthouseVersion}, desktop preset, ${url} (signed in as ${email})`);
  for (const category of Object.values(report.categories)) {
    console.log(`  ${category.title.padEnd(16)} ${category.score === null ? 'n/a' : category.score.toFixed(2)}`);
  }
  const failing = Object.values(report.categories)
    .flatMap((category) => category.auditRefs.filter((ref) => ref.weight > 0).map((ref) => report.audits[ref.id]))
    .filter((audit) => audit && audit.score !== null && audit.score < 1 && audit.scoreDisplayMode === 'binary');
  for (const audit of failing) console.log(`  failing audit: ${audit.id} (${audit.title})`);
  for (const id of ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift']) {
    const audit = report.audits[id];
    if (audit) console.log(`  ${audit.title}: ${audit.displayValue}`);
  }
  const js = javascriptShipped(report);
  console.log(`JavaScript the Profile page ships: ${js.count} file(s), ${kB(js.raw)} raw, ${kB(js.gzip)} gzip (${kB(js.transferred)} transferred)`);
  for (const row of js.rows) console.log(row);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
