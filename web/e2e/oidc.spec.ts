// Sign-in with an OpenID Connect provider, in Chromium, against a real provider (oidc-provider, started here, in
// front of a relay that can stop answering or change an ID token's signature) and a Foyer server of this spec's own
// with FOYER_OIDC_PROVIDERS set: the first sign-in makes the account and its memberships, a second one changes the
// role as the groups changed, a tampered state, nonce or signature and an unverified address are refused on a page
// that says so, and an existing password account is linked only with its password. Axe, 1366 px and 390 px, light
// and dark; screenshots into web/screenshots/.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import SQLite from 'better-sqlite3';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { startTestProvider, type TestProvider } from '../../server/test/support/oidc-provider';
import { ADMIN, API_PORT, HOST, SERVER_ENV, WEB_DIR, WEB_PORT } from './environment';
import { expectNoAxeViolations } from './axe';
import { readClipboard } from './support';

const SCREENSHOT_DIR = join(WEB_DIR, 'screenshots');
mkdirSync(SCREENSHOT_DIR, { recursive: true });

const SSO_WEB_PORT = Number(process.env.FOYER_E2E_SSO_WEB_PORT || WEB_PORT + 30);
const SSO_API_PORT = Number(process.env.FOYER_E2E_SSO_API_PORT || API_PORT + 30);
const SSO_BASE_URL = `http://${HOST}:${SSO_WEB_PORT}`;
const DATA_DIR = mkdtempSync(join(tmpdir(), 'foyer-e2e-sso-'));
const CLIENT = { client_id: 'foyer-e2e', client_secret: 'foyer-e2e-secret-0123456789' };
const BOB = { email: 'bob@corp.example', password: 'bob-password-e2e-1' };

let provider: TestProvider;
let server: ChildProcess | undefined;
let serverEnv: Record<string, string>;

test.use({ baseURL: SSO_BASE_URL });

