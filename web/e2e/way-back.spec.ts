// Paths that used to end nowhere, walked as a person would: signing up where sign-up is open, coming back after
// being removed, seeing an invitation's limits before typing anything, and being told why a session ended.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { WEB_DIR } from './environment';
import { ADMIN, apiCall, basicAuthorization, createAccount, openProfileSignedIn, signInWithForm, type Account } from './support';
import { MULTI_BASE_URL } from './multi-environment';
import { newPerson, signUpByApi } from './workspace-support';
import { expectNoAxeViolations } from './axe';

const SCREENSHOT_DIR = join(WEB_DIR, 'screenshots');
mkdirSync(SCREENSHOT_DIR, { recursive: true });

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

async function signInAdmin(request: APIRequestContext) {
  const login = await request.post('/api/auth.login', { headers: { Authorization: basicAuthorization(ADMIN.email, ADMIN.password) }, data: {} });
  expect(login.status()).toBe(200);
  const { user } = await apiCall<{ user: { company: { id: string } } }>(request, 'users.get_current_user');
  return user.company.id;
}

async function userIdOf(request: APIRequestContext, workspace: string, email: string): Promise<string> {
  const { members } = await apiCall<{ members: { id: string; email: string }[] }>(request, 'workspaces.get_members', { workspace, search: email });
  const member = members.find((entry) => entry.email === email);
  if (!member) throw new Error(`${email} is not a member`);
  return member.id;
}

test.describe('sign-up where it is open (multi mode)', () => {
  test.use({ baseURL: MULTI_BASE_URL });

  test('the sign-in page leads to a sign-up page with the invitation page’s rules, and the new account lands on Profile', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await expect(page).toHaveURL(/\/signup$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Create an account' })).toBeVisible();
    await expect(page).toHaveTitle('Create an account · Foyer');

    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByText('Enter your name.')).toBeVisible();
    await expect(page.getByText('Enter an email address, like ada@example.com.')).toBeVisible();
    await expect(page.getByText('Use at least 8 characters.')).toBeVisible();

    const person = newPerson('Radia Perlman');
    await page.getByRole('textbox', { name: 'Name' }).fill(person.name);
    await page.getByRole('textbox', { name: 'Email' }).fill(person.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(person.password);
    await expectNoAxeViolations(page, 'the sign-up page');
    await screenshot(page, 'sign-up-1366');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.getByRole('heading', { level: 1, name: person.name })).toBeVisible();
    await expect(page.getByText(`Welcome, ${person.name}.`)).toBeVisible();
  });

  test('an address that has an account is told to sign in, with a link that works', async ({ page, browser }) => {
    const existing = newPerson('Frances Allen');
    const other = await browser.newContext({ baseURL: MULTI_BASE_URL });
    await signUpByApi(other.request, existing);
    await other.close();

    await page.goto('/signup');
    await page.getByRole('textbox', { name: 'Name' }).fill('Someone Else');
    await page.getByRole('textbox', { name: 'Email' }).fill(existing.email.toUpperCase());
    await page.getByRole('textbox', { name: 'Password' }).fill('another-password-1');
    await page.getByRole('button', { name: 'Create account' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText(`An account with the email ${existing.email.toUpperCase()} already exists.`);
    await alert.getByRole('link', { name: 'Sign in' }).click();
    await signInWithForm(page, existing);
  });
});

test.describe('sign-up where it is closed (single mode)', () => {
  test('the sign-in page offers no sign-up, and /signup says how accounts are made', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Create an account' })).toHaveCount(0);
    await page.goto('/signup');
    await expect(page.getByRole('heading', { level: 1, name: 'Accounts are made by invitation' })).toBeVisible();
    await expect(page.getByRole('textbox')).toHaveCount(0);
    await page.getByRole('link', { name: 'I have an account: sign in' }).click();
    await expect(page).toHaveURL(/\/login$/);
  });
});

