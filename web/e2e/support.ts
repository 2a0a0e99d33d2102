// What the end-to-end tests share: accounts made through the `foyer` CLI, and signing in the way a person does.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { ADMIN, SERVER_CLI, SERVER_ENV, WEB_DIR } from './environment';

export { ADMIN };

export interface Account {
  email: string;
  password: string;
  name: string;
}

/** A new member (not an administrator) with a unique email, created with `foyer users create`. */
export function createAccount(name = 'Grace Hopper'): Account {
  const tag = randomBytes(4).toString('hex');
  const account = { email: `user-${tag}@example.com`, password: `pw-${tag}-long-enough`, name };
  execFileSync(
    process.execPath,
    ['--import', 'tsx', SERVER_CLI, 'users', 'create', '--email', account.email, '--password', account.password, '--name', account.name],
    { cwd: WEB_DIR, env: { ...process.env, ...SERVER_ENV }, stdio: 'pipe' },
  );
  return account;
}

export function basicAuthorization(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** Signs in through the sign-in page and waits for the page it leads to. */
export async function signInWithForm(page: Page, account: Account, expectedPath = '/profile'): Promise<void> {
  if (!page.url().includes('/login')) await page.goto('/login');
  await page.getByRole('textbox', { name: 'Email' }).fill(account.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL((url) => url.pathname + url.hash === expectedPath);
}

/** Signs in by API (sharing the page's cookie jar) and opens the Profile page: for tests about something else. */
export async function openProfileSignedIn(page: Page, account: Account): Promise<void> {
  const response = await page.request.post('/api/auth.login', {
    headers: { Authorization: basicAuthorization(account.email, account.password) },
    data: {},
  });
  expect(response.status()).toBe(200);
  await page.goto('/profile');
  await expect(page.getByRole('heading', { level: 1, name: account.name })).toBeVisible();
}

export async function signOutWithMenu(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Profile menu/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
}

/**
 * What the browser adds to the web app's own fetch calls: with the cookie, the server acts only on calls from Foyer's
 * own origin, and Playwright's request context, not being a browser, sends no such header by itself.
 */
export const SAME_ORIGIN = { 'Sec-Fetch-Site': 'same-origin' };

/** Calls the API with the page's session cookie, as the web app on Foyer's own origin does, and returns `data`. */
export async function apiCall<T>(request: APIRequestContext, endpoint: string, body: object = {}): Promise<T> {
  const response = await request.post(`/api/${endpoint}`, { data: body, headers: SAME_ORIGIN });
  const payload = (await response.json()) as { meta: { result_code: number; result_msg: string }; data: T };
  expect(response.status(), `${endpoint}: ${payload.meta.result_msg}`).toBe(200);
  return payload.data;
}

export async function readClipboard(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

export function htmlColorScheme(page: Page): Promise<string | null> {
  return page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'));
}

/**
 * Waits until no finite animation or transition is running. Axe's contrast and a screenshot must see the final frame:
 * during a fade the dialog is blended with the overlay under it. Those specs also ask for reduced motion, which the
 * app honours, so Mantine's dialogs and menus open without a transition; this catches what is left (hover and
 * focus transitions in Mantine's CSS). Endless animations, such as a loader's spin, are not waited for.
 */
export async function settleAnimations(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (;;) {
      const finite = document
        .getAnimations()
        .filter((animation) => animation.playState === 'running' && animation.effect?.getComputedTiming().endTime !== Infinity);
      if (finite.length === 0) return;
      await Promise.all(finite.map((animation) => animation.finished.catch(() => undefined)));
    }
  });
}
