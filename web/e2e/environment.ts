// The Foyer server the end-to-end tests run against: its ports, its first administrator, and a data folder that
// is fresh for every run. The runner creates the folder and passes its path to its workers through the
// environment, so the CLI calls in the tests open the same SQLite database as the server.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SERVER_CLI = join(WEB_DIR, '..', 'server', 'src', 'cli.ts');

// FOYER_E2E_WEB_PORT / FOYER_E2E_API_PORT let two runs of the suite share a machine.
export const WEB_PORT = Number(process.env.FOYER_E2E_WEB_PORT || 18080);
export const API_PORT = Number(process.env.FOYER_E2E_API_PORT || 18008);
export const HOST = '127.0.0.1';
export const BASE_URL = `http://${HOST}:${WEB_PORT}`;

// The test SMTP server (server/test/support/smtp-process.ts), which both Foyer servers send through; the specs read
// what it received over its HTTP port (e2e/mail.ts).
export const SMTP_PORT = Number(process.env.FOYER_E2E_SMTP_PORT || API_PORT + 40);
export const SMTP_HTTP_PORT = Number(process.env.FOYER_E2E_SMTP_HTTP_PORT || API_PORT + 41);
export const SMTP_PROCESS = join(WEB_DIR, '..', 'server', 'test', 'support', 'smtp-process.ts');
export const MAIL_FROM = 'Foyer <foyer@example.com>';

export const ADMIN = { email: 'admin@example.com', password: 'e2e-admin-password', name: 'Administrator' };

if (!process.env.FOYER_E2E_DATA_DIR) process.env.FOYER_E2E_DATA_DIR = mkdtempSync(join(tmpdir(), 'foyer-e2e-'));
export const DATA_DIR = process.env.FOYER_E2E_DATA_DIR;

/** The environment of `foyer serve` and of every `foyer` CLI call the tests make. */
export const SERVER_ENV: Record<string, string> = {
  FOYER_DATA_DIR: DATA_DIR,
  FOYER_WEB_PORT: String(WEB_PORT),
  FOYER_API_PORT: String(API_PORT),
  FOYER_HOST: HOST,
  FOYER_ADMIN_EMAIL: ADMIN.email,
  FOYER_ADMIN_PASSWORD: ADMIN.password,
  // FOYER_E2E_WEB_DIST: a copy of the build, for a run that another build in web/dist must not disturb.
  FOYER_WEB_DIST: process.env.FOYER_E2E_WEB_DIST || join(WEB_DIR, 'dist'),
  FOYER_LOG_LEVEL: 'warn',
  // the specs' AWS rows name their Region; nothing outside this machine is ever asked for one
  FOYER_REGION_LOOKUP: 'off',
  // Every test signs in from 127.0.0.1, and a few fail on purpose: the per-IP throttle must not end the run.
  // (The per-account throttle keeps its default; one test relies on it.)
  FOYER_LOGIN_FREE_FAILURES_PER_IP: '500',
  FOYER_SMTP_URL: `smtp://${HOST}:${SMTP_PORT}`,
  FOYER_MAIL_FROM: MAIL_FROM,
};
