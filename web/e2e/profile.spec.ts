import { expect, test } from '@playwright/test';
import { apiCall, createAccount, openProfileSignedIn, readClipboard, signInWithForm, signOutWithMenu } from './support';

test('the Profile page shows its sections in order, and the versions', async ({ page }) => {
  const account = createAccount('Section Reader');
  await openProfileSignedIn(page, account);
  await expect(page).toHaveTitle('Profile · Foyer');
  const headings = await page.getByRole('heading', { level: 2 }).allTextContents();
  expect(headings).toEqual(['User preferences', 'Cloud access', 'Workspaces', 'Two-factor sign-in', 'Sessions', 'Security log']);
  await expect(page.getByRole('heading', { level: 3, name: 'App Credentials' })).toBeVisible();
  const info = await apiCall<{ version: string; api_version: string }>(page.request, 'server.info');
  await expect(page.getByRole('contentinfo')).toContainText(`Server ${info.version}`);
  await expect(page.getByRole('contentinfo')).toContainText(`API ${info.api_version}`);
  await expect(page.getByRole('contentinfo')).toContainText(/Web app \d+\.\d+\.\d+/);
});

test('rename yourself in place', async ({ page }) => {
  const account = createAccount('Ada Byron');
  await openProfileSignedIn(page, account);

  // Escape leaves the name as it was.
  await page.getByRole('button', { name: 'Edit name' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill('Somebody Else');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ada Byron');

  await page.getByRole('button', { name: 'Edit name' }).click();
  await expect(page.getByRole('textbox', { name: 'Name' })).toBeFocused();
  await page.getByRole('textbox', { name: 'Name' }).fill('  Ada   Lovelace ');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ada Lovelace');
  await expect(page.getByRole('button', { name: 'Profile menu, Ada Lovelace' })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ada Lovelace');
  const { user } = await apiCall<{ user: { name: string } }>(page.request, 'users.get_current_user');
  expect(user.name).toBe('Ada Lovelace');

  // An empty name is refused before it is sent.
  await page.getByRole('button', { name: 'Edit name' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill('   ');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Enter a name.')).toBeVisible();
});

test('copy your user ID', async ({ page }) => {
  const account = createAccount('Id Copier');
  await openProfileSignedIn(page, account);
  const { user } = await apiCall<{ user: { id: string } }>(page.request, 'users.get_current_user');
  await expect(page.getByText(user.id, { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Copy user ID' }).click();
  await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await readClipboard(page)).toBe(user.id);
});

test('change the password with the current one, then sign in with the new one', async ({ page, browser }) => {
  const account = createAccount('Password Changer');
  const newPassword = `${account.password}-changed`;

  // Another session, signed in before the change, is signed out by it.
  const otherContext = await browser.newContext();
  const otherPage = await otherContext.newPage();
  await openProfileSignedIn(otherPage, account);

  await openProfileSignedIn(page, account);
  await page.getByRole('button', { name: 'Change password' }).click();
  const dialog = page.getByRole('dialog', { name: 'Change password' });
  await expect(dialog.getByRole('textbox', { name: 'Current password' })).toBeFocused();

  // Too short, and not repeated the same: said before anything is sent.
  await dialog.getByRole('textbox', { name: 'Current password' }).fill(account.password);
  await dialog.getByRole('textbox', { name: 'New password', exact: true }).fill('short');
  await dialog.getByRole('textbox', { name: 'Repeat the new password' }).fill('shorter');
  await dialog.getByRole('button', { name: 'Change password' }).click();
  await expect(dialog.getByText('Use at least 8 characters.')).toBeVisible();
  await expect(dialog.getByText('The two new passwords differ.')).toBeVisible();

  // A wrong current password is refused by the server, with its message.
  await dialog.getByRole('textbox', { name: 'Current password' }).fill('not-my-password');
  await dialog.getByRole('textbox', { name: 'New password', exact: true }).fill(newPassword);
  await dialog.getByRole('textbox', { name: 'Repeat the new password' }).fill(newPassword);
  await dialog.getByRole('button', { name: 'Change password' }).click();
  await expect(dialog.getByRole('alert')).toBeVisible();
  await expect(dialog.getByRole('alert')).toContainText(/password/i);

  await dialog.getByRole('textbox', { name: 'Current password' }).fill(account.password);
  await dialog.getByRole('button', { name: 'Change password' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('alert').filter({ hasText: 'Password changed' })).toBeVisible();

  // This session stays; the other one is gone.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: account.name })).toBeVisible();
  await otherPage.reload();
  await expect(otherPage).toHaveURL(/\/login\?next=/);
  await otherContext.close();

  await signOutWithMenu(page);
  await signInWithForm(page, { ...account, password: account.password }, '/login');
  await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
  await signInWithForm(page, { ...account, password: newPassword });
});
