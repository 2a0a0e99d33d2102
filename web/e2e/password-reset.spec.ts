// "Forgot password?" in the browser, with the mail read from the test SMTP server (e2e/mail.ts): the sign-in page's
// link, the address carried over, the same answer for any address, the mailed link opening the page that sets a new
// password, which signs this browser in and every other one out; a used, a replaced, an expired and a broken link
// each say so; an account with two-factor is sent to sign in with its code; a mail server that is down is said so.
// Axe on each new page, keyboard use, and screenshots at 1366 px and 390 px, light and dark, into web/screenshots/.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { generate } from 'otplib';
import { expectNoAxeViolations } from './axe';
import { API_PORT, DATA_DIR, HOST, SERVER_CLI, SERVER_ENV, WEB_DIR, WEB_PORT } from './environment';
import { setMailServerDown, waitForMail } from './mail';
import { SAME_ORIGIN, apiCall, createAccount, openProfileSignedIn, settleAnimations, type Account } from './support';

const SCREENSHOT_DIR = join(WEB_DIR, 'screenshots');
mkdirSync(SCREENSHOT_DIR, { recursive: true });

test.use({ reducedMotion: 'reduce' });

const NEW_PASSWORD = 'a-new-password-for-e2e';

/** Asks for a link on the Forgot password page and returns the link the mail carried. */
async function askForLink(page: Page, account: Account): Promise<string> {
  const since = Date.now();
  await page.goto('/forgot-password');
  await page.getByRole('textbox', { name: 'Email' }).fill(account.email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Check your mail' })).toBeVisible();
  return linkIn(await waitForMail(account.email, { since, match: (mail) => mail.subject === 'Set a new password for Foyer' }));
}

function linkIn(mail: { links: string[]; text: string }): string {
  const link = mail.links.find((url) => url.includes('/reset-password#'));
  expect(link, mail.text).toBeTruthy();
  return link!;
}

/** `foyer users reset-link`, as an operator runs it. */
function cliLink(account: Account): string {
  const out = execFileSync(process.execPath, ['--import', 'tsx', SERVER_CLI, 'users', 'reset-link', '--email', account.email], {
    cwd: WEB_DIR,
    env: { ...process.env, ...SERVER_ENV },
    encoding: 'utf8',
  });
  return /^(http\S+\/reset-password#\S+)$/m.exec(out)![1]!;
}

/** Ages the account's reset links past their 30 minutes, in the server's SQLite database (no API can age a link). */
function expireResetLinks(account: Account): void {
  const script = [
    "const Database = require('better-sqlite3');",
    'const db = new Database(process.argv[1]);',
    "db.pragma('busy_timeout = 5000');",
    "const changed = db.prepare('UPDATE password_resets SET expires_at = ? WHERE user_id = (SELECT id FROM users WHERE email = ?)').run(Date.now() - 60000, process.argv[2]).changes;",
    'db.close();',
    "if (changed < 1) { console.error('no reset link for ' + process.argv[2]); process.exit(1); }",
  ].join('\n');
  execFileSync(process.execPath, ['-e', script, join(DATA_DIR, 'foyer.sqlite'), account.email], { cwd: join(WEB_DIR, '..', 'server'), stdio: 'pipe' });
}

async function setNewPassword(page: Page, password = NEW_PASSWORD) {
  await page.getByRole('textbox', { name: 'New password', exact: true }).fill(password);
  await page.getByRole('textbox', { name: 'New password again' }).fill(password);
  await page.getByRole('button', { name: 'Set the password' }).click();
}

test('forgot → mail → link → new password: this browser is signed in, another one signed out', async ({ page, browser }) => {
  const account = createAccount('Katherine Johnson');
  const elsewhere = await browser.newContext();
  const otherPage = await elsewhere.newPage();
  await openProfileSignedIn(otherPage, account);

  await page.goto('/login');
  await page.getByRole('textbox', { name: 'Email' }).fill(account.email);
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Forgot your password?' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Email' })).toHaveValue(account.email);
  await settleAnimations(page);
  await expectNoAxeViolations(page, 'forgot password page');
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'forgot-password-light-1366x768@1x.png') });

  const since = Date.now();
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Check your mail' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText(`If an account uses ${account.email}, a link to set a new password is on its way. It works once, for 30 minutes.`);
  await expectNoAxeViolations(page, 'check your mail page');
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'forgot-password-sent-light-1366x768@1x.png') });

  const mail = await waitForMail(account.email, { since, match: (m) => m.subject === 'Set a new password for Foyer' });
  expect(mail.text).toContain('Hello Katherine Johnson,');
  const link = linkIn(mail);
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: 'Set a new password' })).toBeVisible();
  await expect(page).toHaveURL((url) => url.pathname === '/reset-password' && url.hash === '', { timeout: 5000 });
  await expect(page.getByText(/For the account of u\*\*\*.@example\.com\./)).toBeVisible();
  await expectNoAxeViolations(page, 'set a new password page');
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'reset-password-light-1366x768@1x.png') });

  // the form names its problems before anything is sent
  await page.getByRole('textbox', { name: 'New password', exact: true }).fill('short');
  await page.getByRole('textbox', { name: 'New password again' }).fill('other');
  await page.getByRole('button', { name: 'Set the password' }).click();
  await expect(page.getByText('Use at least 8 characters.')).toBeVisible();
  await expect(page.getByText('The two passwords differ.')).toBeVisible();

  await setNewPassword(page);
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByText('Your password is set')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: account.name })).toBeVisible();

  // the Security log says what happened, newest first
  const log = page.getByRole('region', { name: 'Security log' });
  await log.scrollIntoViewIfNeeded();
  await expect(log.getByRole('row').nth(1)).toContainText(/Signed in.* with the password/);
  await expect(log.getByRole('row').nth(2)).toContainText('Password reset by link, and every session signed out (1)');
  await expect(log.getByRole('row').nth(3)).toContainText('Password reset link asked for, and mailed');

  await otherPage.reload();
  await expect(otherPage).toHaveURL(/\/login/);
  await elsewhere.close();

  // the same link again
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: 'This link was used already' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Ask for a new link' })).toBeVisible();
  await expectNoAxeViolations(page, 'used link page');
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'reset-password-used-light-1366x768@1x.png') });

  const notice = await waitForMail(account.email, { since, match: (m) => m.subject === 'Your Foyer password was reset' });
  expect(notice.text).toContain('Every session of the account was signed out.');
});

