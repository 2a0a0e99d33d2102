// Issue 4's acceptance, as new users would do it, on a multi-mode server: the owner invites; a second person opens
// the link, signs up and joins; switches workspace from the Profile button; creates credentials there; those
// credentials sign into that workspace (the token's identity.company, and the real SDK when CLEARML_SDK_SRC is
// set); the owner sets the member limit to the current count and sees the full state; the second person leaves,
// seeing first what that revokes, and their key stops working.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { WEB_DIR } from './environment';
import { MULTI_BASE_URL } from './multi-environment';
import { apiCall, readClipboard, signInWithForm } from './support';
import { jwtClaims, keyLogin, newPerson, openProfileMenu, signUpByApi, workspaceNamed, workspacesOf, workspacesSection } from './workspace-support';

const SDK_SRC = process.env.CLEARML_SDK_SRC;
const ACCEPTANCE_DIR = process.env.CLEARML_ACCEPTANCE_DIR ?? join(WEB_DIR, '..', '..', 'shared', 'acceptance', 'clearml-sdk');
const PYTHON = process.env.CLEARML_PYTHON ?? '/usr/bin/python3';

test.use({ baseURL: MULTI_BASE_URL });

interface ServerUrls {
  web: string;
  api: string;
  files: string;
}

/** The real ClearML SDK, configured by environment variables only, signs in; returns its token's claims. */
function sdkTokenClaims(urls: ServerUrls, accessKey: string, secretKey: string): Record<string, unknown> {
  const home = mkdtempSync(join(tmpdir(), 'foyer-sdk-workspace-'));
  try {
    // As the acceptance harness does: only a short HTTP retry policy, so that a failing server fails fast.
    writeFileSync(
      join(home, 'clearml.conf'),
      'api { http { retries { total: 3, connect: 3, read: 3, redirect: 3, status: 3, backoff_factor: 0.5 }, wait_on_maintenance_forever: false } }\n',
    );
    const script = [
      'import json',
      'from clearml.backend_api.session import Session',
      'from clearml.backend_api.session.token_manager import TokenManager',
      'session = Session()',
      'print("CLAIMS " + json.dumps(TokenManager.get_decoded_token(session.token)))',
    ].join('\n');
    const run = spawnSync(PYTHON, ['-c', script], {
      cwd: home,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        PYTHONPATH: [SDK_SRC, join(ACCEPTANCE_DIR, 'shim')].join(':'),
        PYTHONDONTWRITEBYTECODE: '1',
        CLEARML_API_HOST: urls.api,
        CLEARML_WEB_HOST: urls.web,
        CLEARML_FILES_HOST: urls.files,
        CLEARML_API_ACCESS_KEY: accessKey,
        CLEARML_API_SECRET_KEY: secretKey,
      },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const output = `${run.stdout}${run.stderr}`;
    const line = run.stdout.split('\n').find((item) => item.startsWith('CLAIMS '));
    expect(line, output).toBeTruthy();
    return JSON.parse(line!.slice('CLAIMS '.length)) as Record<string, unknown>;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

async function currentWorkspaceName(page: Page): Promise<string> {
  const section = workspacesSection(page);
  await expect(section.getByText('Current workspace')).toBeVisible();
  return (await section.getByText('Current workspace').locator('xpath=following-sibling::*[1]').textContent()) ?? '';
}

test('invite, sign up through the link, switch, use a key in that workspace, fill the workspace, leave', async ({ browser, playwright }) => {
  test.setTimeout(SDK_SRC ? 300_000 : 120_000);
  const tag = Math.random().toString(36).slice(2, 7);
  const teamName = `Vision Team ${tag}`;

  // The owner: an account of their own, then a team workspace made on the Profile page.
  const owner = newPerson('Frances Allen');
  const ownerContext = await browser.newContext();
  const ownerPage = await ownerContext.newPage();
  await signUpByApi(ownerPage.request, owner);
  await ownerPage.goto('/profile');
  await expect(ownerPage.getByRole('heading', { level: 1, name: owner.name })).toBeVisible();
  await workspacesSection(ownerPage).getByRole('button', { name: 'New workspace' }).click();
  const newWorkspace = ownerPage.getByRole('dialog', { name: 'New workspace' });
  await newWorkspace.getByRole('textbox', { name: 'Name' }).fill(teamName);
  await newWorkspace.getByRole('button', { name: 'Create and switch to it' }).click();
  await expect(ownerPage.getByRole('status').filter({ hasText: `You created ${teamName}` })).toBeVisible();
  expect(await currentWorkspaceName(ownerPage)).toBe(teamName);
  const team = await workspaceNamed(ownerPage.request, teamName);
  expect(team.current).toBe(true);
  expect(team.role).toBe('owner');

  // The owner invites from the Profile button: the link is created, copied, and shown.
  let menu = await openProfileMenu(ownerPage);
  await menu.getByRole('menuitem', { name: 'Invite a user' }).click();
  const inviteDialog = ownerPage.getByRole('dialog', { name: `Invite to ${teamName}` });
  await expect(inviteDialog).toContainText('1 member · no member limit');
  await inviteDialog.getByRole('button', { name: 'Create and copy link' }).click();
  const linkField = inviteDialog.getByRole('textbox', { name: 'Invitation link' });
  const link = await linkField.inputValue();
  expect(link.startsWith(`${MULTI_BASE_URL}/invite/`)).toBe(true);
  await expect(inviteDialog.getByRole('status')).toContainText('copied to your clipboard');
  expect(await readClipboard(ownerPage)).toBe(link);
  await expect(inviteDialog).toContainText(`It admits one person to ${teamName} as a member, until`);
  await inviteDialog.getByRole('button', { name: 'Done' }).click();
  const ownerSection = workspacesSection(ownerPage);
  const linkRow = ownerSection.getByRole('table', { name: 'Invitation links' }).getByRole('row').filter({ hasText: 'Anyone with the link' });
  await expect(linkRow).toContainText('Open');
  await expect(linkRow).toContainText('0 of 1');

  // The second person opens the link in another browser, signs up and joins.
  const guest = newPerson('Grace Hopper');
  const guestContext = await browser.newContext();
  const guestPage = await guestContext.newPage();
  await guestPage.goto(link);
  await expect(guestPage).toHaveTitle('Invitation · Foyer');
  await expect(guestPage.getByRole('heading', { level: 1, name: `Join ${teamName}` })).toBeVisible();
  await expect(guestPage.getByRole('main')).toContainText(`${owner.name} invited you to join the workspace ${teamName}.`);
  await expect(guestPage.getByRole('main')).toContainText('The invitation is valid until');
  await expect(guestPage.getByRole('tab', { name: 'Create an account' })).toHaveAttribute('aria-selected', 'true');
  await guestPage.getByRole('textbox', { name: 'Name' }).fill(guest.name);
  await guestPage.getByRole('textbox', { name: 'Email' }).fill(guest.email);
  await guestPage.getByRole('textbox', { name: 'Password' }).fill(guest.password);
  await guestPage.getByRole('button', { name: 'Create account and join' }).click();
  await expect(guestPage).toHaveURL(/\/profile$/);
  await expect(guestPage.getByRole('status').filter({ hasText: `You joined ${teamName}` })).toBeVisible();
  await expect(guestPage.getByRole('heading', { level: 1, name: guest.name })).toBeVisible();
  expect(await currentWorkspaceName(guestPage)).toBe(teamName);
  const guestWorkspaces = await workspacesOf(guestPage.request);
  expect(guestWorkspaces.map((workspace) => [workspace.name, workspace.role]).sort()).toEqual(
    [
      [`${guest.name}'s workspace`, 'owner'],
      [teamName, 'member'],
    ].sort(),
  );

  // Switching from the Profile button: to the personal workspace, and back.
  const personalName = `${guest.name}'s workspace`;
  menu = await openProfileMenu(guestPage);
  await expect(menu.getByRole('menuitem', { name: `${teamName} (current workspace)` })).toHaveAttribute('aria-current', 'true');
  await menu.getByRole('menuitem', { name: `Switch to ${personalName}` }).click();
  await expect(guestPage.getByRole('status').filter({ hasText: `You are now in ${personalName}.` })).toBeVisible();
  expect(await currentWorkspaceName(guestPage)).toBe(personalName);
  await expect(guestPage.getByRole('button', { name: /^Profile menu/ })).toHaveAccessibleName(`Profile menu, ${guest.name}, in ${personalName}`);
  menu = await openProfileMenu(guestPage);
  await expect(menu.getByRole('menuitem', { name: `${personalName} (current workspace)` })).toHaveAttribute('aria-current', 'true');
  await menu.getByRole('menuitem', { name: `Switch to ${teamName}` }).click();
  await expect(guestPage.getByRole('status').filter({ hasText: `You are now in ${teamName}.` })).toBeVisible();
  expect(await currentWorkspaceName(guestPage)).toBe(teamName);

  // Credentials created there belong to that workspace.
  await guestPage.getByRole('button', { name: 'Create new credentials' }).click();
  await guestPage.getByRole('textbox', { name: 'Label (optional)' }).fill('vision laptop');
  await guestPage.getByRole('button', { name: 'Create credentials' }).click();
  const keysDialog = guestPage.getByRole('dialog', { name: 'Your new credentials' });
  const accessKey = await keysDialog.getByRole('textbox', { name: 'Access key' }).inputValue();
  const secretKey = await keysDialog.getByRole('textbox', { name: 'Secret key' }).inputValue();
  await keysDialog.getByRole('button', { name: 'Done' }).click();
  await guestPage.getByRole('dialog', { name: 'Did you copy the secret key?' }).getByRole('button', { name: 'I copied it, close' }).click();

  const client = await playwright.request.newContext({ baseURL: MULTI_BASE_URL });
  const login = await keyLogin(client, accessKey, secretKey);
  expect(login.status).toBe(200);
  const claims = jwtClaims(login.token!);
  expect(claims.identity.company).toBe(team.id);
  expect(claims.identity.company_name).toBe(teamName);
  // Asking the key for another workspace is refused: a key only signs into its own.
  const guestPersonal = guestWorkspaces.find((workspace) => workspace.name === personalName)!;
  const elsewhere = await client.post('/api/auth.login', {
    headers: { Authorization: `Basic ${Buffer.from(`${accessKey}:${secretKey}`).toString('base64')}`, 'X-Clearml-Tenant': guestPersonal.id },
    data: {},
  });
  expect(elsewhere.status()).toBeGreaterThanOrEqual(400);

  if (SDK_SRC) {
    const { urls } = await apiCall<{ urls: ServerUrls }>(guestPage.request, 'server.info');
    const sdkClaims = sdkTokenClaims(urls, accessKey, secretKey) as { identity?: { company?: string } };
    expect(sdkClaims.identity?.company).toBe(team.id);
  }

  // The owner sees the new member and who joined through the link, then sets the limit to the current count.
  await ownerPage.reload();
  await expect(ownerSection.getByRole('table', { name: 'Members of this workspace' }).getByRole('row').filter({ hasText: guest.email })).toContainText(
    'Member',
  );
  const usedRow = ownerSection.getByRole('table', { name: 'Invitation links' }).getByRole('row').filter({ hasText: 'Anyone with the link' });
  await expect(usedRow).toContainText('Used up');
  await expect(usedRow.getByRole('listitem')).toHaveText(`${guest.name}${guest.email}`);
  await expect(ownerSection).toContainText('2 members · no member limit');
  await ownerSection.getByRole('button', { name: 'Workspace settings' }).click();
  const settings = ownerPage.getByRole('dialog', { name: 'Workspace settings' });
  await settings.getByRole('textbox', { name: 'Member limit' }).fill('1');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings.getByText(`${teamName} has 2 members: the limit cannot be lower.`)).toBeVisible();
  await settings.getByRole('textbox', { name: 'Member limit' }).fill('2');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings).toBeHidden();
  await expect(ownerSection).toContainText('2 of 2 seats used · 0 left');
  const fullAlert = ownerSection.getByRole('alert').filter({ hasText: `${teamName} is full` });
  await expect(fullAlert).toBeVisible();
  await expect(fullAlert).toContainText('raise the member limit in the workspace settings, remove a member');
  const inviteButton = ownerSection.getByRole('button', { name: 'Invite user' });
  await expect(inviteButton).toBeDisabled();
  await expect(inviteButton).toHaveAccessibleDescription(/has reached its limit of 2 members/);
  // The Profile button's Invite a user says the same and creates nothing.
  menu = await openProfileMenu(ownerPage);
  await menu.getByRole('menuitem', { name: 'Invite a user' }).click();
  await expect(inviteDialog.getByRole('status').filter({ hasText: `${teamName} is full` })).toBeVisible();
  await expect(inviteDialog.getByRole('button', { name: 'Create and copy link' })).toBeDisabled();
  await inviteDialog.getByRole('button', { name: 'Cancel' }).click();

  // The second person leaves: first what that revokes, then the key stops working.
  await guestPage.reload();
  await workspacesSection(guestPage).getByRole('button', { name: 'Leave workspace' }).click();
  const leaveDialog = guestPage.getByRole('dialog', { name: `Leave ${teamName}?` });
  await expect(leaveDialog).toContainText('This credential of yours stops working:');
  const atRisk = leaveDialog.getByRole('listitem').filter({ hasText: accessKey });
  await expect(atRisk).toContainText('vision laptop');
  // From where: the address of the last call, or the host name the real SDK sends, and its client.
  await expect(atRisk).toContainText(/Last used (just now|\d+ minutes? ago) from \S+/);
  await expect(leaveDialog).toContainText(`You stay signed in, in ${personalName}.`);
  await leaveDialog.getByRole('button', { name: `Leave ${teamName}` }).click();
  await expect(guestPage.getByRole('status').filter({ hasText: `You left ${teamName}.` })).toContainText(
    `Your 1 credential there was revoked. You are now in ${personalName}.`,
  );
  expect(await currentWorkspaceName(guestPage)).toBe(personalName);
  expect((await workspacesOf(guestPage.request)).map((workspace) => workspace.name)).toEqual([personalName]);
  expect((await keyLogin(client, accessKey, secretKey)).status).toBe(401);

  // A seat is free again for the owner.
  await ownerPage.reload();
  await expect(ownerSection).toContainText('1 of 2 seats used · 1 left');
  await expect(ownerSection.getByRole('button', { name: 'Invite user' })).toBeEnabled();

  await client.dispose();
  await guestContext.close();
  await ownerContext.close();
});

test('SWITCH TO WORKSPACE on the Profile page; an existing account signs in from the link and joins', async ({ browser }) => {
  const tag = Math.random().toString(36).slice(2, 7);
  const teamName = `Speech Team ${tag}`;
  const owner = newPerson('Barbara Liskov');
  const ownerContext = await browser.newContext();
  const ownerPage = await ownerContext.newPage();
  await signUpByApi(ownerPage.request, owner);
  const team = await apiCall<{ id: string }>(ownerPage.request, 'workspaces.create', { name: teamName });
  const invite = await apiCall<{ url: string }>(ownerPage.request, 'invites.create', { workspace: team.id, role: 'admin', max_uses: 3 });

  // Someone with an account already, signed out, opens the link and signs in from it.
  const member = newPerson('Radia Perlman');
  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  await signUpByApi(memberPage.request, member);
  await apiCall(memberPage.request, 'auth.logout');
  await memberPage.goto(invite.url);
  await memberPage.getByRole('tab', { name: 'I have an account' }).click();
  await memberPage.getByRole('textbox', { name: 'Email' }).fill(member.email);
  await memberPage.getByRole('textbox', { name: 'Password' }).fill('not-the-password');
  await memberPage.getByRole('button', { name: `Sign in and join ${teamName}` }).click();
  await expect(memberPage.getByRole('alert').filter({ hasText: 'Wrong email or password.' })).toBeVisible();
  await memberPage.getByRole('textbox', { name: 'Password' }).fill(member.password);
  await memberPage.getByRole('button', { name: `Sign in and join ${teamName}` }).click();
  await expect(memberPage.getByRole('status').filter({ hasText: `You joined ${teamName} as an admin.` })).toBeVisible();
  expect(await currentWorkspaceName(memberPage)).toBe(teamName);

  // Opening the link again, signed in: one button, and the server says they are in already.
  await memberPage.goto(invite.url);
  await expect(memberPage.getByRole('main')).toContainText(`You are signed in as ${member.name} (${member.email}).`);
  await memberPage.getByRole('button', { name: `Join ${teamName}` }).click();
  await expect(memberPage.getByRole('alert').filter({ hasText: 'You are already a member' })).toContainText(`You are already a member of ${teamName}.`);
  await memberPage.getByRole('button', { name: 'Go to your profile' }).click();
  await expect(memberPage).toHaveURL(/\/profile$/);

  // SWITCH TO WORKSPACE in the WORKSPACES section.
  const personalName = `${member.name}'s workspace`;
  const section = workspacesSection(memberPage);
  const others = section.getByRole('list', { name: 'Your other workspaces' });
  await expect(others.getByRole('listitem')).toHaveCount(1);
  await expect(others.getByRole('listitem')).toContainText(personalName);
  await others.getByRole('button', { name: `Switch to workspace ${personalName}` }).click();
  await expect(memberPage.getByRole('status').filter({ hasText: `You are now in ${personalName}.` })).toBeVisible();
  expect(await currentWorkspaceName(memberPage)).toBe(personalName);
  await expect(section.getByRole('list', { name: 'Your other workspaces' })).toContainText(teamName);
  await section.getByRole('button', { name: `Switch to workspace ${teamName}` }).focus();
  await memberPage.keyboard.press('Enter');
  await expect(memberPage.getByRole('status').filter({ hasText: `You are now in ${teamName}.` })).toBeVisible();
  // The notice takes the focus, so keyboard and screen reader users hear where they are.
  await expect(memberPage.getByRole('status').filter({ hasText: `You are now in ${teamName}.` })).toBeFocused();
  const me = await apiCall<{ user: { company: { id: string } } }>(memberPage.request, 'users.get_current_user');
  expect(me.user.company.id).toBe(team.id);

  // The personal workspace is not offered to leave, and the section says why.
  await section.getByRole('button', { name: `Switch to workspace ${personalName}` }).click();
  await expect(memberPage.getByRole('status').filter({ hasText: `You are now in ${personalName}.` })).toBeVisible();
  await expect(section.getByRole('button', { name: 'Leave workspace' })).toHaveCount(0);
  await expect(section).toContainText(`You cannot leave ${personalName}. This is your personal workspace: it cannot be left.`);

  await memberContext.close();
  await ownerContext.close();
});

test('workspace settings: rename, and let every member invite', async ({ browser }) => {
  const tag = Math.random().toString(36).slice(2, 7);
  const owner = newPerson('Shafi Goldwasser');
  const ownerContext = await browser.newContext();
  const ownerPage = await ownerContext.newPage();
  await signUpByApi(ownerPage.request, owner);
  const team = await apiCall<{ id: string }>(ownerPage.request, 'workspaces.create', { name: `Crypto ${tag}` });
  await apiCall(ownerPage.request, 'workspaces.switch', { workspace: team.id });
  const invite = await apiCall<{ url: string }>(ownerPage.request, 'invites.create', { workspace: team.id });

  const member = newPerson('Silvio Micali');
  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  await memberPage.goto(invite.url);
  await memberPage.getByRole('textbox', { name: 'Name' }).fill(member.name);
  await memberPage.getByRole('textbox', { name: 'Email' }).fill(member.email);
  await memberPage.getByRole('textbox', { name: 'Password' }).fill(member.password);
  await memberPage.getByRole('button', { name: 'Create account and join' }).click();
  await expect(memberPage).toHaveURL(/\/profile$/);
  // A member may not invite here yet: no menu entry, no button, and the page says who can.
  const memberSection = workspacesSection(memberPage);
  await expect(memberSection).toContainText(`Only the owners and admins of Crypto ${tag} can invite people.`);
  await expect(memberSection.getByRole('button', { name: 'Invite user' })).toHaveCount(0);
  await expect(memberSection.getByRole('button', { name: 'Workspace settings' })).toHaveCount(0);
  await expect(memberSection.getByRole('button', { name: /^Role of / })).toHaveCount(0);
  let menu = await openProfileMenu(memberPage);
  await expect(menu.getByRole('menuitem', { name: 'Invite a user' })).toHaveCount(0);
  await memberPage.keyboard.press('Escape');

  await ownerPage.goto('/profile');
  const section = workspacesSection(ownerPage);
  await section.getByRole('button', { name: 'Workspace settings' }).click();
  const settings = ownerPage.getByRole('dialog', { name: 'Workspace settings' });
  await expect(settings.getByRole('textbox', { name: 'Name' })).toBeFocused();
  await settings.getByRole('textbox', { name: 'Name' }).fill(`Cryptography ${tag}`);
  await settings.getByRole('radio', { name: 'Every member' }).check();
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings).toBeHidden();
  expect(await currentWorkspaceName(ownerPage)).toBe(`Cryptography ${tag}`);
  await expect(ownerPage.getByRole('button', { name: /^Profile menu/ })).toHaveAccessibleName(`Profile menu, ${owner.name}, in Cryptography ${tag}`);

  // Now the member can invite, as a member only, and sees their own links.
  await memberPage.reload();
  await expect(memberSection.getByRole('button', { name: 'Invite user' })).toBeEnabled();
  await memberSection.getByRole('button', { name: 'Invite user' }).click();
  const dialog = memberPage.getByRole('dialog', { name: `Invite to Cryptography ${tag}` });
  await expect(dialog).toContainText('People who join through this link become members.');
  await expect(dialog.getByRole('radio', { name: 'Admin' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Create and copy link' }).click();
  await expect(dialog.getByRole('textbox', { name: 'Invitation link' })).toHaveValue(/\/invite\//);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(memberSection.getByRole('table', { name: 'Invitation links' }).getByRole('row')).toHaveCount(2);
  menu = await openProfileMenu(memberPage);
  await expect(menu.getByRole('menuitem', { name: 'Invite a user' })).toBeVisible();

  await memberContext.close();
  await ownerContext.close();
});

test('a signed-out visitor on a multi-mode server signs in from the sign-in page and lands in the workspace last used', async ({ page }) => {
  const person = newPerson('Frances Spence');
  await signUpByApi(page.request, person);
  const second = await apiCall<{ id: string; name: string }>(page.request, 'workspaces.create', { name: 'Second place' });
  await page.goto('/profile');
  await workspacesSection(page).getByRole('button', { name: 'Switch to workspace Second place' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'You are now in Second place.' })).toBeVisible();
  await apiCall(page.request, 'auth.logout');
  await page.goto('/login');
  await signInWithForm(page, person);
  expect(await currentWorkspaceName(page)).toBe(second.name);
});
