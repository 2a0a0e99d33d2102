// SESSIONS on the Profile page: a person signed in on a laptop and a phone, with the SDK using one of their key pairs,
// sees all three, ends the phone's session (which lands on sign-in saying why), signs out the other browsers or
// everywhere, and changes the password keeping the other sessions when they choose to. Axe and screenshots too.
import { join } from 'node:path';
import { expect, test, type Browser, type Page, type PlaywrightWorkerArgs } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { WEB_DIR } from './environment';
import { basicAuthorization, createAccount, openProfileSignedIn, settleAnimations, signInWithForm, type Account } from './support';

const SCREENSHOT_DIR = join(WEB_DIR, 'screenshots');
const PHONE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
// what the real ClearML SDK sends with every request
const SDK_HEADERS = { 'X-ClearML-Client': 'clearml-1.17.0', 'X-ClearML-Worker': 'gpu-03', 'User-Agent': 'python-requests/2.31.0' };

async function phoneSignedIn(browser: Browser, account: Account): Promise<Page> {
  const context = await browser.newContext({ userAgent: PHONE_UA, viewport: { width: 390, height: 844 } });
  const phone = await context.newPage();
  await signInWithForm(phone, account);
  return phone;
}

/** The SDK's sign-in, from a machine of its own, with a new key pair of the account, as the real client makes it. */
async function sdkSignedIn(playwright: PlaywrightWorkerArgs['playwright'], page: Page, label: string): Promise<void> {
  const created = await page.request.post('/api/auth.create_credentials', { data: { label }, headers: { 'Sec-Fetch-Site': 'same-origin' } });
  const { access_key, secret_key } = (await created.json()).data.credentials;
  const sdk = await playwright.request.newContext({ baseURL: new URL(page.url()).origin });
  const login = await sdk.post('/api/auth.login', { headers: { Authorization: basicAuthorization(access_key, secret_key), ...SDK_HEADERS }, data: {} });
  expect(login.status()).toBe(200);
  await sdk.dispose();
}

function sessionsSection(page: Page) {
  return page.getByRole('region', { name: 'Sessions' });
}

function sessionRow(page: Page, client: RegExp) {
  return sessionsSection(page).getByRole('row').filter({ hasText: client });
}

test('a laptop, a phone and the SDK are listed; ending the phone\'s session signs it out and says why', async ({ page, browser, playwright }) => {
  const account = createAccount('Sessions Owner');
  await page.setViewportSize({ width: 1366, height: 768 });
  await signInWithForm(page, account);
  const phone = await phoneSignedIn(browser, account);
  await sdkSignedIn(playwright, page, 'training box');
  await page.reload();

  const section = sessionsSection(page);
  await section.scrollIntoViewIfNeeded();
  await expect(section.getByRole('row')).toHaveCount(4); // the header and three sessions
  const thisOne = section.getByRole('row').nth(1);
  await expect(thisOne).toContainText('This session');
  await expect(thisOne).toContainText(/Chrom(e|ium)/);
  await expect(sessionRow(page, /Safari 17 on iOS/)).toContainText('127.0.0.1');
  await expect(sessionRow(page, /ClearML SDK 1\.17\.0/)).toContainText('on gpu-03, key "training box"');
  await settleAnimations(page);
  await expectNoAxeViolations(page, 'the Sessions section', '#sessions');
  await section.screenshot({ path: join(SCREENSHOT_DIR, 'sessions-light-1366x768@1x.png') });

  await sessionRow(page, /Safari 17 on iOS/).getByRole('button', { name: /^End the session of Safari 17 on iOS/ }).click();
  const dialog = page.getByRole('dialog', { name: 'End this session?' });
  await expect(dialog).toContainText('is signed out at once');
  await dialog.getByRole('button', { name: 'End session' }).click();
  await expect(dialog).toBeHidden();
  await expect(section.getByRole('status')).toHaveText('The session of Safari 17 on iOS was ended.');
  await expect(sessionRow(page, /Safari/)).toHaveCount(0);

  // the phone finds out on its next call
  await phone.reload();
  await expect(phone).toHaveURL(/\/login/);
  await expect(phone.getByText('this session was ended from another of your sessions')).toBeVisible();
  await phone.context().close();
});

