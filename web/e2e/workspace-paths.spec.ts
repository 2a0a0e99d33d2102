// The WORKSPACES section offers only what can succeed, and says things truly, walked as a person would, on a
// single-mode server (one workspace) and on a multi-mode one: Leave is offered only where leaving works (else one
// line says why); role menus show refused roles disabled, with the reason; the member limit form refuses 0 and shows
// the server's refusal at the field; the owner renames the workspace; invitation links carry a note; the account card
// says which role is which; a plain member's page asks nothing the server would refuse; dates read one way; a switch
// row toggles from its switch and its label only. Screenshots of the changed views at 1366 and 390 px go to
// web/screenshots/ (git-ignored).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { WEB_DIR } from './environment';
import { MULTI_BASE_URL } from './multi-environment';
import { ADMIN, apiCall, basicAuthorization, createAccount, openProfileSignedIn, SAME_ORIGIN, settleAnimations } from './support';
import { inviteToken, keyLogin, newPerson, signUpByApi, workspacesSection } from './workspace-support';

const SCREENSHOT_DIR = join(WEB_DIR, 'screenshots');
mkdirSync(SCREENSHOT_DIR, { recursive: true });
const WIDTHS = [1366, 390] as const;

test.use({ reducedMotion: 'reduce' });

/** The one workspace of the single-mode server, as the admin sees it. */
async function singleWorkspace(page: Page): Promise<{ id: string; name: string }> {
  const { user } = await apiCall<{ user: { company: { id: string; name: string } } }>(page.request, 'users.get_current_user');
  return user.company;
}

/**
 * Screenshots of what is on screen now at both widths (the page keeps its state across the resize), with `show`
 * (what the picture is about, when it is on the page rather than in a dialog) scrolled into view.
 */
async function screenshots(page: Page, name: string, show?: Locator): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 768 });
    if (show) await show.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await settleAnimations(page);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `paths-${name}-${width}.png`) });
  }
  await page.setViewportSize({ width: 1366, height: 768 });
}

