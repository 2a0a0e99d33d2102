// The first run: a server with no administrator prints a one-time /setup#<token> link; opening it creates the
// first administrator and signs them in. This test starts its own server on other ports, with an empty data folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { HOST, SERVER_CLI, SERVER_ENV, WEB_DIR } from './environment';

const SETUP_WEB_PORT = 18090;
const SETUP_API_PORT = 18019;

let server: ChildProcess | undefined;
let dataDir = '';
let setupLink = '';

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'foyer-e2e-setup-'));
  const env: Record<string, string | undefined> = {
    ...process.env,
    ...SERVER_ENV,
    FOYER_DATA_DIR: dataDir,
    FOYER_WEB_PORT: String(SETUP_WEB_PORT),
    FOYER_API_PORT: String(SETUP_API_PORT),
    FOYER_ADMIN_EMAIL: undefined,
    FOYER_ADMIN_PASSWORD: undefined,
  };
  delete env.FOYER_ADMIN_EMAIL;
  delete env.FOYER_ADMIN_PASSWORD;
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER_CLI, 'serve'], { cwd: WEB_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
  server = child;
  setupLink = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no setup link printed within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/(http:\/\/\S+\/setup#\S+)/);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${output}`)));
  });
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

test('the one-time setup link creates the first administrator and signs them in', async ({ page }) => {
  const base = `http://${HOST}:${SETUP_WEB_PORT}`;
  expect(setupLink.startsWith(`${base}/setup#`)).toBe(true);

  // Before setup, the sign-in page says how to begin.
  await page.goto(`${base}/login`);
  await expect(page.getByText('This server has no administrator yet')).toBeVisible();

  // Without the token, the setup page explains what it needs.
  await page.goto(`${base}/setup`);
  await expect(page.getByRole('heading', { name: 'Set up Foyer' })).toBeVisible();

  await page.goto(setupLink);
  await expect(page.getByRole('heading', { name: 'Create the first administrator' })).toBeVisible();
  // The token leaves the address bar at once.
  expect(new URL(page.url()).hash).toBe('');
  await page.getByRole('textbox', { name: 'Name' }).fill('Margaret Hamilton');
  await page.getByRole('textbox', { name: 'Email' }).fill('margaret@example.com');
  await page.getByRole('textbox', { name: 'Password' }).fill('short');
  await page.getByRole('button', { name: 'Create administrator and sign in' }).click();
  await expect(page.getByText('Use at least 8 characters.')).toBeVisible();
  await page.getByRole('textbox', { name: 'Password' }).fill('apollo-guidance-11');
  await page.getByRole('button', { name: 'Create administrator and sign in' }).click();

  await expect(page).toHaveURL(`${base}/profile`);
  await expect(page.getByRole('heading', { level: 1, name: 'Margaret Hamilton' })).toBeVisible();
  await expect(page.getByText('Administrator of this Foyer server', { exact: true })).toBeVisible();
  await expect(page.getByText(/^Owner of /)).toBeVisible();

  // The link works once.
  await page.goto(setupLink);
  await expect(page.getByRole('heading', { name: 'Foyer is already set up' })).toBeVisible();
});