test('signing out the other browsers keeps this one and the SDK; signing out everywhere ends this one too', async ({ page, browser, playwright }) => {
  const account = createAccount('Everywhere Owner');
  await openProfileSignedIn(page, account);
  const phone = await phoneSignedIn(browser, account);
  await sdkSignedIn(playwright, page, 'pipeline');
  await page.reload();
  const section = sessionsSection(page);

  await section.getByRole('button', { name: 'Sign out other browsers' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign out your other browsers?' });
  await expect(dialog).toContainText('The SDK and agents keep working with their key pairs.');
  await dialog.getByRole('button', { name: 'Sign out other browsers' }).click();
  await expect(section.getByRole('status')).toHaveText('One other browser was signed out.');
  await expect(section.getByRole('row')).toHaveCount(3);
  await expect(sessionRow(page, /ClearML SDK/)).toBeVisible();
  await expect(section.getByRole('button', { name: 'Sign out other browsers' })).toBeDisabled();
  await phone.reload();
  await expect(phone).toHaveURL(/\/login/);

  // the phone signs in again, and this time everything ends
  await signInWithForm(phone, account);
  await section.getByRole('button', { name: 'Sign out everywhere' }).click();
  await page.getByRole('dialog', { name: 'Sign out everywhere?' }).getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await phone.reload();
  await expect(phone).toHaveURL(/\/login/);
  await phone.context().close();
});

test('changing the password can keep the other sessions, and says how many it signed out', async ({ page, browser }) => {
  const account = createAccount('Password Keeper');
  await openProfileSignedIn(page, account);
  const phone = await phoneSignedIn(browser, account);

  const change = async (from: string, to: string, keepOthers: boolean) => {
    await page.getByRole('button', { name: 'Change password' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change password' });
    await dialog.getByRole('textbox', { name: 'Current password' }).fill(from);
    await dialog.getByRole('textbox', { name: 'New password', exact: true }).fill(to);
    await dialog.getByRole('textbox', { name: 'Repeat the new password' }).fill(to);
    const endOthers = dialog.getByRole('checkbox', { name: 'Sign out my other sessions' });
    await expect(endOthers).toBeChecked();
    if (keepOthers) await endOthers.uncheck();
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await expect(dialog).toBeHidden();
  };

  await change(account.password, 'kept-sessions-password-1', true);
  await expect(page.getByText('This session stays signed in; no other session was signed out.')).toBeVisible();
  await phone.reload();
  await expect(phone.getByRole('heading', { level: 1, name: account.name })).toBeVisible();

  // a header row and one row per session: this one and the phone's (opened after this page was loaded)
  await page.reload();
  const sessionRows = sessionsSection(page).getByRole('row');
  await expect(sessionRows).toHaveCount(3);
  await change('kept-sessions-password-1', 'ended-sessions-password-2', false);
  await expect(page.getByText('Your other session was signed out; this one stays signed in.')).toBeVisible();
  await expect(sessionRows, 'the Sessions section shows the phone gone without a reload').toHaveCount(2);
  await phone.reload();
  await expect(phone).toHaveURL(/\/login/);
  await phone.context().close();
});

test('on a 390 px phone the sessions table scrolls inside its card and the page does not', async ({ browser }) => {
  const account = createAccount('Small Screen Sessions');
  const phone = await phoneSignedIn(browser, account);
  const section = sessionsSection(phone);
  await section.scrollIntoViewIfNeeded();
  await expect(section.getByRole('row')).toHaveCount(2);
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBe(0);
  await settleAnimations(phone);
  await section.screenshot({ path: join(SCREENSHOT_DIR, 'sessions-light-390x844@1x.png') });
  await phone.context().close();
});
