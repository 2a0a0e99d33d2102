import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { BASE_URL, HOST, SERVER_ENV, SMTP_HTTP_PORT, SMTP_PORT, SMTP_PROCESS, WEB_DIR } from './e2e/environment';
import { MULTI_BASE_URL, MULTI_SERVER_ENV } from './e2e/multi-environment';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs';

if (!existsSync(join(WEB_DIR, 'dist', 'index.html'))) {
  throw new Error('web/dist is missing: run `npm run build --workspace web` first (`npm run e2e --workspace web` does both).');
}


export default defineConfig({
  testDir: './e2e',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  globalTeardown: './e2e/global-teardown.ts',
  use: {
    baseURL: BASE_URL,
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    viewport: { width: 1366, height: 768 },
    permissions: ['clipboard-read', 'clipboard-write'],
    locale: 'en-US',
    timezoneId: 'UTC',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: [
    // The SMTP server both Foyer servers send mail through; the specs read it over HTTP (e2e/mail.ts).
    {
      command: `node --import tsx ${JSON.stringify(SMTP_PROCESS)}`,
      cwd: WEB_DIR,
      url: `http://${HOST}:${SMTP_HTTP_PORT}/messages`,
      env: { FOYER_TEST_SMTP_PORT: String(SMTP_PORT), FOYER_TEST_SMTP_HTTP_PORT: String(SMTP_HTTP_PORT) },
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: 'node --import tsx ../server/src/cli.ts serve',
      cwd: WEB_DIR,
      url: `${BASE_URL}/login`,
      env: SERVER_ENV,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    // The same server in multi mode, for the workspace and invitation tests (e2e/multi-environment.ts).
    {
      command: 'node --import tsx ../server/src/cli.ts serve',
      cwd: WEB_DIR,
      url: `${MULTI_BASE_URL}/login`,
      env: MULTI_SERVER_ENV,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
