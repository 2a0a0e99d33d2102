// WORKSPACES > Members on a single-mode server (one workspace, "Main workspace"): administrators invite by link,
// change roles and remove people; members see who is in the workspace, and may leave it (which signs them out).
import { expect, test, type Page } from '@playwright/test';
import { waitForMail } from './mail';
import { ADMIN, apiCall, basicAuthorization, createAccount, openProfileSignedIn, readClipboard, SAME_ORIGIN, signInWithForm } from './support';
import { keyLogin, newPerson, openProfileMenu, workspacesSection } from './workspace-support';

interface Invite {
  id: string;
  role: string;
  max_uses: number;
  uses: number;
  email_domains: string[] | null;
  expires: string;
  created: string;
}

/** Finds a member in the (long, shared) members table by searching for their email. */
async function memberRow(page: Page, email: string) {
  const section = workspacesSection(page);
  // The search field appears once the workspace has more than a few members.
  const search = section.getByRole('textbox', { name: 'Search members' });
  if ((await search.count()) > 0) await search.fill(email);
  const row = section.getByRole('table', { name: 'Members of this workspace' }).getByRole('row').filter({ hasText: email });
  await expect(row).toHaveCount(1);
  return row;
}

test('an administrator invites from the Profile button, by keyboard; the new person signs up through the link', async ({ page, browser }) => {
  await openProfileSignedIn(page, ADMIN);
  const { user } = await apiCall<{ user: { company: { id: string; name: string } } }>(page.request, 'users.get_current_user');
  expect(user.company.name).toBe('Main workspace');

  // The menu, then the dialog, from the keyboard alone.
  await page.getByRole('button', { name: /^Profile menu/ }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('menuitem', { name: 'Invite a user' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Invite to Main workspace' });
  await expect(dialog.getByRole('radio', { name: 'Member' })).toBeFocused();
  await expect(dialog.getByRole('radio', { name: 'Member' })).toBeChecked();
  await page.keyboard.press('ArrowDown');
  await expect(dialog.getByRole('radio', { name: 'Admin' })).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('combobox', { name: 'The link expires after' })).toBeFocused();
  await expect(dialog.getByRole('combobox', { name: 'The link expires after' })).toHaveValue('7');
  await dialog.getByRole('combobox', { name: 'The link expires after' }).selectOption('14');
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('textbox', { name: 'People who can join with it' })).toBeFocused();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('3');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('textbox', { name: 'Only for addresses at these domains (optional)' })).toBeFocused();
  await page.keyboard.type('example.com, not a domain');
  await page.keyboard.press('Enter');
  await expect(dialog.getByText('“not” is not a domain name such as example.com.')).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Only for addresses at these domains (optional)' }).fill('@Example.com');
  await dialog.getByRole('textbox', { name: 'Only for addresses at these domains (optional)' }).press('Enter');

  const linkField = dialog.getByRole('textbox', { name: 'Invitation link' });
  await expect(linkField).toBeFocused();
  const link = await linkField.inputValue();
  expect(await readClipboard(page)).toBe(link);
  await expect(dialog).toContainText('It admits up to 3 people, with an address at example.com, to Main workspace as an admin, until');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: /^Profile menu/ })).toBeFocused();

  // What the server holds: the options chosen, and nothing of the token but what the URL carries.
  const { invites } = await apiCall<{ invites: Invite[] }>(page.request, 'invites.get_all', { workspace: user.company.id });
  const invite = invites[0]!;
  expect(invite).toMatchObject({ role: 'admin', max_uses: 3, uses: 0, email_domains: ['example.com'] });
  const days = (Date.parse(invite.expires) - Date.parse(invite.created)) / 86_400_000;
  expect(days).toBeCloseTo(14, 3);

  // The new person, in another browser.
  const guest = newPerson('Mary Jackson');
  const guestContext = await browser.newContext();
  const guestPage = await guestContext.newPage();
  await guestPage.goto(link);
  await expect(guestPage.getByRole('heading', { level: 1, name: 'Join Main workspace' })).toBeVisible();
  await expect(guestPage.getByRole('main')).toContainText(`${ADMIN.name} invited you to join the workspace Main workspace.`);
  // Names the empty fields before anything is sent.
  await guestPage.getByRole('button', { name: 'Create account and join' }).click();
  await expect(guestPage.getByText('Enter your name.')).toBeVisible();
  await guestPage.getByRole('textbox', { name: 'Name' }).fill(guest.name);
  await guestPage.getByRole('textbox', { name: 'Email' }).fill(guest.email);
  await guestPage.getByRole('textbox', { name: 'Password' }).fill(guest.password);
  const since = Date.now();
  await guestPage.getByRole('button', { name: 'Create account and join' }).click();
  // a domain-bound link admits only a verified address: the account is made, and joins when its mailed link is followed
  await expect(guestPage.getByRole('heading', { level: 1, name: 'Check your inbox' })).toBeVisible();
  await expect(guestPage.getByRole('main')).toContainText(`We sent a link to ${guest.email}: follow it to verify your address and join Main workspace.`);
  const mail = await waitForMail(guest.email, { since });
  await guestPage.goto(mail.links.find((url) => url.includes('/verify-email#'))!);
  await expect(guestPage.getByRole('main')).toContainText('You joined Main workspace');
  await signInWithForm(guestPage, guest);
  await expect(workspacesSection(guestPage)).toContainText('Your role: Admin');
  await guestContext.close();

  // The administrator sees the new admin, and who joined through which link.
  await page.reload();
  const row = await memberRow(page, guest.email);
  await expect(row).toContainText(guest.name);
  await expect(row.getByRole('button', { name: `Role of ${guest.name}: Admin` })).toBeVisible();
  const linkRow = workspacesSection(page).getByRole('table', { name: 'Invitation links' }).getByRole('row').filter({ hasText: guest.email });
  await expect(linkRow).toContainText('Addresses at example.com');
  await expect(linkRow).toContainText('1 of 3');
  await expect(linkRow).toContainText('Open');
});

