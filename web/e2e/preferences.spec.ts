import { expect, test, type Page } from '@playwright/test';
import {
  ADMIN,
  apiCall,
  createAccount,
  htmlColorScheme,
  openProfileSignedIn,
  SAME_ORIGIN,
  signInWithForm,
  signOutWithMenu,
} from './support';

/** A 13" laptop: 1440×900 CSS pixels at device scale 2. The rule gives round(900 / 1080 × 10) × 10 % = 80 %. */
const HIDPI_LAPTOP = {
  viewport: { width: 1280, height: 720 },
  screen: { width: 1440, height: 900 },
  deviceScaleFactor: 2,
};

/** The scale applied to the page: its root font size against the browser's default 16 px. */
function pageScale(page: Page): Promise<number> {
  return page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize) / 16);
}

async function headerHeight(page: Page): Promise<number> {
  const box = await page.getByRole('banner').boundingBox();
  return box?.height ?? 0;
}

test('the theme is kept after a reload, after signing out and in, and in another browser', async ({ page, browser }) => {
  const account = createAccount('Theme Chooser');
  await openProfileSignedIn(page, account);
  const theme = page.getByRole('radiogroup', { name: 'Theme' });
  await expect(theme.getByRole('radio', { name: 'System' })).toBeChecked();

  await theme.getByText('Dark', { exact: true }).click();
  await expect(theme.getByRole('radio', { name: 'Dark' })).toBeChecked();
  expect(await htmlColorScheme(page)).toBe('dark');
  await expect
    .poll(async () => (await apiCall<{ preferences: { foyer?: { theme?: string } } }>(page.request, 'users.get_preferences')).preferences.foyer?.theme)
    .toBe('dark');

  await page.reload();
  await expect(page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'Dark' })).toBeChecked();
  expect(await htmlColorScheme(page)).toBe('dark');

  await signOutWithMenu(page);
  // The sign-in page paints in the theme this browser last used.
  expect(await htmlColorScheme(page)).toBe('dark');
  await signInWithForm(page, account);
  await expect(page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'Dark' })).toBeChecked();
  expect(await htmlColorScheme(page)).toBe('dark');

  // A second browser (no local storage) gets the theme from the server once signed in.
  const otherContext = await browser.newContext({ colorScheme: 'light' });
  const otherPage = await otherContext.newPage();
  await otherPage.goto('/login');
  expect(await htmlColorScheme(otherPage)).toBe('light');
  await signInWithForm(otherPage, account);
  await expect(otherPage.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'Dark' })).toBeChecked();
  await expect(otherPage.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');

  // Light from there, and System back in the first browser, which then follows the device.
  await otherPage.getByRole('radiogroup', { name: 'Theme' }).getByText('Light', { exact: true }).click();
  await expect(otherPage.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'light');
  await otherContext.close();
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByRole('radiogroup', { name: 'Theme' }).getByText('System', { exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'light');
});

