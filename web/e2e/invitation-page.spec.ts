// The /invite/<token> page for links that no longer work (unknown, revoked, used up, expired), for a signed-in
// person, and for refusals at joining time. A refused invitation creates no account.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { DATA_DIR } from './environment';
import { ADMIN, apiCall, basicAuthorization, createAccount, openProfileSignedIn } from './support';
import { MULTI_BASE_URL, MULTI_DATA_DIR } from './multi-environment';
import { expireInvite, inviteToken, newPerson, signUpByApi, workspacesSection } from './workspace-support';

async function defaultWorkspace(request: APIRequestContext): Promise<string> {
  const { user } = await apiCall<{ user: { company: { id: string } } }>(request, 'users.get_current_user');
  return user.company.id;
}

async function adminInvite(request: APIRequestContext, options: object = {}): Promise<{ id: string; url: string }> {
  const login = await request.post('/api/auth.login', { headers: { Authorization: basicAuthorization(ADMIN.email, ADMIN.password) }, data: {} });
  expect(login.status()).toBe(200);
  return apiCall(request, 'invites.create', { workspace: await defaultWorkspace(request), ...options });
}

test('an unknown link, or none at all, says so and what to do', async ({ page }) => {
  await page.goto('/invite/not-a-real-token');
  await expect(page.getByRole('heading', { level: 1, name: 'This invitation link does not work' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Check that you opened all of it');
  await expect(page.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/login');
  await page.goto('/invite/');
  await expect(page.getByRole('heading', { level: 1, name: 'This invitation link does not work' })).toBeVisible();
  await expect(page).toHaveTitle('Invitation · Foyer');
});

test('an expired link says it expired, and to ask for a new one', async ({ page }) => {
  const invite = await adminInvite(page.request);
  expireInvite(DATA_DIR, invite.id);
  await apiCall(page.request, 'auth.logout');
  await page.goto(invite.url);
  await expect(page.getByRole('heading', { level: 1, name: 'This invitation has expired' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Ask the person who invited you to send you a new link.');
  await expect(page.getByRole('textbox')).toHaveCount(0);
});

test('a revoked link says it was revoked; a used-up link says it was used and to sign in if you joined', async ({ page, browser }) => {
  const revoked = await adminInvite(page.request);
  await apiCall(page.request, 'invites.revoke', { id: revoked.id });
  const usedUp = await adminInvite(page.request);
  await apiCall(page.request, 'auth.logout');

  await page.goto(revoked.url);
  await expect(page.getByRole('heading', { level: 1, name: 'This invitation was revoked' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('ask them for a new link');

  const guest = newPerson('Annie Easley');
  const guestContext = await browser.newContext();
  const guestPage = await guestContext.newPage();
  await guestPage.goto(usedUp.url);
  await guestPage.getByRole('textbox', { name: 'Name' }).fill(guest.name);
  await guestPage.getByRole('textbox', { name: 'Email' }).fill(guest.email);
  await guestPage.getByRole('textbox', { name: 'Password' }).fill(guest.password);
  await guestPage.getByRole('button', { name: 'Create account and join' }).click();
  await expect(guestPage).toHaveURL(/\/profile$/);
  await guestContext.close();

  await page.goto(usedUp.url);
  await expect(page.getByRole('heading', { level: 1, name: 'This invitation link has been used' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('If you joined with it, sign in.');
});

test('a signed-in member opening a link to their own workspace is told they are in already', async ({ page }) => {
  const invite = await adminInvite(page.request);
  const member = createAccount('Already Here');
  await openProfileSignedIn(page, member);
  await page.goto(invite.url);
  await expect(page.getByRole('main')).toContainText(`You are signed in as ${member.name} (${member.email}).`);
  await page.getByRole('button', { name: 'Join Main workspace' }).click();
  await expect(page.getByRole('alert')).toContainText('You are already a member of Main workspace.');
  await page.getByRole('button', { name: 'Go to your profile' }).click();
  await expect(page).toHaveURL(/\/profile$/);

  // "Use another account" signs out and offers the forms, on the same link.
  await page.goto(invite.url);
  await page.getByRole('button', { name: 'Use another account' }).click();
  await expect(page.getByRole('tab', { name: 'Create an account' })).toBeVisible();
  const status = await page.request.post('/api/users.get_current_user', { data: {} });
  expect(status.status()).toBe(401);
});

test('signing up with an email that has an account says to sign in instead', async ({ page }) => {
  const invite = await adminInvite(page.request);
  const existing = createAccount('Existing Person');
  await apiCall(page.request, 'auth.logout');
  await page.goto(invite.url);
  await page.getByRole('textbox', { name: 'Name' }).fill(existing.name);
  await page.getByRole('textbox', { name: 'Email' }).fill(existing.email);
  await page.getByRole('textbox', { name: 'Password' }).fill('some-other-password');
  await page.getByRole('button', { name: 'Create account and join' }).click();
  await expect(page.getByRole('alert')).toContainText(`An account with the email ${existing.email} already exists`);
  await expect(page).toHaveURL(/\/invite\//);
});

test.describe('on a multi-mode server', () => {
  test.use({ baseURL: MULTI_BASE_URL });

  test('a link for one email address holds a seat, refuses another address without making an account, and can be revoked', async ({
    page,
    browser,
  }) => {
    const tag = Math.random().toString(36).slice(2, 7);
    const owner = newPerson('Jean Bartik');
    await signUpByApi(page.request, owner);
    const team = await apiCall<{ id: string; name: string }>(page.request, 'workspaces.create', { name: `Eniac ${tag}` });
    await apiCall(page.request, 'workspaces.switch', { workspace: team.id });
    await apiCall(page.request, 'workspaces.update', { workspace: team.id, max_members: 3 });
    await page.goto('/profile');
    const section = workspacesSection(page);
    await expect(section).toContainText('1 of 3 seats used · 2 left');

    const invited = newPerson('Betty Holberton');
    await section.getByRole('button', { name: 'Invite user' }).click();
    const dialog = page.getByRole('dialog', { name: `Invite to ${team.name}` });
    await dialog.getByRole('textbox', { name: 'Only for this email address (optional)' }).fill(invited.email);
    await expect(dialog.getByRole('textbox', { name: 'People who can join with it' })).toBeDisabled();
    await expect(dialog).toContainText('A link for one email address admits one person.');
    await dialog.getByRole('button', { name: 'Create and copy link' }).click();
    const link = await dialog.getByRole('textbox', { name: 'Invitation link' }).inputValue();
    await expect(dialog).toContainText(`It admits the account with the address ${invited.email} to ${team.name} as a member`);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(section).toContainText('1 of 3 seats used · 1 held by a pending invitation · 1 left');
    const linkRow = section.getByRole('table', { name: 'Invitation links' }).getByRole('row').filter({ hasText: invited.email });
    await expect(linkRow).toContainText('holds a seat');

    // Someone else with the link: the page shows whom it is for, with the address filled in and locked; the server
    // refuses another address anyway, and no account is left behind.
    const stranger = newPerson('Not Invited');
    const strangerContext = await browser.newContext({ baseURL: MULTI_BASE_URL });
    const strangerPage = await strangerContext.newPage();
    await strangerPage.goto(link);
    await expect(strangerPage.getByRole('main')).toContainText(`This invitation is for ${invited.email} only.`);
    await expect(strangerPage.getByRole('textbox', { name: 'Email' })).toHaveValue(invited.email);
    await expect(strangerPage.getByRole('textbox', { name: 'Email' })).not.toBeEditable();
    const signUp = await strangerPage.request.post('/api/auth.sign_up', {
      data: { name: stranger.name, email: stranger.email, password: stranger.password, invite_token: inviteToken(link) },
    });
    expect(signUp.status()).toBe(400);
    expect((await signUp.json()).meta.result_msg).toContain(`This invitation is for ${invited.email}`);
    const login = await strangerPage.request.post('/api/auth.login', {
      headers: { Authorization: basicAuthorization(stranger.email, stranger.password) },
      data: {},
    });
    expect(login.status()).toBe(401);
    await strangerContext.close();

    // Revoking frees the seat; the link's page then says it was revoked.
    await linkRow.getByRole('button', { name: /^Revoke the link for / }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke invitation link?' });
    await expect(confirm).toContainText(`Revoke the link for ${invited.email}`);
    await confirm.getByRole('button', { name: 'Revoke link' }).click();
    await expect(confirm).toBeHidden();
    await expect(linkRow).toContainText('Revoked');
    await expect(linkRow.getByRole('button')).toHaveCount(0);
    await expect(section).toContainText('1 of 3 seats used · 2 left');
    await page.goto(link);
    await expect(page.getByRole('heading', { level: 1, name: 'This invitation was revoked' })).toBeVisible();
    // Signed in, the dead-link page leads back to the profile.
    await expect(page.getByRole('link', { name: 'Go to your profile' })).toBeVisible();
  });

  test('an expired link on a multi-mode server', async ({ page }) => {
    const owner = newPerson('Kathleen Booth');
    const workspace = await signUpByApi(page.request, owner);
    const invite = await apiCall<{ id: string; url: string }>(page.request, 'invites.create', { workspace: workspace.id });
    expireInvite(MULTI_DATA_DIR, invite.id);
    await page.goto(invite.url);
    await expect(page.getByRole('heading', { level: 1, name: 'This invitation has expired' })).toBeVisible();
  });
});