test('an administrator changes a role from the table, and removes a member after confirming: their key stops working', async ({ page, playwright }) => {
  const target = createAccount('Role Target');
  await openProfileSignedIn(page, ADMIN);
  // The member's own client, with a key pair of theirs.
  const own = await playwright.request.newContext({ baseURL: new URL(page.url()).origin });
  const signedIn = await own.post('/api/auth.login', { headers: { Authorization: basicAuthorization(target.email, target.password) }, data: {} });
  expect(signedIn.status()).toBe(200);
  const { credentials } = await apiCall<{ credentials: { access_key: string; secret_key: string } }>(own, 'auth.create_credentials', { label: 'target' });
  expect((await keyLogin(own, credentials.access_key, credentials.secret_key)).status).toBe(200);

  let row = await memberRow(page, target.email);
  await row.getByRole('button', { name: `Role of ${target.name}: Member` }).click();
  const roleMenu = page.getByRole('menu');
  await expect(roleMenu.getByRole('menuitem', { name: 'Member' })).toHaveAttribute('aria-current', 'true');
  await roleMenu.getByRole('menuitem', { name: 'Admin' }).click();
  const section = workspacesSection(page);
  await expect(section.getByRole('status').filter({ hasText: `${target.name} is now an admin.` })).toBeVisible();
  await expect(row.getByRole('button', { name: `Role of ${target.name}: Admin` })).toBeVisible();

  // Cancel keeps the member; confirming removes them and revokes their key at once.
  row = await memberRow(page, target.email);
  await row.getByRole('button', { name: `Remove ${target.name}` }).click();
  let confirm = page.getByRole('dialog', { name: 'Remove member?' });
  await expect(confirm).toContainText(`Remove ${target.name} (${target.email}) from Main workspace?`);
  await expect(confirm).toContainText('every credential they hold in Main workspace stops working');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: `Remove ${target.name}` }).click();
  confirm = page.getByRole('dialog', { name: 'Remove member?' });
  await confirm.getByRole('button', { name: 'Remove member' }).click();
  await expect(confirm).toBeHidden();
  await expect(section.getByRole('status').filter({ hasText: `${target.name} was removed from Main workspace; 1 credential of theirs was revoked.` })).toBeVisible();
  await expect(section.getByRole('table', { name: 'Members of this workspace' }).getByRole('row').filter({ hasText: target.email })).toHaveCount(0);
  expect((await keyLogin(own, credentials.access_key, credentials.secret_key)).status).toBe(401);
  await own.dispose();
});

test('a member sees the members but cannot invite or manage them; leaving their only workspace signs them out', async ({ page }) => {
  const member = createAccount('Plain Member');
  await openProfileSignedIn(page, member);
  const section = workspacesSection(page);
  await expect(section.getByRole('heading', { level: 3, name: 'Members' })).toBeVisible();
  await expect(section).toContainText(/\d+ members · no member limit/);
  await expect(section).toContainText('Only the owners and admins of Main workspace can invite people.');
  await expect(section.getByRole('button', { name: 'Invite user' })).toHaveCount(0);
  await expect(section.getByRole('button', { name: 'Workspace settings' })).toHaveCount(0);
  await expect(section.getByRole('table', { name: 'Invitation links' })).toHaveCount(0);
  const row = await memberRow(page, member.email);
  await expect(row).toContainText(`${member.name} (you)`);
  await expect(row.getByRole('cell').nth(2)).toHaveText('Member');
  await expect(section.getByRole('button', { name: /^Role of / })).toHaveCount(0);
  await expect(section.getByRole('button', { name: /^Remove / })).toHaveCount(0);
  const menu = await openProfileMenu(page);
  await expect(menu.getByRole('menuitem', { name: 'Invite a user' })).toHaveCount(0);
  await expect(menu.getByRole('menuitem', { name: /^Switch to / })).toHaveCount(0);
  await page.keyboard.press('Escape');

  await section.getByRole('button', { name: 'Leave workspace' }).click();
  const dialog = page.getByRole('dialog', { name: 'Leave Main workspace?' });
  await expect(dialog).toContainText('Main workspace is your only workspace, so you are signed out at once.');
  await dialog.getByRole('button', { name: 'Leave Main workspace' }).click();
  await expect(page).toHaveURL(/\/login\?ended=left$/);
  const after = await page.request.post('/api/users.get_current_user', { data: {}, headers: SAME_ORIGIN });
  expect(after.status(), 'the session ended with the membership').toBe(401);
});
