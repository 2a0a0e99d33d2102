// Verified addresses in the browser, with the mail read from the test SMTP server: the link at sign-up, a change of
// address, a bound invitation that joins only once the address is verified, and "Invite by email".
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { API_PORT, DATA_DIR, HOST, SERVER_CLI, SERVER_ENV, WEB_DIR, WEB_PORT } from './environment';
import { expectNoAxeViolations } from './axe';
import { waitForMail, type ReceivedMail } from './mail';
import { MULTI_BASE_URL } from './multi-environment';
import { apiCall } from './support';
import { newPerson, signUpByApi, workspacesSection } from './workspace-support';

const SCREENSHOT_DIR = join(WEB_DIR, 'screenshots');

test.use({ baseURL: MULTI_BASE_URL });

function verificationLink(mail: ReceivedMail): string {
  const link = mail.links.find((url) => url.includes('/verify-email#'));
  expect(link, `a verification link in "${mail.subject}"`).toBeTruthy();
  return link!;
}

function accountCard(page: Page) {
  return page.getByRole('region', { name: 'Your account' });
}

async function phoneScreenshot(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-390x844@1x.png`) });
  await page.setViewportSize({ width: 1366, height: 768 });
}

test('sign-up mails a link; the Profile page says "Not verified" until it is followed', async ({ page }) => {
  const person = newPerson('Grace Verified');
  const since = Date.now();
  await page.goto('/signup');
  await page.getByRole('textbox', { name: 'Name' }).fill(person.name);
  await page.getByRole('textbox', { name: 'Email' }).fill(person.email);
  await page.getByRole('textbox', { name: 'Password' }).fill(person.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByText(`We sent a link to ${person.email} to verify your address.`)).toBeVisible();
  const card = accountCard(page);
  await expect(card).toContainText('Not verified');
  await expect(card.getByRole('button', { name: 'Send the link again' })).toBeVisible();
  await expectNoAxeViolations(page, 'the account card with an unverified address');
  await card.screenshot({ path: join(SCREENSHOT_DIR, 'account-unverified-1366x768@1x.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await card.screenshot({ path: join(SCREENSHOT_DIR, 'account-unverified-390x844@1x.png') });
  await page.setViewportSize({ width: 1366, height: 768 });

  // asked again at once: the server says to wait
  await card.getByRole('button', { name: 'Send the link again' }).click();
  await expect(card.getByRole('alert')).toContainText('A link was sent less than a minute ago');

  const mail = await waitForMail(person.email, { since, match: (m) => m.subject.includes('Verify your address') });
  await page.goto(verificationLink(mail));
  await expect(page.getByRole('heading', { level: 1, name: 'Your address is verified' })).toBeVisible();
  await expect(page).toHaveURL(/\/verify-email$/); // the token is out of the address bar
  await expectNoAxeViolations(page, 'the verified page');
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'verify-email-done-1366x768@1x.png') });
  await phoneScreenshot(page, 'verify-email-done');

  // the same link again: it says it was done; a broken one says it is not valid
  await page.goto(verificationLink(mail));
  await expect(page.getByRole('heading', { level: 1, name: 'Your address is verified already' })).toBeVisible();
  await page.goto('/verify-email#not-a-real-link');
  await expect(page.getByRole('heading', { level: 1, name: 'This link is not valid' })).toBeVisible();
  await expectNoAxeViolations(page, 'a refused verification link');

  await page.goto('/profile');
  await expect(accountCard(page)).toContainText('Verified');
  await expect(accountCard(page).getByRole('button', { name: 'Send the link again' })).toHaveCount(0);
});

test('change of address: the link goes to the new address, and the address changes when it is followed', async ({ page }) => {
  const person = newPerson('Ada Moving');
  await signUpByApi(page.request, person);
  const newAddress = newPerson('unused').email;
  await page.goto('/profile');
  const card = accountCard(page);
  await card.getByRole('button', { name: 'Change email' }).click();
  const dialog = page.getByRole('dialog', { name: 'Change email address' });
  await expect(dialog).toContainText('We mail a link to the new address and a notice to this one');
  await expect(dialog.getByRole('textbox', { name: 'New email address' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(card.getByRole('button', { name: 'Change email' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('textbox', { name: 'New email address' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Send the link' }).click();
  await expect(dialog.getByText('Enter the new address.')).toBeVisible();
  await dialog.getByRole('textbox', { name: 'New email address' }).fill(newAddress);
  await dialog.getByRole('textbox', { name: 'Your password' }).fill('not-the-password');
  await dialog.getByRole('button', { name: 'Send the link' }).click();
  await expect(dialog.getByText('The password is wrong')).toBeVisible();
  await expectNoAxeViolations(page, 'the change-of-address dialog with a refusal');
  await dialog.screenshot({ path: join(SCREENSHOT_DIR, 'change-email-1366x768@1x.png') });
  const since = Date.now();
  await dialog.getByRole('textbox', { name: 'Your password' }).fill(person.password);
  await dialog.getByRole('button', { name: 'Send the link' }).click();
  await expect(dialog).toBeHidden();
  await expect(card.getByText(`Check the inbox of ${newAddress}`)).toBeVisible();
  await expect(card).toContainText(`Waiting for you to follow the link sent to ${newAddress}`);
  await expect(card).toContainText(person.email);

  const notice = await waitForMail(person.email, { since, match: (m) => m.subject.includes('about to change') });
  expect(notice.text).toContain(newAddress);
  const mail = await waitForMail(newAddress, { since });
  await page.goto(verificationLink(mail));
  await expect(page.getByRole('heading', { level: 1, name: 'Your address is changed' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText(`Your account now uses ${newAddress}, verified.`);
  await page.goto('/profile');
  await expect(accountCard(page)).toContainText(newAddress);
  await expect(accountCard(page)).toContainText('Verified');
  await expect(page.getByText('Email address changed, verified by the link mailed to the new one')).toBeVisible();
});

test('a bound invitation: a new account joins only once it follows the link mailed to it', async ({ page, browser }) => {
  const owner = newPerson('Olga Owner');
  const ownerContext = await browser.newContext({ baseURL: MULTI_BASE_URL });
  await signUpByApi(ownerContext.request, owner);
  const team = await apiCall<{ id: string; name: string }>(ownerContext.request, 'workspaces.create', { name: `Verified team ${Date.now() % 100000}` });
  const invited = newPerson('Ivy Invited');
  const invite = await apiCall<{ url: string }>(ownerContext.request, 'invites.create', { workspace: team.id, email: invited.email });

  await page.goto(invite.url);
  await expect(page.getByRole('main')).toContainText('It admits only a verified address');
  await expect(page.getByText(`We send a link to your address; you join ${team.name} when you follow it.`)).toBeVisible();
  await expectNoAxeViolations(page, 'an invitation that needs a verified address');
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'invitation-verified-only-1366x768@1x.png') });
  await phoneScreenshot(page, 'invitation-verified-only');
  const since = Date.now();
  await page.getByRole('textbox', { name: 'Name' }).fill(invited.name);
  await page.getByRole('textbox', { name: 'Password' }).fill(invited.password);
  await page.getByRole('button', { name: 'Create account and join' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByText(`Check your inbox to join ${team.name}`)).toBeVisible();
  const members = async () => (await apiCall<{ members: Array<{ email: string }> }>(ownerContext.request, 'workspaces.get_members', { workspace: team.id })).members.map((m) => m.email);
  expect(await members()).not.toContain(invited.email);

  const mail = await waitForMail(invited.email, { since });
  expect(mail.subject).toContain(`Verify your address to join ${team.name}`);
  await page.goto(verificationLink(mail));
  await expect(page.getByRole('heading', { level: 1, name: 'Your address is verified' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText(`You joined ${team.name}`);
  expect(await members()).toContain(invited.email);
  await ownerContext.close();
});

test('"Invite by email" in the invitation dialog and in the list of links: sent, and throttled', async ({ page }) => {
  const owner = newPerson('Mae Mailer');
  await signUpByApi(page.request, owner);
  const team = await apiCall<{ id: string; name: string }>(page.request, 'workspaces.create', { name: `Mailing team ${Date.now() % 100000}` });
  await apiCall(page.request, 'workspaces.switch', { workspace: team.id });
  await page.goto('/profile');
  const section = workspacesSection(page);
  await section.getByRole('button', { name: 'Invite user' }).click();
  const dialog = page.getByRole('dialog', { name: `Invite to ${team.name}` });
  await dialog.getByRole('textbox', { name: 'People who can join with it' }).fill('3');
  await dialog.getByRole('button', { name: 'Create and copy link' }).click();
  const guest = newPerson('Gus Guest').email;
  const since = Date.now();
  await dialog.getByRole('textbox', { name: 'Invite by email' }).fill(guest);
  await dialog.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(dialog.getByRole('status').filter({ hasText: `Sent to ${guest}` })).toBeVisible();
  await expectNoAxeViolations(page, 'the invitation dialog after sending by email');
  await dialog.screenshot({ path: join(SCREENSHOT_DIR, 'invite-by-email-1366x768@1x.png') });
  const mail = await waitForMail(guest, { since });
  expect(mail.subject).toContain(`invited you to ${team.name}`);
  expect(mail.links.some((url) => url.includes('/invite/'))).toBe(true);
  await dialog.getByRole('button', { name: 'Done' }).click();

  // from the list: the row says where it went; sending again within the minute is refused with the wait
  const row = section.getByRole('table', { name: 'Invitation links' }).getByRole('row').filter({ hasText: 'Anyone with the link' });
  await expect(row).toContainText(`Sent by email to ${guest}`);
  await row.getByRole('button', { name: /^Send the link for Anyone with the link .* by email$/ }).click();
  const send = page.getByRole('dialog', { name: 'Invite by email' });
  await send.getByRole('textbox', { name: 'Invite by email' }).fill(newPerson('Second Guest').email);
  await send.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(send.getByRole('alert')).toContainText('less than a minute ago');
  await expectNoAxeViolations(page, 'the invite-by-email dialog with a refusal');
  await phoneScreenshot(page, 'invite-by-email-list');
  await page.keyboard.press('Escape');
  // the workspace's audit log, open on the page, has the sending without a reload
  await expect(page.getByText(`Invitation link sent by email to ${guest}`)).toBeVisible();
});

test.describe('dark theme', () => {
  test.use({ colorScheme: 'dark' });

  test('the new views have no axe violations in the dark theme either', async ({ page, browser }) => {
    const person = newPerson('Nora Night');
    const since = Date.now();
    await signUpByApi(page.request, person);
    await page.goto('/profile');
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
    await expect(accountCard(page)).toContainText('Not verified');
    await expectNoAxeViolations(page, 'the account card with an unverified address, dark');
    await accountCard(page).getByRole('button', { name: 'Change email' }).click();
    await expect(page.getByRole('dialog', { name: 'Change email address' })).toBeVisible();
    await expectNoAxeViolations(page, 'the change-of-address dialog, dark');
    await page.keyboard.press('Escape');

    const team = await apiCall<{ id: string; name: string }>(page.request, 'workspaces.create', { name: `Night team ${Date.now() % 100000}` });
    const invite = await apiCall<{ url: string }>(page.request, 'invites.create', { workspace: team.id, email_domains: ['example.org'] });
    const visitor = await browser.newContext({ baseURL: MULTI_BASE_URL, colorScheme: 'dark' });
    const visitorPage = await visitor.newPage();
    await visitorPage.goto(invite.url);
    await expect(visitorPage.getByRole('main')).toContainText('It admits only a verified address');
    await expectNoAxeViolations(visitorPage, 'an invitation that needs a verified address, dark');
    await visitor.close();

    const mail = await waitForMail(person.email, { since });
    await page.goto(verificationLink(mail));
    await expect(page.getByRole('heading', { level: 1, name: 'Your address is verified' })).toBeVisible();
    await expectNoAxeViolations(page, 'the verified page, dark');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'verify-email-done-dark-1366x768@1x.png') });
  });
});

test('on a server without mail: addresses are marked as not verifiable, and the owner chooses per link', async ({ browser }) => {
  // a multi-mode Foyer of its own, started as the others are but with no SMTP server set
  const { FOYER_SMTP_URL: _url, FOYER_MAIL_FROM: _from, ...withoutMail } = SERVER_ENV;
  const webPort = WEB_PORT + 70;
  const server = spawn(process.execPath, ['--import', 'tsx', SERVER_CLI, 'serve'], {
    cwd: WEB_DIR,
    env: {
      ...process.env,
      ...withoutMail,
      FOYER_MODE: 'multi',
      FOYER_SIGNUP: 'open',
      FOYER_DATA_DIR: join(DATA_DIR, 'no-mail-verified'),
      FOYER_WEB_PORT: String(webPort),
      FOYER_API_PORT: String(API_PORT + 70),
    },
    stdio: 'ignore',
  });
  try {
    const base = `http://${HOST}:${webPort}`;
    const owner = await browser.newContext({ baseURL: base });
    const page = await owner.newPage();
    await expect(async () => expect((await page.request.get(`${base}/login`)).status()).toBe(200)).toPass({ timeout: 30_000 });
    await signUpByApi(page.request, newPerson('Nell Nomail'));
    const team = await apiCall<{ id: string; name: string }>(page.request, 'workspaces.create', { name: 'Offline team' });
    await apiCall(page.request, 'workspaces.switch', { workspace: team.id });
    await page.goto('/profile');
    await expect(accountCard(page)).toContainText('Not verified');
    await expect(accountCard(page)).toContainText('This server sends no mail, so addresses cannot be verified here.');
    await expect(accountCard(page).getByRole('button', { name: 'Send the link again' })).toHaveCount(0);

    const invited = newPerson('Otto Offline');
    await workspacesSection(page).getByRole('button', { name: 'Invite user' }).click();
    const dialog = page.getByRole('dialog', { name: `Invite to ${team.name}` });
    await expect(dialog.getByRole('checkbox', { name: 'Accept addresses that are not verified' })).toHaveCount(0);
    await dialog.getByRole('textbox', { name: 'Only for this email address (optional)' }).fill(invited.email);
    const acceptUnverified = dialog.getByRole('checkbox', { name: 'Accept addresses that are not verified' });
    await expect(acceptUnverified).not.toBeChecked();
    await expectNoAxeViolations(page, 'the invitation dialog on a server without mail');
    await acceptUnverified.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'invite-no-mail-1366x768@1x.png') });
    await dialog.getByRole('button', { name: 'Create and copy link' }).click();
    await expect(dialog).toContainText('Invite by email is not available: this server sends no mail.');
    await expect(dialog).toContainText('It admits only an account whose address is verified');
    const strict = await dialog.getByRole('textbox', { name: 'Invitation link' }).inputValue();
    await dialog.getByRole('button', { name: 'Create another link' }).click();
    await dialog.getByRole('textbox', { name: 'Only for this email address (optional)' }).fill(invited.email);
    await dialog.getByRole('checkbox', { name: 'Accept addresses that are not verified' }).check();
    await dialog.getByRole('button', { name: 'Create and copy link' }).click();
    await expect(dialog).toContainText('It admits the address as typed: this server cannot verify addresses.');
    const lenient = await dialog.getByRole('textbox', { name: 'Invitation link' }).inputValue();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(workspacesSection(page).getByRole('table', { name: 'Invitation links' })).toContainText('accepts unverified addresses');

    // the invited person: the strict link says a verified address is needed and refuses; the other one admits
    const guest = await browser.newContext({ baseURL: base });
    const guestPage = await guest.newPage();
    await guestPage.goto(strict);
    await expect(guestPage.getByRole('status').filter({ hasText: 'A verified address is needed' })).toBeVisible();
    await expectNoAxeViolations(guestPage, 'an invitation that needs a verified address on a server without mail');
    await phoneScreenshot(guestPage, 'invitation-no-mail');
    await guestPage.getByRole('textbox', { name: 'Name' }).fill(invited.name);
    await guestPage.getByRole('textbox', { name: 'Password' }).fill(invited.password);
    await guestPage.getByRole('button', { name: 'Create account and join' }).click();
    await expect(guestPage.getByRole('alert').filter({ hasText: 'Your address is not verified' })).toContainText('this server cannot verify addresses');
    await guestPage.goto(lenient);
    await expect(guestPage.getByRole('main')).toContainText('whoever made this link chose to admit the address as typed');
    await guestPage.getByRole('textbox', { name: 'Name' }).fill(invited.name);
    await guestPage.getByRole('textbox', { name: 'Password' }).fill(invited.password);
    await guestPage.getByRole('button', { name: 'Create account and join' }).click();
    await expect(guestPage.getByRole('status').filter({ hasText: `You joined ${team.name}` })).toBeVisible();

    // a change of address happens at once, unverified
    const moved = newPerson('unused').email;
    await accountCard(guestPage).getByRole('button', { name: 'Change email' }).click();
    const change = guestPage.getByRole('dialog', { name: 'Change email address' });
    await expect(change).toContainText('This server sends no mail: the address changes at once, and stays not verified.');
    await change.getByRole('textbox', { name: 'New email address' }).fill(moved);
    await change.getByRole('textbox', { name: 'Your password' }).fill(invited.password);
    await change.getByRole('button', { name: 'Change address' }).click();
    await expect(accountCard(guestPage).getByText(`Your address is now ${moved}`)).toBeVisible();
    await expect(accountCard(guestPage)).toContainText('Not verified');
    await guest.close();
    await owner.close();
  } finally {
    server.kill('SIGTERM');
  }
});
