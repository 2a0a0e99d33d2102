// Keyboard focus never drops to the page body: each step of a dialog puts focus on its own controls, and a closed
// dialog gives focus back to the control that opened it, or to one that stays when that control is gone (a revoked
// row, a removed member). Every dialog here is driven from the keyboard alone.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { MULTI_BASE_URL } from './multi-environment';
import { ADMIN, apiCall, createAccount, openProfileSignedIn, readClipboard, type Account } from './support';
import { inviteToken, newPerson, signUpByApi, workspacesSection } from './workspace-support';

/** What has focus, as a person would name it: the element's role-ish tag and its accessible text. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'the page body';
    return `${element.tagName.toLowerCase()} “${element.getAttribute('aria-label') ?? element.textContent?.trim() ?? ''}”`;
  });
}

async function expectFocusInside(page: Page, scope: Locator, what: string): Promise<void> {
  await expect.poll(() => scope.evaluate((element) => element.contains(document.activeElement)), { message: `focus inside ${what}` }).toBe(true);
}

/** Opens a dialog from the keyboard: focus the control, press Enter. */
async function openWithEnter(page: Page, control: Locator): Promise<void> {
  await control.focus();
  await page.keyboard.press('Enter');
}

for (const reducedMotion of ['no-preference', 'reduce'] as const) {
  test.describe(`motion: ${reducedMotion}`, () => {
    test.use({ reducedMotion });

    test('creating credentials: focus goes to the secret, the confirmation takes Enter, then back to the button', async ({ page }) => {
      await openProfileSignedIn(page, createAccount('Keyboard Creator'));
      const createButton = page.getByRole('button', { name: 'Create new credentials' });
      await openWithEnter(page, createButton);
      const labelStep = page.getByRole('dialog', { name: 'Create new credentials' });
      await expect(labelStep.getByRole('textbox', { name: 'Label (optional)' })).toBeFocused();
      await page.keyboard.type('keyboard');
      await page.keyboard.press('Enter');

      const keys = page.getByRole('dialog', { name: 'Your new credentials' });
      const copySecret = keys.getByRole('button', { name: 'Copy the secret key' });
      await expect(copySecret).toBeFocused();
      const secret = await keys.getByRole('textbox', { name: 'Secret key' }).inputValue();
      await page.keyboard.press('Enter');
      await expect.poll(() => readClipboard(page)).toBe(secret);
      await expectFocusInside(page, keys, 'the new credentials dialog');

      // Done, then the confirmation has focus on its answer: Enter closes at once.
      await openWithEnter(page, keys.getByRole('button', { name: 'Done' }));
      const confirmation = page.getByRole('dialog', { name: 'Did you copy the secret key?' });
      await expect(confirmation.getByRole('button', { name: 'I copied it, close' })).toBeFocused();
      // Back to the secret and again: focus follows each step.
      await openWithEnter(page, confirmation.getByRole('button', { name: 'Back to the secret' }));
      await expect(page.getByRole('dialog', { name: 'Your new credentials' }).getByRole('button', { name: 'Copy the secret key' })).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(confirmation.getByRole('button', { name: 'I copied it, close' })).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('dialog')).toHaveCount(0);
      await expect(createButton, `focus is on ${await focused(page)}`).toBeFocused();
    });

    test('edit label and revoke: focus returns to the row, and after a revoke to Create new credentials', async ({ page }) => {
      await openProfileSignedIn(page, createAccount('Keyboard Reviser'));
      const first = await apiCall<{ credentials: { access_key: string } }>(page.request, 'auth.create_credentials', { label: 'first' });
      const second = await apiCall<{ credentials: { access_key: string } }>(page.request, 'auth.create_credentials', { label: 'second' });
      await page.reload();
      const firstKey = first.credentials.access_key;
      const secondKey = second.credentials.access_key;

      const edit = page.getByRole('button', { name: `Edit label of ${firstKey}` });
      await openWithEnter(page, edit);
      const editDialog = page.getByRole('dialog', { name: 'Edit label' });
      await expect(editDialog.getByRole('textbox', { name: 'Label' })).toBeFocused();
      await page.keyboard.type(' pair');
      await page.keyboard.press('Enter');
      await expect(editDialog).toBeHidden();
      await expect(page.getByRole('cell', { name: 'first pair' })).toBeVisible();
      await expect(edit, `focus is on ${await focused(page)}`).toBeFocused();

      // Cancel a revoke: back on the row's Revoke button.
      const revokeSecond = page.getByRole('button', { name: `Revoke ${secondKey}` });
      await openWithEnter(page, revokeSecond);
      const revokeDialog = page.getByRole('dialog', { name: 'Revoke credentials?' });
      await expect(revokeDialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(revokeDialog).toBeHidden();
      await expect(revokeSecond).toBeFocused();

      // Revoke it: the row and its button are gone, so focus goes to Create new credentials.
      await openWithEnter(page, revokeSecond);
      await expect(revokeDialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
      await page.keyboard.press('Tab');
      await expect(revokeDialog.getByRole('button', { name: 'Revoke credentials' })).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(revokeDialog).toBeHidden();
      await expect(revokeSecond).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Create new credentials' }), `focus is on ${await focused(page)}`).toBeFocused();
    });
  });
}

test('change password, cloud access and test access dialogs give focus back to their button', async ({ page }) => {
  await openProfileSignedIn(page, createAccount('Keyboard Closer'));
  await apiCall(page.request, 'storage_access.set', { bucket: 'focus-bucket', endpoint: 'http://127.0.0.1:9', key: 'KEY', secret: 'a-long-enough-secret' });
  await page.reload();

  const changePassword = page.getByRole('button', { name: 'Change password' });
  await openWithEnter(page, changePassword);
  const passwordDialog = page.getByRole('dialog', { name: 'Change password' });
  await expectFocusInside(page, passwordDialog, 'the change password dialog');
  await page.keyboard.press('Escape');
  await expect(passwordDialog).toBeHidden();
  await expect(changePassword).toBeFocused();

  const cloud = page.getByRole('region', { name: 'Cloud access' });
  const add = cloud.getByRole('button', { name: 'Add access keys' });
  await openWithEnter(page, add);
  const addDialog = page.getByRole('dialog', { name: 'Add access keys' });
  await expectFocusInside(page, addDialog, 'the add access keys dialog');
  await page.keyboard.press('Escape');
  await expect(addDialog).toBeHidden();
  await expect(add).toBeFocused();

  const testAccess = cloud.getByRole('button', { name: 'Test access to focus-bucket' });
  await openWithEnter(page, testAccess);
  const testDialog = page.getByRole('dialog', { name: 'Test access to focus-bucket' });
  await expectFocusInside(page, testDialog, 'the test access dialog');
  await page.keyboard.press('Escape');
  await expect(testDialog).toBeHidden();
  await expect(testAccess).toBeFocused();
});

test('workspace settings and invitation dialogs give focus back to their button', async ({ page }) => {
  await openProfileSignedIn(page, ADMIN);
  const section = workspacesSection(page);
  const settings = section.getByRole('button', { name: 'Workspace settings' });
  await openWithEnter(page, settings);
  const settingsDialog = page.getByRole('dialog', { name: 'Workspace settings' });
  await expectFocusInside(page, settingsDialog, 'the workspace settings dialog');
  await page.keyboard.press('Escape');
  await expect(settingsDialog).toBeHidden();
  await expect(settings).toBeFocused();

  const invite = section.getByRole('button', { name: 'Invite user' });
  await openWithEnter(page, invite);
  const inviteDialog = page.getByRole('dialog', { name: /^Invite to / });
  await expectFocusInside(page, inviteDialog, 'the invitation dialog');
  await page.keyboard.press('Escape');
  await expect(inviteDialog).toBeHidden();
  await expect(invite).toBeFocused();
});

for (const reducedMotion of ['no-preference', 'reduce'] as const) {
  test.describe(`multi mode, motion: ${reducedMotion}`, () => {
    test.use({ baseURL: MULTI_BASE_URL, reducedMotion });

    test('new workspace and remove member: focus back to the button, or to a control that stays', async ({ page, playwright }) => {
      const owner: Account = newPerson('Keyboard Owner');
      await signUpByApi(page.request, owner);
      const team = await apiCall<{ id: string }>(page.request, 'workspaces.create', { name: `Keyboard Team ${Math.random().toString(36).slice(2, 6)}` });
      await apiCall(page.request, 'workspaces.switch', { workspace: team.id });
      const link = await apiCall<{ url: string }>(page.request, 'invites.create', { workspace: team.id });
      const joiner = newPerson('Keyboard Joiner');
      const joinerClient = await playwright.request.newContext({ baseURL: MULTI_BASE_URL });
      await apiCall(joinerClient, 'auth.sign_up', { ...joiner, invite_token: inviteToken(link.url) });
      await joinerClient.dispose();
      await page.goto('/profile');
      await expect(page.getByRole('heading', { level: 1, name: owner.name })).toBeVisible();
      const section = workspacesSection(page);

      const newWorkspace = section.getByRole('button', { name: 'New workspace' });
      await openWithEnter(page, newWorkspace);
      const newDialog = page.getByRole('dialog', { name: 'New workspace' });
      await expectFocusInside(page, newDialog, 'the new workspace dialog');
      await page.keyboard.press('Escape');
      await expect(newDialog).toBeHidden();
      await expect(newWorkspace).toBeFocused();

      const remove = section.getByRole('button', { name: `Remove ${joiner.name}` });
      await openWithEnter(page, remove);
      const removeDialog = page.getByRole('dialog', { name: 'Remove member?' });
      await expectFocusInside(page, removeDialog, 'the remove member dialog');
      await page.keyboard.press('Escape');
      await expect(removeDialog).toBeHidden();
      await expect(remove).toBeFocused();

      await openWithEnter(page, remove);
      await removeDialog.getByRole('button', { name: /^Remove / }).focus();
      await page.keyboard.press('Enter');
      await expect(removeDialog).toBeHidden();
      await expect(remove).toHaveCount(0);
      // The Remove button went with its row: focus goes to the rest of the members table, not to the page body.
      await expect.poll(() => focused(page)).not.toBe('the page body');
      await expectFocusInside(page, section.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Role' }) }), 'the members table');
    });
  });
}