async function waitForServer(url: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Foyer did not start on ${url}`);
}

test.beforeAll(async () => {
  provider = await startTestProvider({
    clients: [{ ...CLIENT, redirect_uris: [`${SSO_BASE_URL}/auth/oidc/corp/callback`] }],
    accounts: {
      alice: { email: 'alice@corp.example', email_verified: true, name: 'Alice Adams', groups: ['ml-admins'] },
      unverified: { email: 'nv@corp.example', email_verified: false, name: 'Nora Unverified' },
      bob: { email: BOB.email, email_verified: true, name: 'Bob Builder' },
      dave: { email: 'dave@corp.example', email_verified: true, name: 'Dave Davis' },
      sam: { email: 'sam@corp.example', email_verified: true, name: 'Sam Sdk' },
    },
  });
  const providers = [
    {
      id: 'corp',
      name: 'Corp ID',
      issuer: provider.issuer,
      ...CLIENT,
      scopes: ['openid', 'email', 'profile', 'groups'],
      rules: [
        { email_domain: 'corp.example', workspace: 'Research', role: 'member' },
        { group: 'ml-admins', workspace: 'Research', role: 'admin' },
      ],
    },
  ];
  serverEnv = {
    ...SERVER_ENV,
    FOYER_DATA_DIR: DATA_DIR,
    FOYER_WEB_PORT: String(SSO_WEB_PORT),
    FOYER_API_PORT: String(SSO_API_PORT),
    FOYER_WORKSPACE_NAME: 'Research',
    FOYER_OIDC_PROVIDERS: JSON.stringify(providers),
  };
  delete serverEnv.FOYER_SMTP_URL;
  delete serverEnv.FOYER_MAIL_FROM;
  server = spawn('node', ['--import', 'tsx', '../server/src/cli.ts', 'serve'], { cwd: WEB_DIR, env: { ...process.env, ...serverEnv }, stdio: ['ignore', 'ignore', 'inherit'] });
  await waitForServer(`${SSO_BASE_URL}/login`);
  const created = spawnSync('node', ['--import', 'tsx', '../server/src/cli.ts', 'users', 'create', '--email', BOB.email, '--password', BOB.password, '--name', 'Bob Builder'], {
    cwd: WEB_DIR,
    env: { ...process.env, ...serverEnv },
    encoding: 'utf8',
  });
  if (created.status !== 0) throw new Error(`users create failed: ${created.stderr}`);
});

test.afterAll(async () => {
  if (server?.pid) process.kill(server.pid);
  await provider?.close();
});

/** At the provider's own page: the account, then its sign-in button. */
async function signInAtProvider(page: Page, account: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Test provider' })).toBeVisible();
  await page.getByLabel('Account').fill(account);
  await page.getByRole('button', { name: 'Sign in to the test provider' }).click();
}

async function startSignIn(page: Page, account: string): Promise<void> {
  await page.goto('/login');
  await page.getByRole('link', { name: 'Sign in with Corp ID' }).click();
  await signInAtProvider(page, account);
}

/**
 * Goes through the provider and holds the provider's answer before the callback page sends it on: its URL, to open
 * later, changed or not. (The callback page's own request comes at the end of a chain of redirects, which the browser
 * routes only at its start; the page's call to the API is what is held.)
 */
async function heldCallback(page: Page, account: string): Promise<string> {
  let held: string | undefined;
  const isSignInCall = (url: URL) => url.pathname === '/api/auth.oidc_sign_in';
  await page.route(isSignInCall, async (route) => {
    held = (route.request().postDataJSON() as { callback: string }).callback;
    await route.abort();
  });
  await startSignIn(page, account);
  await expect.poll(() => held).toBeTruthy();
  await page.unroute(isSignInCall);
  return `${SSO_BASE_URL}/auth/oidc/corp/callback?${held!}`;
}

async function freshPage(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL: SSO_BASE_URL, viewport: { width: 1366, height: 768 }, ...options });
  return context.newPage();
}

test('the first sign-in makes the account and its membership from the rules; the Profile page shows the linked identity', async ({ browser }) => {
  const page = await freshPage(browser);
  await page.goto('/login');
  await expect(page.getByRole('link', { name: 'Sign in with Corp ID' })).toBeVisible();
  await expectNoAxeViolations(page, 'the sign-in page with a provider');
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'sign-in-sso-light-1366x768@1x.png') });
  await page.getByRole('link', { name: 'Sign in with Corp ID' }).click();
  await signInAtProvider(page, 'alice');
  await expect(page).toHaveURL(`${SSO_BASE_URL}/profile`);
  const account = page.getByRole('region', { name: 'Your account' });
  await expect(account.getByText('Corp ID as alice@corp.example')).toBeVisible();
  await expect(account.getByText('Admin of Research')).toBeVisible();
  await expectNoAxeViolations(page, 'the Profile page of an account made by sign-in with a provider');
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'profile-sso-identity-light-1366x768@1x.png') });
  await page.context().close();
});

test('a second sign-in changes the role as the groups at the provider changed', async ({ browser }) => {
  provider.accounts.alice = { email: 'alice@corp.example', email_verified: true, name: 'Alice Adams', groups: [] };
  const page = await freshPage(browser);
  await startSignIn(page, 'alice');
  await expect(page).toHaveURL(`${SSO_BASE_URL}/profile`);
  await expect(page.getByRole('region', { name: 'Your account' }).getByText('Member of Research')).toBeVisible();
  await page.context().close();
});

test('a tampered state, a changed nonce and a changed signature are refused on a page that says what to do', async ({ browser }) => {
  const page = await freshPage(browser);
  const callback = await heldCallback(page, 'dave');
  await page.goto(callback.replace(/state=([^&]+)/, (_m, state: string) => `state=${state.slice(0, -3)}abc`));
  await expect(page.getByRole('alert')).toContainText('This sign-in could not be checked');
  await expect(page.getByRole('alert')).toContainText('Start again from the sign-in page');
  expect(new URL(page.url()).search, 'the provider’s answer leaves the address bar').toBe('');
  await expectNoAxeViolations(page, 'the page of a refused sign-in');
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'sso-refused-state-light-1366x768@1x.png') });

  await page.context().close();

  // each in a browser of its own, which signs in at the provider afresh
  const noncePage = await freshPage(browser);
  const nonceCallback = await heldCallback(noncePage, 'dave');
  const db = new SQLite(join(DATA_DIR, 'foyer.sqlite'));
  try {
    db.prepare("update oidc_flows set nonce = 'the-nonce-of-another-flow' where stage = 'authorize'").run();
  } finally {
    db.close();
  }
  await noncePage.goto(nonceCallback);
  await expect(noncePage.getByRole('alert')).toContainText('did not pass the checks');
  await noncePage.context().close();

  const signedPage = await freshPage(browser);
  const signedCallback = await heldCallback(signedPage, 'dave');
  provider.tamperNextIdToken();
  await signedPage.goto(signedCallback);
  await expect(signedPage.getByRole('alert')).toContainText('did not pass the checks');
  await signedPage.getByRole('link', { name: 'Back to sign-in' }).click();
  await expect(signedPage).toHaveURL(`${SSO_BASE_URL}/login`);
  await signedPage.context().close();
});

test('an unverified address is refused and makes no account', async ({ browser }) => {
  const page = await freshPage(browser);
  await startSignIn(page, 'unverified');
  await expect(page.getByRole('alert')).toContainText('Your email address is not verified');
  await expect(page.getByRole('alert')).toContainText('Verify your address with your sign-in provider');
  await page.context().close();
});

test('a provider that stops answering after the person signed in there: the page says so', async ({ browser }) => {
  const page = await freshPage(browser);
  const callback = await heldCallback(page, 'dave');
  provider.down = true;
  try {
    await page.goto(callback);
    await expect(page.getByRole('alert')).toContainText('The sign-in provider cannot be reached');
    await expect(page.getByRole('alert')).toContainText('Try again in a few minutes');
    await expectNoAxeViolations(page, 'the page of a provider that cannot be reached');
  } finally {
    provider.down = false;
  }
  await page.context().close();
});

test('an existing password account is linked only with its password, typed once; later sign-ins go straight in', async ({ browser }) => {
  const page = await freshPage(browser);
  await startSignIn(page, 'bob');
  await expect(page.getByRole('heading', { name: 'Link your Corp ID sign-in' })).toBeVisible();
  await expect(page.getByText('this server already has an account with that address')).toBeVisible();
  await expectNoAxeViolations(page, 'the page that links an existing account');
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'sso-link-account-light-1366x768@1x.png') });
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not-bobs-password');
  await page.getByRole('button', { name: 'Link and sign in' }).click();
  await expect(page.getByText('That is not the password of this account.')).toBeVisible();
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(BOB.password);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(`${SSO_BASE_URL}/profile`);
  await expect(page.getByRole('region', { name: 'Your account' }).getByText('Corp ID as bob@corp.example')).toBeVisible();
  await page.context().close();

  const again = await freshPage(browser);
  await startSignIn(again, 'bob');
  await expect(again).toHaveURL(`${SSO_BASE_URL}/profile`);
  await again.context().close();
});

test('an owner requires single sign-on: a member’s password is refused with what to do, the owner keeps theirs (break-glass), sign-in with the provider works', async ({ browser }) => {
  const owner = await freshPage(browser);
  await owner.goto('/login');
  await owner.getByRole('textbox', { name: 'Email' }).fill(ADMIN.email);
  await owner.getByRole('textbox', { name: 'Password', exact: true }).fill(ADMIN.password);
  await owner.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(owner).toHaveURL(`${SSO_BASE_URL}/profile`);
  const setting = owner.getByRole('region', { name: 'Single sign-on' });
  const toggle = setting.getByRole('switch', { name: 'Require sign-in with Corp ID' });
  await toggle.focus();
  await owner.keyboard.press('Space');
  await expect(setting.getByText('The owners keep their password, to get in if Corp ID fails (break-glass)')).toBeVisible();
  await expect(setting.getByText(ADMIN.email, { exact: false })).toBeVisible();
  await setting.scrollIntoViewIfNeeded();
  await expectNoAxeViolations(owner, 'the Single sign-on setting', 'section[aria-labelledby="sso-requirement-heading"]');
  await owner.screenshot({ path: join(SCREENSHOT_DIR, 'workspace-sso-required-light-1366x768@1x.png') });

  const member = await freshPage(browser);
  await member.goto('/login');
  await member.getByRole('textbox', { name: 'Email' }).fill(BOB.email);
  await member.getByRole('textbox', { name: 'Password', exact: true }).fill(BOB.password);
  await member.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(member.getByText('Research requires single sign-on of its members: sign in with Corp ID.')).toBeVisible();
  await member.getByRole('link', { name: 'Sign in with Corp ID' }).click();
  await signInAtProvider(member, 'bob');
  await expect(member).toHaveURL(`${SSO_BASE_URL}/profile`);
  await member.context().close();

  await toggle.click();
  await expect(setting.getByText('The owners keep their password')).toHaveCount(0);
  await owner.context().close();
});

test('the real ClearML SDK authenticates with a key pair made by an account that only ever signed in with the provider', async ({ browser }) => {
  // the shared acceptance harness, as in clearml-sdk.spec.ts: needs CLEARML_SDK_SRC (a clearml checkout)
  const sdkSource = process.env.CLEARML_SDK_SRC;
  test.skip(!sdkSource, 'set CLEARML_SDK_SRC to a clearml SDK checkout to run the real clients');
  test.setTimeout(240_000);
  const page = await freshPage(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  await startSignIn(page, 'sam');
  await expect(page).toHaveURL(`${SSO_BASE_URL}/profile`);
  await page.getByRole('button', { name: 'Create new credentials' }).click();
  await page.getByRole('textbox', { name: 'Label (optional)' }).fill('sso-only account');
  await page.getByRole('button', { name: 'Create credentials' }).click();
  const dialog = page.getByRole('dialog', { name: 'Your new credentials' });
  await dialog.getByRole('tab', { name: 'Jupyter notebook' }).click();
  await dialog.getByRole('button', { name: 'Copy the Jupyter lines' }).click();
  await expect(dialog.getByRole('button', { name: 'Copied' })).toBeVisible();
  const fromNotebook: Record<string, string> = {};
  for (const line of (await readClipboard(page)).split('\n')) {
    const match = /^%env ([A-Z_]+)=(.*)$/.exec(line);
    if (match?.[1] && match[2] !== undefined) fromNotebook[match[1]] = match[2];
  }
  await page.context().close();
  const acceptanceDir = process.env.CLEARML_ACCEPTANCE_DIR ?? join(WEB_DIR, '..', '..', 'shared', 'acceptance', 'clearml-sdk');
  const harness = spawnSync(join(acceptanceDir, 'run.sh'), [], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...fromNotebook, SDK_SRC: sdkSource, INSTALL_DEPS: '0', ONLY: 'sdk-session-auth,sdk-get-current-user,sdk-typed-request,sdk-post-method' },
    encoding: 'utf8',
    timeout: 200_000,
  });
  const report = `${harness.stdout}${harness.stderr}`;
  expect(report, report).toMatch(/4 passed, 0 failed/);
  expect(harness.status, report).toBe(0);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`390 px, ${scheme}: the sign-in page, a refused sign-in and the link page fit and are axe-clean`, async ({ browser }) => {
    const page = await freshPage(browser, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, colorScheme: scheme });
    await page.goto('/login');
    await expect(page.getByRole('link', { name: 'Sign in with Corp ID' })).toBeVisible();
    await expectNoAxeViolations(page, `the sign-in page at 390 px, ${scheme}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `sign-in-sso-${scheme}-390x844@2x.png`) });
    await page.goto('/sign-in/problem?reason=workspace_full');
    await expect(page.getByRole('alert')).toContainText('The workspace is full');
    await expectNoAxeViolations(page, `a refused sign-in at 390 px, ${scheme}`);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `sso-refused-${scheme}-390x844@2x.png`) });
    const db = new SQLite(join(DATA_DIR, 'foyer.sqlite'));
    try {
      db.prepare("delete from oidc_identities where subject = 'bob'").run();
    } finally {
      db.close();
    }
    await startSignIn(page, 'bob');
    await expect(page.getByRole('heading', { name: 'Link your Corp ID sign-in' })).toBeVisible();
    await expectNoAxeViolations(page, `the link page at 390 px, ${scheme}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `sso-link-account-${scheme}-390x844@2x.png`) });
    await page.context().close();
  });
}
