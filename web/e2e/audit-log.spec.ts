// The SECURITY LOG (a person's own) and a workspace's AUDIT LOG on the Profile page: a wrong password, a key pair's
// life and a sign-in from the SDK are in the person's log with where they came from; the owner reads the workspace's,
// filters it by person and kind, pages back with "Show older entries", and exports it as JSON lines; a member sees no
// audit log. Axe, and screenshots at 1366 px and on a 390 px phone.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { AuditEvent } from '@foyer/contract';
import { expectNoAxeViolations } from './axe';
import { WEB_DIR } from './environment';
import { MULTI_BASE_URL } from './multi-environment';
import { apiCall, basicAuthorization, settleAnimations } from './support';
import { inviteToken, newPerson, signUpByApi, workspacesSection } from './workspace-support';

const SCREENSHOT_DIR = join(WEB_DIR, 'screenshots');
const SDK_HEADERS = { 'X-ClearML-Client': 'clearml-1.17.0', 'X-ClearML-Worker': 'gpu-03', 'User-Agent': 'python-requests/2.31.0' };

test.use({ baseURL: MULTI_BASE_URL });

function securityLog(page: Page) {
  return page.getByRole('region', { name: 'Security log' });
}

function auditLog(page: Page) {
  return workspacesSection(page).getByRole('table', { name: /^audit log of / });
}

