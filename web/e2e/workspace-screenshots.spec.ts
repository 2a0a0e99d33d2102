// Writes screenshots of the workspace views, light and dark at 1366×768, into web/screenshots/ (git-ignored) for a
// person to look at: the WORKSPACES section (with other workspaces, members, seats and links), its full state, the
// Profile menu with workspaces, the invitation dialog and the link it made, the leave preview, and the invitation
// page for a valid and an expired link.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { WEB_DIR } from './environment';
import { waitForMail } from './mail';
import { MULTI_BASE_URL, MULTI_DATA_DIR } from './multi-environment';
import { apiCall, basicAuthorization, settleAnimations, type Account } from './support';
import { expireInvite, inviteToken, keyLogin, newPerson, signUpByApi, workspacesSection } from './workspace-support';

const SCREENSHOT_DIR = join(WEB_DIR, 'screenshots');
mkdirSync(SCREENSHOT_DIR, { recursive: true });
const SIZE = '1366x768@1x';

// Reduced motion (which the app honours): the screenshots show final frames, not a dialog or menu fading in.
test.use({ baseURL: MULTI_BASE_URL, reducedMotion: 'reduce' });
test.describe.configure({ mode: 'serial' });

let owner: Account;
let member: Account;
let teamName = '';
let validLink = '';
let expiredLink = '';

test.beforeAll(async ({ playwright }) => {
  const tag = Math.random().toString(36).slice(2, 6);
  teamName = `Orbital Mechanics ${tag}`;
  owner = newPerson('Katherine Johnson');
  const ownerClient = await playwright.request.newContext({ baseURL: MULTI_BASE_URL });
  await signUpByApi(ownerClient, owner);
  await apiCall(ownerClient, 'workspaces.create', { name: `Langley Computing ${tag}` });
  const team = await apiCall<{ id: string }>(ownerClient, 'workspaces.create', { name: teamName });
  await apiCall(ownerClient, 'workspaces.switch', { workspace: team.id });

  // People who joined through a multi-use link for one domain; one of them became an admin.
  const domainLink = await apiCall<{ url: string }>(ownerClient, 'invites.create', { workspace: team.id, max_uses: 5, email_domains: ['example.com'] });
  const people = [newPerson('Dorothy Vaughan'), newPerson('Mary Jackson'), newPerson('Christine Darden')];
  for (const person of people) {
    const client = await playwright.request.newContext({ baseURL: MULTI_BASE_URL });
    const since = Date.now();
    await apiCall(client, 'auth.sign_up', { ...person, invite_token: inviteToken(domainLink.url) });
    // a domain-bound link admits a verified address: each joins by following the link mailed to them
    const mail = await waitForMail(person.email, { since });
    const link = mail.links.find((url) => url.includes('/verify-email#'))!;
    await apiCall(client, 'users.verify_email', { token: decodeURIComponent(link.split('#')[1]!) });
    await client.dispose();
  }
  member = people[1]!;
  const { members } = await apiCall<{ members: Array<{ id: string; email: string }> }>(ownerClient, 'workspaces.get_members', { workspace: team.id });
  const admin = members.find((item) => item.email === people[0]!.email)!;
  await apiCall(ownerClient, 'workspaces.set_member_role', { workspace: team.id, user: admin.id, role: 'admin' });

  // The member holds two key pairs there, one used recently.
  const memberClient = await playwright.request.newContext({ baseURL: MULTI_BASE_URL });
  expect((await memberClient.post('/api/auth.login', { headers: { Authorization: basicAuthorization(member.email, member.password) }, data: {} })).status()).toBe(200);
  await apiCall(memberClient, 'workspaces.switch', { workspace: team.id });
  const { credentials } = await apiCall<{ credentials: { access_key: string; secret_key: string } }>(memberClient, 'auth.create_credentials', { label: 'gpu-agent-3' });
  await apiCall(memberClient, 'auth.create_credentials', { label: 'laptop' });
  expect((await keyLogin(memberClient, credentials.access_key, credentials.secret_key)).status).toBe(200);
  await memberClient.dispose();

  // Links: one for one address (it holds a seat), one revoked, one expired; and the member limit.
  await apiCall(ownerClient, 'invites.create', { workspace: team.id, email: 'katherine.g@example.org', expires_in_days: 3 });
  const revoked = await apiCall<{ id: string }>(ownerClient, 'invites.create', { workspace: team.id, role: 'admin' });
  await apiCall(ownerClient, 'invites.revoke', { id: revoked.id });
  const valid = await apiCall<{ url: string }>(ownerClient, 'invites.create', { workspace: team.id, max_uses: 3 });
  validLink = valid.url;
  const expired = await apiCall<{ id: string; url: string }>(ownerClient, 'invites.create', { workspace: team.id });
  expireInvite(MULTI_DATA_DIR, expired.id);
  expiredLink = expired.url;
  await apiCall(ownerClient, 'workspaces.update', { workspace: team.id, max_members: 8 });
  await ownerClient.dispose();
});