test.describe('a removed member comes back (single mode)', () => {
  test('signing in says what is true, and a new invitation signs the account in with its password and joins', async ({ page, browser }) => {
    const bob: Account = createAccount('Bob Kahn');
    const owner = await browser.newContext();
    const workspace = await signInAdmin(owner.request);
    await apiCall(owner.request, 'workspaces.remove_member', { workspace, user: await userIdOf(owner.request, workspace, bob.email) });

    await page.goto('/login');
    await page.getByRole('textbox', { name: 'Email' }).fill(bob.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(bob.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('You are no longer a member of any workspace');
    await expect(alert).toContainText('Ask an owner of your team’s workspace for a new invitation link');
    await expect(page.getByText('Wrong email or password.')).toHaveCount(0);
    await screenshot(page, 'sign-in-no-workspace-1366');

    const invite = await apiCall<{ url: string }>(owner.request, 'invites.create', { workspace });
    await page.goto(invite.url);
    // "Create an account" with the old address leads to the other tab
    await page.getByRole('textbox', { name: 'Name' }).fill(bob.name);
    await page.getByRole('textbox', { name: 'Email' }).fill(bob.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(bob.password);
    await page.getByRole('button', { name: 'Create account and join' }).click();
    await expect(page.getByRole('alert')).toContainText(`An account with the email ${bob.email} already exists.`);
    await page.getByRole('button', { name: 'Sign in with it to join' }).click();
    await expect(page.getByRole('tab', { name: 'I have an account' })).toHaveAttribute('aria-selected', 'true');

    await page.getByRole('textbox', { name: 'Email' }).fill(bob.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not-his-password');
    await page.getByRole('button', { name: /^Sign in and join / }).click();
    await expect(page.getByRole('alert')).toContainText('Wrong email or password.');
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(bob.password);
    await page.getByRole('button', { name: /^Sign in and join / }).click();
    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.getByRole('heading', { level: 1, name: bob.name })).toBeVisible();
    await expect(page.getByText(/^You joined .+ as a member\.$/)).toBeVisible();
    await owner.close();
  });
});

test.describe('an invitation shows its limits before anyone types (multi mode)', () => {
  test.use({ baseURL: MULTI_BASE_URL });

  async function team(request: APIRequestContext, name: string, owner: Account) {
    await signUpByApi(request, owner);
    const created = await apiCall<{ id: string; name: string }>(request, 'workspaces.create', { name: `${name} ${Math.random().toString(36).slice(2, 6)}` });
    return created;
  }

  test('a link for one address shows it, filled in and locked, in both forms', async ({ page, browser }) => {
    const owner = await browser.newContext({ baseURL: MULTI_BASE_URL });
    const workspace = await team(owner.request, 'Arpanet', newPerson('Leonard Kleinrock'));
    const invited = newPerson('Elizabeth Feinler');
    const invite = await apiCall<{ url: string }>(owner.request, 'invites.create', { workspace: workspace.id, email: invited.email, role: 'admin' });

    await page.goto(invite.url);
    const main = page.getByRole('main');
    await expect(main).toContainText('You join as an admin.');
    await expect(main).toContainText(`This invitation is for ${invited.email} only.`);
    const email = page.getByRole('textbox', { name: 'Email' });
    await expect(email).toHaveValue(invited.email);
    await expect(email).not.toBeEditable();
    await page.getByRole('tab', { name: 'I have an account' }).click();
    await expect(page.getByRole('textbox', { name: 'Email' })).toHaveValue(invited.email);
    await expect(page.getByRole('textbox', { name: 'Email' })).not.toBeEditable();
    await expect(main).not.toContainText('signed in as');
    await expectNoAxeViolations(page, 'an invitation for one address');
    await screenshot(page, 'invitation-bound-1366');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'invitation-bound-390');
    await page.setViewportSize({ width: 1366, height: 768 });

    // signed in as someone else: said before any click, with no Join button
    const someoneElse = newPerson('Vint Cerf');
    await signUpByApi(page.request, someoneElse);
    await page.goto(invite.url);
    await expect(page.getByRole('status').filter({ hasText: 'This invitation is not for this account' })).toContainText(
      `This invitation is for ${invited.email}, not for ${someoneElse.email}.`,
    );
    await expect(page.getByRole('button', { name: /^Join / })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Use another account' })).toBeEnabled();
    await owner.close();
  });

  test('a link for some domains says which, and refuses another address in the form', async ({ page, browser }) => {
    const owner = await browser.newContext({ baseURL: MULTI_BASE_URL });
    const workspace = await team(owner.request, 'Xerox', newPerson('Bob Metcalfe'));
    const invite = await apiCall<{ url: string }>(owner.request, 'invites.create', { workspace: workspace.id, email_domains: ['parc.example', 'xerox.example'], max_uses: 5 });
    await page.goto(invite.url);
    await expect(page.getByRole('main')).toContainText('It admits addresses at parc.example or xerox.example.');
    await expect(page.getByText('Use your address at parc.example or xerox.example.')).toBeVisible();
    await page.getByRole('tab', { name: 'I have an account' }).click();
    await page.getByRole('textbox', { name: 'Email' }).fill('someone@gmail.example');
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill('whatever-password');
    await page.getByRole('button', { name: /^Sign in and join / }).click();
    await expect(page.getByText('This invitation is only for addresses at parc.example or xerox.example.')).toBeVisible();
    await owner.close();
  });

  test('a full workspace says so at once, with no form and no Join button', async ({ page, browser }) => {
    const owner = await browser.newContext({ baseURL: MULTI_BASE_URL });
    const workspace = await team(owner.request, 'Full House', newPerson('Butler Lampson'));
    await apiCall(owner.request, 'workspaces.update', { workspace: workspace.id, max_members: 2 });
    const invite = await apiCall<{ url: string }>(owner.request, 'invites.create', { workspace: workspace.id, max_uses: 3 });
    await apiCall(owner.request, 'workspaces.update', { workspace: workspace.id, max_members: 1 });

    await page.goto(invite.url);
    await expect(page.getByRole('heading', { level: 1, name: `${workspace.name} is full` })).toBeVisible();
    await expect(page.getByRole('main')).toContainText('free a seat or raise the member limit');
    await expect(page.getByRole('textbox')).toHaveCount(0);
    await expect(page.getByRole('button')).toHaveCount(0);
    const signIn = page.getByRole('link', { name: 'Sign in' });
    await expect(signIn).toHaveCSS('text-decoration-line', 'underline');
    await expectNoAxeViolations(page, 'an invitation to a full workspace');
    await screenshot(page, 'invitation-full-1366');

    // a seat freed: the same link works again
    await apiCall(owner.request, 'workspaces.update', { workspace: workspace.id, max_members: 2 });
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: `Join ${workspace.name}` })).toBeVisible();
    await owner.close();
  });
});