test('a wrong password, a key pair and the SDK signing in with it are in the security log, with the address and client', async ({ page, playwright }) => {
  const person = newPerson('Log Reader');
  await signUpByApi(page.request, person);
  const stranger = await playwright.request.newContext({ baseURL: MULTI_BASE_URL });
  expect((await stranger.post('/api/auth.login', { headers: { Authorization: basicAuthorization(person.email, 'not-the-password') }, data: {} })).status()).toBe(401);
  const { credentials } = await apiCall<{ credentials: { access_key: string; secret_key: string } }>(page.request, 'auth.create_credentials', { label: 'training box' });
  expect((await stranger.post('/api/auth.login', { headers: { Authorization: basicAuthorization(credentials.access_key, credentials.secret_key), ...SDK_HEADERS }, data: {} })).status()).toBe(200);
  await stranger.dispose();

  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('/profile');
  const section = securityLog(page);
  await section.scrollIntoViewIfNeeded();
  const rows = section.getByRole('row');
  await expect(rows.nth(1)).toContainText(`Key pair ${credentials.access_key} signed in`);
  await expect(rows.nth(1)).toContainText('127.0.0.1 · ClearML SDK 1.17.0 on gpu-03');
  await expect(rows.nth(2)).toContainText(`Key pair ${credentials.access_key} "training box" created`);
  await expect(rows.nth(3)).toContainText('Sign-in refused: wrong password');
  await expect(rows.nth(3)).toContainText('Nobody signed in');
  await expect(section.getByRole('row').last()).toContainText('Account created');
  await expect(section).toContainText('Entries are kept 365 days.');
  await expect(section).not.toContainText(credentials.secret_key);

  await section.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'Key pairs' });
  await expect(rows).toHaveCount(2); // the header and the key pair's creation
  await expect(rows.nth(1)).toContainText('created');
  await section.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'Password' });
  await expect(section.getByText('No entry of this kind.')).toBeVisible();
  await section.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'Everything' });
  await expect(rows.nth(1)).toContainText('signed in');

  await settleAnimations(page);
  await expectNoAxeViolations(page, 'the Security log section', '#security-log');
  await section.screenshot({ path: join(SCREENSHOT_DIR, 'security-log-light-1366x768@1x.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await section.scrollIntoViewIfNeeded();
  await settleAnimations(page);
  await expectNoAxeViolations(page, 'the Security log section on a phone', '#security-log');
  await section.screenshot({ path: join(SCREENSHOT_DIR, 'security-log-light-390x844@1x.png') });
});

test('the owner filters the audit log by person and kind, pages back to the oldest entry, and exports it; a member sees none', async ({ page, browser }) => {
  const owner = newPerson('Audit Owner');
  const workspace = await signUpByApi(page.request, owner);
  const invite = await apiCall<{ url: string }>(page.request, 'invites.create', { workspace: workspace.id, role: 'member', max_uses: 1 });
  const memberContext = await browser.newContext();
  const member = newPerson('Mo Member');
  const memberPage = await memberContext.newPage();
  await memberPage.request.post(`${MULTI_BASE_URL}/api/auth.sign_up`, { data: { ...member, invite_token: inviteToken(invite.url) } });
  const joined = await apiCall<{ members: Array<{ id: string; name: string }> }>(page.request, 'workspaces.get_members', { workspace: workspace.id });
  const memberId = joined.members.find((m) => m.name === member.name)!.id;
  await apiCall(page.request, 'workspaces.set_member_role', { workspace: workspace.id, user: memberId, role: 'admin' });
  await apiCall(page.request, 'workspaces.set_member_role', { workspace: workspace.id, user: memberId, role: 'member' });
  // enough entries for a second page: 60 relabellings of one key pair
  const { credentials } = await apiCall<{ credentials: { access_key: string } }>(page.request, 'auth.create_credentials', {});
  for (let i = 1; i <= 60; i++) await apiCall(page.request, 'auth.edit_credentials', { access_key: credentials.access_key, label: `run ${i}` });

  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('/profile');
  const table = auditLog(page);
  await table.scrollIntoViewIfNeeded();
  await expect(table.getByRole('row').nth(1)).toContainText(`Key pair ${credentials.access_key} relabelled "run 60"`);
  await expect(table.getByRole('row')).toHaveCount(51); // one page of 50
  const panel = workspacesSection(page);
  await panel.getByRole('button', { name: 'Show older entries' }).click();
  await expect(table.getByRole('row').last()).toContainText('Account created'); // the sign-up that made this personal workspace
  await expect(panel.getByRole('button', { name: 'Show older entries' })).toBeHidden();
  await expect(panel.getByText(/The oldest entry shown is from/)).toBeVisible();

  const person = panel.getByRole('textbox', { name: 'Person' });
  await person.fill('Mo');
  await page.getByRole('option', { name: new RegExp(`^${member.name}`) }).click();
  await expect(table.getByRole('row')).toHaveCount(5); // the header; joined, accepted, made admin, made member
  await expect(table.getByRole('row').nth(1)).toContainText(`${member.name} made member (was admin)`);
  await expect(table.getByRole('row').nth(1)).toContainText('By you · from 127.0.0.1');
  await expect(table.getByRole('row').last()).toContainText(`Invitation accepted by ${member.name}`);
  await panel.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'Invitations' });
  await expect(table.getByRole('row')).toHaveCount(2);

  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Export as JSON lines' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^foyer-audit-log-.*\.jsonl$/);
  const lines = readFileSync((await download.path())!, 'utf8').trimEnd().split('\n');
  const exported = lines.map((line) => JSON.parse(line) as AuditEvent);
  expect(exported.map((event) => event.kind)).toEqual(['invite.accepted']);
  expect(exported[0]!.subject?.id).toBe(memberId);

  await panel.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'Everything' });
  await panel.getByRole('button', { name: 'Show everyone' }).click();
  await expect(person).toHaveValue('');
  const [all] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Export as JSON lines' }).click()]);
  const allLines = readFileSync((await all.path())!, 'utf8').trimEnd().split('\n');
  expect(allLines.length, 'every page: 60 relabellings and the rest').toBeGreaterThan(65);
  await expect(table.getByRole('row'), 'both pages, as they were loaded before the filters').toHaveCount(allLines.length + 1);

  await settleAnimations(page);
  await expectNoAxeViolations(page, 'the audit log', '#workspaces');
  await panel.screenshot({ path: join(SCREENSHOT_DIR, 'audit-log-light-1366x768@1x.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await table.scrollIntoViewIfNeeded();
  await settleAnimations(page);
  await expectNoAxeViolations(page, 'the audit log on a phone', '#workspaces');
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'audit-log-light-390x844@1x.png') });

  // the member, in the owner's workspace, has no audit log to read
  await memberPage.goto(`${MULTI_BASE_URL}/profile`); // signed in by the sign-up
  await expect(workspacesSection(memberPage).getByRole('heading', { name: 'Members' })).toBeVisible();
  await expect(workspacesSection(memberPage).getByRole('heading', { name: 'Audit log' })).toHaveCount(0);
  await memberContext.close();
});