test('the theme is applied before the first paint when this browser knows it', async ({ page }) => {
  const account = createAccount('Early Painter');
  await openProfileSignedIn(page, account);
  await page.getByRole('radiogroup', { name: 'Theme' }).getByText('Dark', { exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  // Stop the app's JavaScript from loading: only index.html and its early script run.
  await page.route(/\/assets\/.*\.js$/, (route) => route.abort());
  await page.reload();
  expect(await htmlColorScheme(page)).toBe('dark');
});

test('the HiDPI override scales the page on a high-DPI laptop, live, and is kept per browser', async ({ browser }) => {
  const account = createAccount('Laptop User');
  const context = await browser.newContext(HIDPI_LAPTOP);
  const page = await context.newPage();
  await openProfileSignedIn(page, account);
  const override = page.getByRole('switch', { name: 'HiDPI browser scale override' });

  // On by default: 80 % here.
  await expect(override).toBeChecked();
  expect(await pageScale(page)).toBeCloseTo(0.8, 5);
  expect(await headerHeight(page)).toBeCloseTo(48, 0);
  await expect(page.getByText('the page is shown at 80%')).toBeVisible();

  // Off: full size at once, without a reload.
  await override.click();
  await expect(override).not.toBeChecked();
  expect(await pageScale(page)).toBe(1);
  expect(await headerHeight(page)).toBeCloseTo(60, 0);

  // Kept in this browser after a reload and after signing out and in.
  await page.reload();
  await expect(page.getByRole('switch', { name: 'HiDPI browser scale override' })).not.toBeChecked();
  expect(await pageScale(page)).toBe(1);
  await signOutWithMenu(page);
  expect(await pageScale(page)).toBe(1);
  await signInWithForm(page, account);
  await expect(page.getByRole('switch', { name: 'HiDPI browser scale override' })).not.toBeChecked();

  // Another browser on the same kind of screen keeps its own choice (on).
  const otherContext = await browser.newContext(HIDPI_LAPTOP);
  const otherPage = await otherContext.newPage();
  await openProfileSignedIn(otherPage, account);
  await expect(otherPage.getByRole('switch', { name: 'HiDPI browser scale override' })).toBeChecked();
  expect(await pageScale(otherPage)).toBeCloseTo(0.8, 5);
  await otherContext.close();

  // On again: scaled again, at once.
  await page.getByRole('switch', { name: 'HiDPI browser scale override' }).click();
  expect(await pageScale(page)).toBeCloseTo(0.8, 5);
  expect(await headerHeight(page)).toBeCloseTo(48, 0);

  await expect(page.locator('html')).toHaveAttribute('data-hidpi-scale', '0.8');

  // Menus still open at their button when the page is scaled.
  const button = page.getByRole('button', { name: /^Profile menu/ });
  await button.click();
  const menuBox = await page.getByRole('menu').boundingBox();
  const buttonBox = await button.boundingBox();
  expect(menuBox && buttonBox && Math.abs(menuBox.x + menuBox.width - (buttonBox.x + buttonBox.width)) < 12).toBe(true);
  expect(menuBox && buttonBox && menuBox.y - (buttonBox.y + buttonBox.height) < 16 && menuBox.y >= buttonBox.y).toBe(true);
  await context.close();
});

test('standard-density screens are never scaled', async ({ browser }) => {
  const account = createAccount('Desktop User');
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, screen: { width: 1366, height: 768 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await openProfileSignedIn(page, account);
  await expect(page.getByRole('switch', { name: 'HiDPI browser scale override' })).toBeChecked();
  expect(await pageScale(page)).toBe(1);
  await expect(page.getByText('has standard pixel density, so nothing is scaled here')).toBeVisible();
  await context.close();
});

test('an administrator turns anonymous usage data on and off; it is kept', async ({ page }) => {
  await openProfileSignedIn(page, ADMIN);
  const usage = page.getByRole('switch', { name: 'Send anonymous usage data' });
  await expect(usage).toBeEnabled();
  await expect(usage).not.toBeChecked();

  await usage.click();
  await expect(usage).toBeChecked();
  await expect
    .poll(async () => (await apiCall<{ enabled: boolean }>(page.request, 'server.report_stats_option')).enabled)
    .toBe(true);
  await page.reload();
  await expect(page.getByRole('switch', { name: 'Send anonymous usage data' })).toBeChecked();
  await signOutWithMenu(page);
  await signInWithForm(page, ADMIN);
  await expect(page.getByRole('switch', { name: 'Send anonymous usage data' })).toBeChecked();

  await page.getByRole('switch', { name: 'Send anonymous usage data' }).click();
  await expect(page.getByRole('switch', { name: 'Send anonymous usage data' })).not.toBeChecked();
  await page.reload();
  await expect(page.getByRole('switch', { name: 'Send anonymous usage data' })).not.toBeChecked();
});

test('a member sees the usage-data switch read-only', async ({ page, browser }) => {
  // The administrator turns it on, so the member sees a state that is not the default.
  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await openProfileSignedIn(adminPage, ADMIN);
  await apiCall(adminPage.request, 'server.report_stats_option', { enabled: true });

  const account = createAccount('Read Only Member');
  await openProfileSignedIn(page, account);
  const usage = page.getByRole('switch', { name: 'Send anonymous usage data' });
  await expect(usage).toBeChecked();
  await expect(usage).toBeDisabled();
  await expect(page.getByText('only an administrator can change')).toBeVisible();
  // And the server refuses a member's change.
  const refused = await page.request.post('/api/server.report_stats_option', { data: { enabled: false }, headers: SAME_ORIGIN });
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { meta: { result_msg: string } }).meta.result_msg).toMatch(/administrator/i);

  await apiCall(adminPage.request, 'server.report_stats_option', { enabled: false });
  await adminContext.close();
});