test.describe('single mode', () => {
  test.describe.configure({ mode: 'serial' });

  test('the last owner is not offered to leave, and is told why; the role menu shows refused roles with the reason', async ({ page }) => {
    await openProfileSignedIn(page, ADMIN);
    const section = workspacesSection(page);
    const { name } = await singleWorkspace(page);
    expect(name).toBe('Main workspace');
    await expect(section).toContainText(`You cannot leave ${name}. You are the last owner: make another member an owner first.`);
    await expect(section.getByRole('button', { name: 'Leave workspace' })).toHaveCount(0);
    await screenshots(page, 'last-owner-section', section.getByText(`You cannot leave ${name}.`).first());

    // The owner's own role: Admin and Member are there, refused, each with the reason; choosing one changes nothing.
    await section.getByRole('button', { name: `Role of ${ADMIN.name}: Owner` }).click();
    const menu = page.getByRole('menu');
    const admin = menu.getByRole('menuitem', { name: 'Admin' });
    await expect(admin).toHaveAttribute('aria-disabled', 'true');
    await expect(admin).toHaveAccessibleDescription('The last owner cannot be demoted: make another member an owner first.');
    await expect(menu.getByRole('menuitem', { name: 'Member' })).toHaveAttribute('aria-disabled', 'true');
    // the keyboard reaches them, so the reason is heard
    await expect(menu.getByRole('menuitem', { name: 'Owner' })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(admin).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(menu.getByRole('menuitem', { name: 'Member' })).toBeFocused();
    // Enter on a refused role changes nothing either
    await page.keyboard.press('Enter');
    await expect(menu).toBeVisible();
    for (const width of WIDTHS) {
      await page.keyboard.press('Escape');
      await page.setViewportSize({ width, height: width === 390 ? 844 : 768 });
      await section.getByRole('button', { name: `Role of ${ADMIN.name}: Owner` }).click();
      await settleAnimations(page);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `paths-role-menu-last-owner-${width}.png`) });
    }
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();
    await page.setViewportSize({ width: 1366, height: 768 });
    await section.getByRole('button', { name: `Role of ${ADMIN.name}: Owner` }).click();
    // a person can still click it (Playwright, seeing aria-disabled, would wait for it to be enabled)
    await admin.click({ force: true });
    await expect(menu).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(section.getByText('The role was not changed')).toHaveCount(0);
    await expect(section.getByRole('button', { name: `Role of ${ADMIN.name}: Owner` })).toBeVisible();
  });

  test('a member is offered to leave, sees what it revokes, leaves, and is signed out; their key stops working', async ({ page }) => {
    const member = createAccount('Leaving Member');
    await openProfileSignedIn(page, member);
    const { credentials } = await apiCall<{ credentials: { access_key: string; secret_key: string } }>(page.request, 'auth.create_credentials', { label: 'laptop' });
    await page.reload();
    const section = workspacesSection(page);
    await section.getByRole('button', { name: 'Leave workspace' }).click();
    const dialog = page.getByRole('dialog', { name: 'Leave Main workspace?' });
    await expect(dialog).toContainText('This credential of yours stops working:');
    await expect(dialog).toContainText(credentials.access_key);
    await expect(dialog).toContainText('Main workspace is your only workspace, so you are signed out at once.');
    await screenshots(page, 'leave-single-mode');
    await dialog.getByRole('button', { name: 'Leave Main workspace' }).click();
    await expect(page).toHaveURL(/\/login\?ended=left$/);
    await expect(page.getByRole('status')).toHaveText('You left your only workspace, which signed you out. To come back, ask an owner for a new invitation link.');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    expect((await page.request.post('/api/users.get_current_user', { data: {}, headers: SAME_ORIGIN })).status()).toBe(401);
    expect((await keyLogin(page.request, credentials.access_key, credentials.secret_key)).status).toBe(401);
    // the admin sees them gone
    const adminClient = await page.context().request;
    const login = await adminClient.post('/api/auth.login', { headers: { Authorization: basicAuthorization(ADMIN.email, ADMIN.password) }, data: {} });
    expect(login.status()).toBe(200);
    const { members } = await apiCall<{ members: Array<{ email: string }> }>(page.request, 'workspaces.get_members', {
      workspace: (await singleWorkspace(page)).id,
      search: member.email,
    });
    expect(members).toHaveLength(0);
  });

  test('the settings dialog refuses a limit of 0 in the form, shows the server\'s refusal at the field, and renames', async ({ page }) => {
    await openProfileSignedIn(page, ADMIN);
    const workspace = await singleWorkspace(page);
    const section = workspacesSection(page);
    try {
      await section.getByRole('button', { name: 'Workspace settings' }).click();
      const dialog = page.getByRole('dialog', { name: 'Workspace settings' });
      const limit = dialog.getByRole('textbox', { name: 'Member limit' });
      await limit.fill('0');
      await limit.blur();
      await expect(limit, 'not silently made 1').toHaveValue('0');
      await dialog.getByRole('button', { name: 'Save settings' }).click();
      await expect(limit).toHaveAccessibleDescription(/The limit must be at least 1: a limit of 0 would admit nobody/);
      await screenshots(page, 'settings-limit-zero');

      // Someone joins while the dialog is open: the count it knows is old, and the server's refusal shows at the field.
      const { allocated } = await apiCall<{ allocated: number }>(page.request, 'workspaces.get_members', { workspace: workspace.id });
      createAccount('Late Joiner');
      await limit.fill(String(allocated));
      await dialog.getByRole('button', { name: 'Save settings' }).click();
      await expect(limit).toHaveAccessibleDescription(new RegExp(`already has ${allocated + 1} members; remove some before lowering the limit to ${allocated}`));
      await expect(dialog.getByRole('alert').filter({ hasText: 'The settings were not saved' })).toHaveCount(0);
      await screenshots(page, 'settings-limit-below-count');

      // Rename, with the rule of creating one.
      await limit.fill('');
      const nameField = dialog.getByRole('textbox', { name: 'Name' });
      await nameField.fill('   ');
      await dialog.getByRole('button', { name: 'Save settings' }).click();
      await expect(nameField).toHaveAccessibleDescription('Enter a name.');
      await nameField.fill('x'.repeat(101));
      await dialog.getByRole('button', { name: 'Save settings' }).click();
      await expect(nameField).toHaveAccessibleDescription('Use at most 100 characters.');
      await nameField.fill('  Vision   lab ');
      await dialog.getByRole('button', { name: 'Save settings' }).click();
      await expect(dialog).toBeHidden();
      await expect(section.getByText('Vision lab', { exact: true })).toBeVisible();
      expect((await singleWorkspace(page)).name).toBe('Vision lab');
    } finally {
      await apiCall(page.request, 'workspaces.update', { workspace: workspace.id, name: 'Main workspace', max_members: null });
    }
  });

  test('an invitation link carries a note, refused when too long, and the list shows it', async ({ page }) => {
    await openProfileSignedIn(page, ADMIN);
    const section = workspacesSection(page);
    await section.getByRole('button', { name: 'Invite user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite to Main workspace' });
    const note = dialog.getByRole('textbox', { name: 'Note for your team (optional)' });
    await note.fill('n'.repeat(121));
    await dialog.getByRole('button', { name: 'Create and copy link' }).click();
    await expect(note).toHaveAccessibleDescription(/Use at most 120 characters \(now 121\)/);
    const tag = Math.random().toString(36).slice(2, 6);
    await note.fill(`  for the data team ${tag} `);
    await screenshots(page, 'invite-with-note');
    await dialog.getByRole('button', { name: 'Create and copy link' }).click();
    await expect(dialog).toContainText(`The list of links shows it with your note: “for the data team ${tag}”.`);
    // one way of writing a moment: "Dec 9, 2026, 1:36 PM UTC"
    await expect(dialog.locator('time')).toHaveText(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M UTC$/);
    await dialog.getByRole('button', { name: 'Done' }).click();
    const row = section.getByRole('table', { name: 'Invitation links' }).getByRole('row').filter({ hasText: `for the data team ${tag}` });
    await expect(row).toHaveCount(1);
    await expect(row.getByRole('button', { name: new RegExp(`^Revoke the link for Anyone with the link \\(for the data team ${tag}\\)`) })).toBeVisible();
    await screenshots(page, 'invitations-with-note', row);
  });

  test('the account card says which role is which; dates read one way across the page', async ({ page }) => {
    await openProfileSignedIn(page, ADMIN);
    const card = page.getByRole('region', { name: 'Your account' });
    await expect(card.getByRole('term').filter({ hasText: 'Workspace role' })).toBeVisible();
    await expect(card).toContainText('Owner of Main workspace');
    await expect(card).toContainText('Administrator of this Foyer server');
    await expect(card.getByRole('term').filter({ hasText: /^Role$/ })).toHaveCount(0);
    const day = /^[A-Z][a-z]{2} \d{1,2}, \d{4}$/;
    await expect(card.locator('time')).toHaveText(day);
    // the members table's joined dates and the card's "Member since" are the same kind of date, with the exact
    // moment a focus away
    const joined = workspacesSection(page).getByRole('table', { name: 'Members of this workspace' }).locator('time').first();
    await expect(joined).toHaveText(day);
    await card.locator('time').focus();
    await expect(page.getByRole('tooltip')).toHaveText(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M UTC$/);
    await screenshots(page, 'account-card-admin', card);

    const member = createAccount('Card Member');
    await page.context().clearCookies();
    await openProfileSignedIn(page, member);
    await expect(card).toContainText('Member of Main workspace');
    await expect(card.getByRole('term').filter({ hasText: 'Server role' })).toHaveCount(0);
  });

  test('a plain member\'s Profile page asks nothing the server would refuse (no invites.get_all)', async ({ page }) => {
    const member = createAccount('Quiet Member');
    const asked: string[] = [];
    const refused: string[] = [];
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      if (!path.startsWith('/api/')) return;
      asked.push(path);
      if (response.status() === 403) refused.push(path);
    });
    await openProfileSignedIn(page, member);
    await expect(workspacesSection(page)).toContainText('Only the owners and admins of Main workspace can invite people.');
    await expect(workspacesSection(page).getByRole('button', { name: 'Leave workspace' })).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(asked).toContain('/api/organization.get_user_companies');
    expect(asked).not.toContain('/api/invites.get_all');
    expect(refused).toEqual([]);
  });

  test('a switch row toggles from its switch and its label, not from anywhere on the row', async ({ page }) => {
    await openProfileSignedIn(page, ADMIN);
    const preferences = page.getByRole('region', { name: 'User preferences' });
    for (const label of ['HiDPI browser scale override', 'Send anonymous usage data']) {
      const toggle = preferences.getByRole('switch', { name: new RegExp(`^${label}`) });
      if ((await toggle.count()) === 0) continue; // usage data only on a self-hosted server
      const before = await toggle.isChecked();
      const root = preferences.locator('.mantine-Switch-root').filter({ has: page.getByRole('switch', { name: new RegExp(`^${label}`) }) });
      const box = (await root.boundingBox())!;
      // far right of the row, and on the description: nothing changes
      await page.mouse.click(box.x + box.width - 10, box.y + 8);
      await expect(toggle, `a click far right on the row of ${label}`).toBeChecked({ checked: before });
      const description = (await root.locator('.mantine-Switch-description').boundingBox())!;
      await page.mouse.click(description.x + description.width / 2, description.y + description.height / 2);
      await expect(toggle).toBeChecked({ checked: before });
      // the label toggles, and the switch toggles back
      await root.locator('.mantine-Switch-label').click();
      await expect(toggle).toBeChecked({ checked: !before });
      const track = (await root.locator('.mantine-Switch-track').boundingBox())!;
      await page.mouse.click(track.x + track.width / 2, track.y + track.height / 2);
      await expect(toggle).toBeChecked({ checked: before });
    }
  });
});

