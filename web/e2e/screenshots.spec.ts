// Writes screenshots of the sign-in and Profile pages, light and dark, at 1366×768 and at 1920×1080 with device
// scale 2, into web/screenshots/ (git-ignored) for a person to look at.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { WEB_DIR } from './environment';
import { apiCall, createAccount, openProfileSignedIn, settleAnimations, type Account } from './support';

const SCREENSHOT_DIR = join(WEB_DIR, 'screenshots');
mkdirSync(SCREENSHOT_DIR, { recursive: true });

const SCREENS = [
  { width: 1366, height: 768, deviceScaleFactor: 1 },
  { width: 1920, height: 1080, deviceScaleFactor: 2 },
];

test.describe.configure({ mode: 'serial' });
// Reduced motion (which the app honours): the screenshots show final frames, not a dialog or menu fading in.
test.use({ reducedMotion: 'reduce' });

let account: Account;

test.beforeAll(async ({ browser }) => {
  account = createAccount('Katherine Johnson');
  const context = await browser.newContext();
  const page = await context.newPage();
  await openProfileSignedIn(page, account);
  await apiCall(page.request, 'auth.create_credentials', { label: 'laptop' });
  await apiCall(page.request, 'auth.create_credentials', { label: 'gpu-agent-3' });
  const { credentials } = await apiCall<{ credentials: { access_key: string; secret_key: string } }>(
    page.request,
    'auth.create_credentials',
    {},
  );
  // One key used once, so that the table shows a "Last used" time and where it came from.
  const used = await context.request.post('/api/auth.login', {
    headers: { Authorization: `Basic ${Buffer.from(`${credentials.access_key}:${credentials.secret_key}`).toString('base64')}` },
    data: {},
  });
  expect(used.status()).toBe(200);
  await context.close();
});

for (const screen of SCREENS) {
  for (const scheme of ['light', 'dark'] as const) {
    const size = `${screen.width}x${screen.height}@${screen.deviceScaleFactor}x`;
    const contextOptions = {
      viewport: { width: screen.width, height: screen.height },
      screen: { width: screen.width, height: screen.height },
      deviceScaleFactor: screen.deviceScaleFactor,
      colorScheme: scheme,
    };

    test(`sign-in page, ${scheme}, ${size}`, async ({ browser }) => {
      const context = await browser.newContext(contextOptions);
      const page = await context.newPage();
      await page.goto('/login');
      await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
      await page.screenshot({ path: join(SCREENSHOT_DIR, `sign-in-${scheme}-${size}.png`), fullPage: true });
      await context.close();
    });

    test(`profile page, ${scheme}, ${size}`, async ({ browser }) => {
      const context = await browser.newContext(contextOptions);
      const page = await context.newPage();
      await openProfileSignedIn(page, account);
      await expect(page.getByRole('cell', { name: 'gpu-agent-3', exact: true })).toBeVisible();
      await expect(page.getByText(/^Web app .* API /)).toContainText(/API \d/);
      await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `profile-${scheme}-${size}.png`), fullPage: true });
      await context.close();
    });
  }
}

test('profile page scaled to 80 % on a 1440×900 laptop at device scale 2 (HiDPI override)', async ({ browser }) => {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    screen: { width: 1440, height: 900 },
    deviceScaleFactor: 2,
  });
  const page = await context.newPage();
  await openProfileSignedIn(page, account);
  await expect(page.locator('html')).toHaveAttribute('data-hidpi-scale', '0.8');
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'profile-light-1440x900@2x-hidpi-80.png'), fullPage: true });
  await page.getByRole('button', { name: /^Profile menu/ }).click();
  await expect(page.getByRole('menu')).toBeVisible();
  await settleAnimations(page);
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'profile-menu-light-1440x900@2x-hidpi-80.png') });
  await context.close();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`new credentials dialog, ${scheme}, 1366x768@1x`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, colorScheme: scheme });
    const page = await context.newPage();
    await openProfileSignedIn(page, account);
    await page.getByRole('button', { name: 'Create new credentials' }).click();
    await page.getByRole('textbox', { name: 'Label (optional)' }).fill('screenshot');
    await page.getByRole('button', { name: 'Create credentials' }).click();
    await expect(page.getByRole('dialog', { name: 'Your new credentials' })).toBeVisible();
    await page.screenshot({ path: join(SCREENSHOT_DIR, `credentials-dialog-${scheme}-1366x768@1x.png`) });
    await context.close();
  });
}