test('an address without an account gets the same answer', async ({ page }) => {
  await page.goto('/forgot-password');
  await page.getByRole('textbox', { name: 'Email' }).fill('nobody-at-all@example.com');
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('status')).toHaveText('If an account uses nobody-at-all@example.com, a link to set a new password is on its way. It works once, for 30 minutes.');

  // asked for again and again, it is throttled the same as an address with an account would be (each answer takes a
  // second, which outlasts the first waits: the sixth request in a row is the first one refused)
  for (let i = 0; i < 4; i++) {
    const again = await page.request.post('/api/auth.request_password_reset', { data: { email: 'nobody-at-all@example.com' }, headers: SAME_ORIGIN });
    expect(again.status()).toBe(200);
  }
  await page.getByRole('button', { name: 'Use another address or send again' }).click();
  await expect(page.getByRole('textbox', { name: 'Email' })).toHaveValue('nobody-at-all@example.com');
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('alert')).toContainText('Links for this address, or from your network, were asked for several times just now. Try again in');
  await expectNoAxeViolations(page, 'throttled request');
});

test('a replaced, an expired and a broken link each say so and offer a new one', async ({ page }) => {
  const account = createAccount('Dorothy Vaughan');
  const first = await askForLink(page, account);
  const second = await askForLink(page, account);
  await page.goto(first);
  await expect(page.getByRole('heading', { level: 1, name: 'A newer link was sent' })).toBeVisible();
  await expect(page.getByText(/A newer reset link was sent since this one/)).toBeVisible();

  // the operator's link voids the mailed one too, and works like it
  const printed = cliLink(account);
  await page.goto(second);
  await expect(page.getByRole('heading', { level: 1, name: 'A newer link was sent' })).toBeVisible();
  expireResetLinks(account);
  await page.goto(printed);
  await expect(page.getByRole('heading', { level: 1, name: 'This link has expired' })).toBeVisible();
  await expect(page.getByText(/links work for 30 minutes/)).toBeVisible();
  await expectNoAxeViolations(page, 'expired link page');

  await page.goto('/reset-password#not-a-real-token');
  await expect(page.getByRole('heading', { level: 1, name: 'This link is not valid' })).toBeVisible();
  await page.getByRole('link', { name: 'Ask for a new link' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);

  await page.goto('/reset-password');
  await expect(page.getByText(/This page opens from the link in the mail/)).toBeVisible();
});

test('with two-factor on, the reset sends the person to sign in with the new password and a code', async ({ page }) => {
  const account = createAccount('Mary Jackson');
  await openProfileSignedIn(page, account);
  const begun = await apiCall<{ secret: string }>(page.request, 'users.begin_two_factor', { password: account.password });
  await apiCall(page.request, 'users.enable_two_factor', { code: await generate({ secret: begun.secret }) });
  await page.context().clearCookies();

  await page.goto(await askForLink(page, account));
  await setNewPassword(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Your password is set' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Sign in with your new password and a code from your authenticator app');
  await expectNoAxeViolations(page, 'password set, sign in next');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('textbox', { name: 'Email' }).fill(account.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(/code/i).first()).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test('a mail server that is down is said so, and the page can be used from the keyboard', async ({ page }) => {
  const account = createAccount('Annie Easley');
  await page.goto('/forgot-password');
  await expect(page.getByRole('textbox', { name: 'Email' })).toBeFocused();
  await page.keyboard.type(account.email);
  await setMailServerDown(true);
  try {
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert')).toContainText('The mail could not be sent');
    await expectNoAxeViolations(page, 'mail failed');
  } finally {
    await setMailServerDown(false);
  }
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Check your mail' })).toBeVisible();
  const link = linkIn(await waitForMail(account.email, { match: (m) => m.subject === 'Set a new password for Foyer' }));
  await page.goto(link);
  await expect(page.getByRole('textbox', { name: 'New password', exact: true })).toBeVisible();
  await page.getByRole('textbox', { name: 'New password', exact: true }).focus();
  await page.keyboard.type(NEW_PASSWORD);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('textbox', { name: 'New password again' })).toBeFocused();
  await page.keyboard.type(NEW_PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/profile$/);
});

test('on a server without SMTP, the page says it cannot send mail and to ask an administrator', async ({ page }) => {
  // a Foyer of its own, started as the others are but with no SMTP server set
  const { FOYER_SMTP_URL: _url, FOYER_MAIL_FROM: _from, ...withoutMail } = SERVER_ENV;
  const webPort = WEB_PORT + 60;
  const server = spawn(process.execPath, ['--import', 'tsx', SERVER_CLI, 'serve'], {
    cwd: WEB_DIR,
    env: { ...process.env, ...withoutMail, FOYER_DATA_DIR: join(DATA_DIR, 'no-mail'), FOYER_WEB_PORT: String(webPort), FOYER_API_PORT: String(API_PORT + 60) },
    stdio: 'ignore',
  });
  try {
    const base = `http://${HOST}:${webPort}`;
    await expect(async () => expect((await page.request.get(`${base}/login`)).status()).toBe(200)).toPass({ timeout: 30_000 });
    await page.goto(`${base}/forgot-password`);
    await expect(page.getByRole('status')).toContainText('This server cannot send mail');
    await expect(page.getByRole('status')).toContainText('Ask an administrator of this server');
    await expect(page.getByRole('textbox', { name: 'Email' })).toHaveCount(0);
    await expectNoAxeViolations(page, 'forgot password without mail');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'forgot-password-no-mail-light-1366x768@1x.png') });
  } finally {
    server.kill('SIGTERM');
  }
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the new pages at 390 px and in ${scheme}`, async ({ browser }) => {
    const account = createAccount('Evelyn Boyd Granville');
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, colorScheme: scheme });
    const page = await context.newPage();
    await page.goto('/login');
    await expect(page.getByRole('link', { name: 'Forgot password?' })).toBeVisible();
    await page.screenshot({ path: join(SCREENSHOT_DIR, `sign-in-forgot-link-${scheme}-390x844@2x.png`) });
    await page.goto('/forgot-password');
    await settleAnimations(page);
    await expectNoAxeViolations(page, `forgot password page, ${scheme}, 390 px`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `forgot-password-${scheme}-390x844@2x.png`) });
    await page.goto(await askForLink(page, account));
    await expect(page.getByRole('heading', { level: 1, name: 'Set a new password' })).toBeVisible();
    await settleAnimations(page);
    await expectNoAxeViolations(page, `set a new password page, ${scheme}, 390 px`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `reset-password-${scheme}-390x844@2x.png`) });
    await context.close();
    if (scheme === 'dark') {
      const wide = await browser.newContext({ viewport: { width: 1366, height: 768 }, colorScheme: 'dark' });
      const widePage = await wide.newPage();
      await widePage.goto('/reset-password#no-such-link');
      await expect(widePage.getByRole('heading', { level: 1, name: 'This link is not valid' })).toBeVisible();
      await expectNoAxeViolations(widePage, 'invalid link page, dark');
      await widePage.screenshot({ path: join(SCREENSHOT_DIR, 'reset-password-invalid-dark-1366x768@1x.png') });
      await wide.close();
    }
  });
}
