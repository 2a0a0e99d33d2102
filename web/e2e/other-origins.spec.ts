// In real Chromium: a page on another port of Foyer's host (as a files server's uploaded HTML would be) gets the
// session cookie sent along with its calls, but can neither make a key pair or a token with it nor read an answer.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { API_PORT, BASE_URL } from './environment';
import { apiCall, createAccount, openProfileSignedIn } from './support';

let uploads: Server;
let uploadsUrl: string;

test.beforeAll(async () => {
  uploads = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>uploaded.html</title><p>An uploaded debug sample</p>');
  });
  await new Promise<void>((resolve) => uploads.listen(0, '127.0.0.1', resolve));
  uploadsUrl = `http://127.0.0.1:${(uploads.address() as AddressInfo).port}/uploaded.html`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => uploads.close(() => resolve()));
});

/** What a script on the current page gets back from a credentialed call: the status and body, or the fetch error. */
function callFromPage(page: Page, url: string, contentType: string) {
  return page.evaluate(
    async ({ url, contentType }) => {
      try {
        const response = await fetch(url, { method: 'POST', credentials: 'include', headers: { 'content-type': contentType }, body: '{"label":"from a page"}' });
        return { status: response.status, text: await response.text() };
      } catch (error) {
        return { error: String(error) };
      }
    },
    { url, contentType },
  );
}

async function keyCount(page: Page): Promise<number> {
  return (await apiCall<{ credentials: unknown[] }>(page.request, 'auth.get_credentials')).credentials.length;
}

test('a page on another port can neither make a key pair with the cookie nor read what the cookie returns', async ({ page }) => {
  const account = createAccount('Eve Target');
  await openProfileSignedIn(page, account);
  const before = await keyCount(page);

  await page.goto(uploadsUrl);
  for (const target of [`http://127.0.0.1:${API_PORT}/auth.create_credentials`, `${BASE_URL}/api/auth.create_credentials`, `http://127.0.0.1:${API_PORT}/auth.login`]) {
    // text/plain: a "simple" request, sent with the cookie and without a preflight
    const answer = await callFromPage(page, target, 'text/plain');
    expect(answer, target).toHaveProperty('error');
    expect(answer).not.toHaveProperty('text');
  }
  expect(await keyCount(page)).toBe(before);

  // Foyer's own page: the same call goes through, from its own origin and (as the ClearML web app does) to the API port
  await page.goto(`${BASE_URL}/profile`);
  const own = await callFromPage(page, '/api/auth.create_credentials', 'application/json');
  expect(own).toMatchObject({ status: 200 });
  const apiPort = await callFromPage(page, `http://127.0.0.1:${API_PORT}/auth.create_credentials`, 'application/json');
  expect(apiPort).toMatchObject({ status: 200 });
  expect(JSON.parse((apiPort as { text: string }).text).data.credentials.secret_key).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  expect(await keyCount(page)).toBe(before + 2);
});