test.describe('multi mode', () => {
  test.use({ baseURL: MULTI_BASE_URL });

  test('Leave is offered in a team, not in one\'s personal workspace; leaving the current one continues in another', async ({ page, playwright }) => {
    const owner = newPerson('Team Owner');
    const ownerClient = await playwright.request.newContext({ baseURL: MULTI_BASE_URL });
    await signUpByApi(ownerClient, owner);
    const team = await apiCall<{ id: string; name: string }>(ownerClient, 'workspaces.create', { name: `Paths team ${Math.random().toString(36).slice(2, 6)}` });
    const link = await apiCall<{ url: string }>(ownerClient, 'invites.create', { workspace: team.id, max_uses: 2, note: 'for the paths test' });
    await ownerClient.dispose();

    const member = newPerson('Team Member');
    await apiCall(page.request, 'auth.sign_up', { ...member, invite_token: inviteToken(link.url) });
    const asked: string[] = [];
    page.on('request', (request) => asked.push(new URL(request.url()).pathname));
    await page.goto('/profile');
    const section = workspacesSection(page);
    await expect(section.getByText(team.name, { exact: true }).first()).toBeVisible();
    await expect(section.getByRole('button', { name: 'Leave workspace' })).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(asked, 'a member where only admins invite lists no links').not.toContain('/api/invites.get_all');
    await screenshots(page, 'multi-member-section', section.getByRole('button', { name: 'Leave workspace' }));

    await section.getByRole('button', { name: 'Leave workspace' }).click();
    const dialog = page.getByRole('dialog', { name: `Leave ${team.name}?` });
    await expect(dialog).toContainText(`You stay signed in, in ${member.name}'s workspace.`);
    await dialog.getByRole('button', { name: `Leave ${team.name}` }).click();
    await expect(page.getByRole('status').filter({ hasText: `You left ${team.name}.` })).toBeVisible();
    await expect(page).toHaveURL(/\/profile$/);
    await expect(section).toContainText(`You cannot leave ${member.name}'s workspace. This is your personal workspace: it cannot be left.`);
    await expect(section.getByRole('button', { name: 'Leave workspace' })).toHaveCount(0);
    await screenshots(page, 'multi-personal-section', section.getByText(`You cannot leave ${member.name}'s workspace.`).first());
  });
});