async function signedInPage(browser: Browser, account: Account, scheme: 'light' | 'dark'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, colorScheme: scheme });
  const page = await context.newPage();
  const login = await page.request.post('/api/auth.login', { headers: { Authorization: basicAuthorization(account.email, account.password) }, data: {} });
  expect(login.status()).toBe(200);
  await page.goto('/profile');
  await expect(page.getByRole('heading', { level: 1, name: account.name })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
  return page;
}

/**
 * The WORKSPACES section alone, taller than the screen: a full-page screenshot clipped to it, taken from the top
 * of the page so that the sticky header stays at the top instead of covering the middle of the section.
 */
async function sectionScreenshot(page: Page, file: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = await workspacesSection(page).boundingBox();
  expect(box).toBeTruthy();
  await page.screenshot({ path: join(SCREENSHOT_DIR, file), fullPage: true, clip: box! });
}

for (const scheme of ['light', 'dark'] as const) {
  test(`the WORKSPACES section, its full state and the Profile menu, ${scheme}`, async ({ browser }) => {
    const page = await signedInPage(browser, owner, scheme);
    const section = workspacesSection(page);
    await expect(section.getByRole('table', { name: 'Invitation links' }).getByRole('row')).toHaveCount(6);
    await expect(section).toContainText('4 of 8 seats used · 1 held by a pending invitation · 3 left');
    await sectionScreenshot(page, `workspaces-${scheme}-${SIZE}.png`);

    await page.getByRole('button', { name: /^Profile menu/ }).click();
    await expect(page.getByRole('menu')).toBeVisible();
    await settleAnimations(page);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `profile-menu-workspaces-${scheme}-${SIZE}.png`) });
    await page.keyboard.press('Escape');

    // Full: the limit at the count of members and held seats.
    const { user } = await apiCall<{ user: { company: { id: string } } }>(page.request, 'users.get_current_user');
    await apiCall(page.request, 'workspaces.update', { workspace: user.company.id, max_members: 4 });
    await page.reload();
    await expect(section.getByText(`${teamName} is full`)).toBeVisible();
    await section.getByRole('heading', { name: 'Members' }).evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
    await page.evaluate(() => window.scrollBy(0, -80)); // below the sticky header
    await page.screenshot({ path: join(SCREENSHOT_DIR, `workspaces-full-${scheme}-${SIZE}.png`) });
    await apiCall(page.request, 'workspaces.update', { workspace: user.company.id, max_members: 8 });
    await page.context().close();
  });
}

// After the section's screenshots: each of these adds a link to the table.
for (const scheme of ['light', 'dark'] as const) {
  test(`the invitation dialog and the link it made, ${scheme}`, async ({ browser }) => {
    const page = await signedInPage(browser, owner, scheme);
    const section = workspacesSection(page);
    await section.getByRole('button', { name: 'Invite user' }).click();
    const dialog = page.getByRole('dialog', { name: `Invite to ${teamName}` });
    await dialog.getByRole('textbox', { name: 'Only for addresses at these domains (optional)' }).fill('example.com');
    await settleAnimations(page);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `invite-dialog-${scheme}-${SIZE}.png`) });
    await dialog.getByRole('button', { name: 'Create and copy link' }).click();
    await expect(dialog.getByRole('textbox', { name: 'Invitation link' })).toBeVisible();
    await settleAnimations(page);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `invite-link-${scheme}-${SIZE}.png`) });
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.context().close();
  });

  test(`the leave preview of a member, ${scheme}`, async ({ browser }) => {
    const page = await signedInPage(browser, member, scheme);
    await workspacesSection(page).getByRole('button', { name: 'Leave workspace' }).click();
    const dialog = page.getByRole('dialog', { name: `Leave ${teamName}?` });
    await expect(dialog.getByRole('listitem')).toHaveCount(2);
    await settleAnimations(page);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `leave-workspace-${scheme}-${SIZE}.png`) });
    await page.context().close();
  });

  test(`the invitation page, valid and expired, ${scheme}`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, colorScheme: scheme });
    const page = await context.newPage();
    await page.goto(validLink);
    await expect(page.getByRole('heading', { level: 1, name: `Join ${teamName}` })).toBeVisible();
    await page.screenshot({ path: join(SCREENSHOT_DIR, `invitation-${scheme}-${SIZE}.png`), fullPage: true });
    await page.goto(expiredLink);
    await expect(page.getByRole('heading', { level: 1, name: 'This invitation has expired' })).toBeVisible();
    await page.screenshot({ path: join(SCREENSHOT_DIR, `invitation-expired-${scheme}-${SIZE}.png`), fullPage: true });
    await context.close();
  });
}
