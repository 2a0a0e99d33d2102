import { expect, test } from '@playwright/test';
import { ADMIN, basicAuthorization, createAccount, signInWithForm, signOutWithMenu } from './support';

test('a signed-out visitor is sent to sign in and comes back to the page they asked for', async ({ page }) => {
  await page.goto('/profile#workspaces');
  await expect(page).toHaveURL(/\/login\?next=%2Fprofile%23workspaces$/);
  await expect(page).toHaveTitle('Sign in · Foyer');
  await signInWithForm(page, ADMIN, '/profile#workspaces');
  await expect(page.getByRole('heading', { name: 'Workspaces' })).toBeVisible();
});

test('the root address leads to the Profile page', async ({ page }) => {
  const account = createAccount('Root Visitor');
  await page.goto('/');
  await expect(page).toHaveURL(/\/login\?next=/);
  await signInWithForm(page, account, '/profile');
  await page.goto('/');
  await expect(page).toHaveURL(/\/profile$/);
});

test('a wrong password says so and keeps the email', async ({ page }) => {
  const account = createAccount('Wrong Password');
  await page.goto('/login');
  await page.getByRole('textbox', { name: 'Email' }).fill(account.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
  await expect(page.getByRole('textbox', { name: 'Email' })).toHaveValue(account.email);
  await expect(page).toHaveURL(/\/login$/);
});

test('empty fields are named before anything is sent', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter your email.')).toBeVisible();
  await expect(page.getByText('Enter your password.')).toBeVisible();
});

test('a throttled account is told when to try again', async ({ page }) => {
  const account = createAccount('Throttled Person');
  // Fail until the server throttles for 8 seconds or more (after its free failures the wait doubles: 1, 2, 4, 8 s),
  // so that the page's own attempt below surely falls inside the wait, however slow this machine is.
  let retryAfterSec = 0;
  for (let attempt = 0; attempt < 20 && retryAfterSec < 8; attempt += 1) {
    const response = await page.request.post('/api/auth.login', {
      headers: { Authorization: basicAuthorization(account.email, `wrong-${attempt}`) },
      data: {},
    });
    if (response.status() !== 429) continue;
    const body = (await response.json()) as { meta: { error_data: { retry_after_sec: number } } };
    retryAfterSec = body.meta.error_data.retry_after_sec;
    if (retryAfterSec < 8) await page.waitForTimeout(retryAfterSec * 1000 + 100);
  }
  expect(retryAfterSec).toBeGreaterThanOrEqual(8);
  await page.goto('/login');
  await page.getByRole('textbox', { name: 'Email' }).fill(account.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Too many sign-in attempts');
  await expect(alert).toContainText(/Try again in \d+ (second|minute)s?/);
  await expect(page.getByRole('button', { name: /Try again in \d+ s/ })).toBeDisabled();
});

test('the sign-in form works from the keyboard alone', async ({ page }) => {
  const account = createAccount('Keyboard User');
  await page.goto('/login');
  await expect(page.getByRole('textbox', { name: 'Email' })).toBeFocused();
  await page.keyboard.type(account.email);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('textbox', { name: 'Password', exact: true })).toBeFocused();
  await page.keyboard.type(account.password);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/profile$/);

  // The Profile menu opens and signs out from the keyboard too.
  await page.getByRole('button', { name: /^Profile menu/ }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menu')).toBeVisible();
  await page.getByRole('menuitem', { name: 'Sign out' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/login$/);
});

test('the Profile menu shows who you are, your workspaces, and signs out', async ({ page }) => {
  const account = createAccount('Menu Reader');
  await signInWithForm(page, account);
  const profileButton = page.getByRole('button', { name: /^Profile menu/ });
  const box = await profileButton.boundingBox();
  const viewport = page.viewportSize();
  expect(box && viewport && box.x + box.width > viewport.width - 80 && box.y < 60).toBe(true);

  await profileButton.click();
  const menu = page.getByRole('menu');
  await expect(menu).toContainText(account.name);
  await expect(menu).toContainText(account.email);
  await expect(menu.getByRole('menuitem', { name: 'Profile' })).toBeVisible();
  await expect(menu.getByText('Workspaces')).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: /\(current workspace\)/ })).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press('Escape');

  await signOutWithMenu(page);
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/login\?next=%2Fprofile$/);
  const status = await page.request.post('/api/users.get_current_user', { data: {} });
  expect(status.status()).toBe(401);
});
