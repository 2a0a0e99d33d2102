// What the page hands out works in the real ClearML clients: the copied `api { ... }` block, fed to the real
// `clearml-init`, verifies the credentials and writes clearml.conf; the copied `%env` lines, set as environment
// variables, let the real SDK authenticate (through the shared acceptance harness).
//
// Needs a ClearML SDK source tree: CLEARML_SDK_SRC=<checkout holding clearml/__init__.py>, and Debian's python3
// with the packages listed in ../shared/acceptance/clearml-sdk/README.md. Skipped without CLEARML_SDK_SRC.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { WEB_DIR } from './environment';
import { createAccount, openProfileSignedIn, readClipboard } from './support';

const SDK_SRC = process.env.CLEARML_SDK_SRC;
const ACCEPTANCE_DIR = process.env.CLEARML_ACCEPTANCE_DIR ?? join(WEB_DIR, '..', '..', 'shared', 'acceptance', 'clearml-sdk');
const PYTHON = process.env.CLEARML_PYTHON ?? '/usr/bin/python3';

test.skip(!SDK_SRC, 'set CLEARML_SDK_SRC to a clearml SDK checkout to run the real clients');

test('the copied api block satisfies clearml-init, and the copied %env lines satisfy the SDK', async ({ page }) => {
  test.setTimeout(240_000);
  const account = createAccount('SDK User');
  await openProfileSignedIn(page, account);
  await page.getByRole('button', { name: 'Create new credentials' }).click();
  await page.getByRole('textbox', { name: 'Label (optional)' }).fill('clearml-init acceptance');
  await page.getByRole('button', { name: 'Create credentials' }).click();
  const dialog = page.getByRole('dialog', { name: 'Your new credentials' });
  await dialog.getByRole('button', { name: 'Copy the clearml-init configuration' }).click();
  await expect(dialog.getByRole('button', { name: 'Copied' })).toBeVisible();
  const block = await readClipboard(page);
  await dialog.getByRole('tab', { name: 'Jupyter notebook' }).click();
  await dialog.getByRole('button', { name: 'Copy the Jupyter lines' }).click();
  await expect(dialog.getByRole('button', { name: 'Copied' })).toBeVisible();
  const envLines = await readClipboard(page);

  // clearml-init, in an empty HOME, reads the pasted block from its prompt.
  const home = mkdtempSync(join(tmpdir(), 'foyer-clearml-init-'));
  try {
    const init = spawnSync(PYTHON, ['-m', 'clearml.cli.config'], {
      input: `${block}\n`,
      cwd: home,
      env: { PATH: process.env.PATH, HOME: home, PYTHONPATH: [SDK_SRC, join(ACCEPTANCE_DIR, 'shim')].join(':'), PYTHONDONTWRITEBYTECODE: '1' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const output = `${init.stdout}${init.stderr}`;
    expect(output, output).toContain('Credentials verified!');
    const conf = join(home, 'clearml.conf');
    expect(existsSync(conf), output).toBe(true);
    const written = readFileSync(conf, 'utf8');
    const accessKey = block.match(/"access_key" = "([^"]+)"/)?.[1];
    const secretKey = block.match(/"secret_key" = "([^"]+)"/)?.[1];
    expect(written).toMatch(new RegExp(`"access_key"\\s*[:=]\\s*"${accessKey}"`));
    expect(written).toMatch(new RegExp(`"secret_key"\\s*[:=]\\s*"${secretKey}"`));
    expect(written).toContain('api_server: http://');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }

  // The %env lines as environment variables, for the harness's SDK checks.
  const fromNotebook: Record<string, string> = {};
  for (const line of envLines.split('\n')) {
    const match = line.match(/^%env ([A-Z_]+)=(.*)$/);
    if (match?.[1] && match[2] !== undefined) fromNotebook[match[1]] = match[2];
  }
  expect(Object.keys(fromNotebook).sort()).toEqual([
    'CLEARML_API_ACCESS_KEY',
    'CLEARML_API_HOST',
    'CLEARML_API_SECRET_KEY',
    'CLEARML_FILES_HOST',
    'CLEARML_WEB_HOST',
  ]);
  const harness = spawnSync(join(ACCEPTANCE_DIR, 'run.sh'), [], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...fromNotebook,
      SDK_SRC,
      INSTALL_DEPS: '0',
      ONLY: 'sdk-session-auth,sdk-get-current-user,sdk-typed-request,sdk-post-method',
    },
    encoding: 'utf8',
    timeout: 200_000,
  });
  const report = `${harness.stdout}${harness.stderr}`;
  expect(report, report).toMatch(/4 passed, 0 failed/);
  expect(harness.status, report).toBe(0);
});