test.describe('sign-outs explain themselves', () => {
  test('a password changed elsewhere: the next page load lands on sign-in saying so', async ({ page, browser }) => {
    const person = createAccount('Barbara Liskov');
    await openProfileSignedIn(page, person);
    const elsewhere = await browser.newContext();
    const login = await elsewhere.request.post('/api/auth.login', { headers: { Authorization: basicAuthorization(person.email, person.password) }, data: {} });
    expect(login.status()).toBe(200);
    const newPassword = `${person.password}-changed`;
    await apiCall(elsewhere.request, 'users.change_password', { old_password: person.password, new_password: newPassword });
    await elsewhere.close();

    await page.reload();
    await expect(page).toHaveURL(/\/login\?next=%2Fprofile&ended=password_changed$/);
    await expect(page.getByRole('status')).toHaveText('Your password was changed, which signed out every session. Sign in with the new password.');
    await screenshot(page, 'sign-in-password-changed-1366');
    await signInWithForm(page, { ...person, password: newPassword });
  });

  test('removed from the workspace: the next change lands on sign-in saying so, and sign-in then says why it cannot', async ({ page, browser }) => {
    const person = createAccount('Shafi Goldwasser');
    await openProfileSignedIn(page, person);
    const owner = await browser.newContext();
    const workspace = await signInAdmin(owner.request);
    await apiCall(owner.request, 'workspaces.remove_member', { workspace, user: await userIdOf(owner.request, workspace, person.email) });
    await owner.close();

    // no reload: the page still shows Profile, and the first thing the person does is refused
    await page.getByRole('button', { name: 'Create new credentials' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Create credentials' }).click();
    await expect(page).toHaveURL(/\/login\?next=%2Fprofile&ended=membership_ended$/);
    await expect(page.getByRole('status')).toHaveText('You are no longer a member of the workspace you were in. Sign in to continue in another one.');
    await page.getByRole('textbox', { name: 'Email' }).fill(person.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(person.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText('You are no longer a member of any workspace');
    await expect(page.getByRole('status')).toHaveCount(0);
  });

  test('a crafted ended= value shows nothing', async ({ page }) => {
    await page.goto('/login?ended=%3Cimg%20src%3Dx%3E');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByRole('status')).toHaveCount(0);
  });
});
