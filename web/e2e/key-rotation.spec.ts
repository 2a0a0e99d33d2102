// Rotating a key pair (multi mode, in the person's own workspace): a new secret with the default overlap of seven
// days, shown once; a second client, an agent on worker gpu-03, still signing in with the old secret, which the page
// names; ending the overlap early (the old secret refused at once, the new one goes on); a second rotation rolled
// back (its secret refused, the one before works again). Axe, and screenshots at 1366 px and on a 390 px phone.
import { join } from 'node:path';
import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { WEB_DIR } from './environment';
import { MULTI_BASE_URL } from './multi-environment';
import { basicAuthorization, settleAnimations } from './support';
import { keyLogin, newPerson, signUpByApi, workspacesSection } from './workspace-support';

const SCREENSHOT_DIR = join(WEB_DIR, 'screenshots');

test.use({ baseURL: MULTI_BASE_URL });

/** Reads the key pair a dialog shows once, then closes it as a person who copied it does. */
async function takeShownKey(page: Page, dialogName: string): Promise<{ accessKey: string; secretKey: string }> {
  const dialog = page.getByRole('dialog', { name: dialogName });
  const accessKey = await dialog.getByRole('textbox', { name: 'Access key' }).inputValue();
  const secretKey = await dialog.getByRole('textbox', { name: 'Secret key' }).inputValue();
  await dialog.getByRole('button', { name: 'Copy the secret key' }).click();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('button', { name: 'I copied it, close' }).click();
  await expect(dialog).toBeHidden();
  return { accessKey, secretKey };
}

async function rotate(page: Page, accessKey: string, overlap?: string): Promise<string> {
  await page.getByRole('button', { name: `Give ${accessKey} a new secret` }).click();
  const dialog = page.getByRole('dialog', { name: 'Give a new secret' });
  if (overlap) {
    await dialog.getByRole('textbox', { name: 'Overlap' }).click();
    await page.locator('[role=option]:visible').filter({ hasText: overlap }).first().click();
  }
  await dialog.getByRole('button', { name: 'Give a new secret' }).click();
  await expect(page.getByRole('dialog', { name: 'The new secret' }).getByText(/The old secret works until/)).toBeVisible();
  return (await takeShownKey(page, 'The new secret')).secretKey;
}

test('rotation: the old secret works for the overlap and the page names who still uses it; ending it early, and rolling back', async ({ page }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.setViewportSize({ width: 1366, height: 768 });
  const person = newPerson('Rotating Keys');
  await signUpByApi(page.request, person);
  await page.goto('/profile');
  const section = workspacesSection(page);

  await page.getByRole('button', { name: 'Create new credentials' }).click();
  await page.getByRole('dialog', { name: 'Create new credentials' }).getByRole('textbox', { name: 'Label (optional)' }).fill('gpu fleet');
  await page.getByRole('button', { name: 'Create credentials' }).click();
  const { accessKey, secretKey: firstSecret } = await takeShownKey(page, 'Your new credentials');

  // the choice of overlap: seven days unless the person picks another
  await page.getByRole('button', { name: `Give ${accessKey} a new secret` }).click();
  const dialog = page.getByRole('dialog', { name: 'Give a new secret' });
  await expect(dialog.getByRole('textbox', { name: 'Overlap' })).toHaveValue('7 days (recommended)');
  await dialog.getByRole('textbox', { name: 'Overlap' }).click();
  await expect(page.locator('[role=option]:visible')).toHaveText(['None: the old secret stops at once', '1 hour', '1 day', '7 days (recommended)', '30 days']);
  await page.locator('[role=option]:visible').filter({ hasText: 'None' }).click();
  await expect(dialog.getByText('Everything that uses the old secret stops at once')).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Overlap' }).click();
  await page.locator('[role=option]:visible').filter({ hasText: '7 days' }).click();
  await settleAnimations(page);
  await expectNoAxeViolations(page, 'the rotation dialog');
  await dialog.screenshot({ path: join(SCREENSHOT_DIR, 'key-rotation-dialog-light-1366x768@1x.png') });
  await dialog.getByRole('button', { name: 'Give a new secret' }).click();
  const shown = page.getByRole('dialog', { name: 'The new secret' });
  await expect(shown.getByRole('textbox', { name: 'Access key' })).toHaveValue(accessKey);
  await expect(shown.getByText(/The old secret works until .+\. Put the new one everywhere/)).toBeVisible();
  await expect(shown.getByRole('tabpanel', { name: 'clearml-init' })).toContainText(`"secret_key" = "foyer_`);
  const secondSecret = await takeShownKey(page, 'The new secret').then((key) => key.secretKey);
  expect(secondSecret).not.toBe(firstSecret);

  const notice = section.getByRole('region', { name: '“gpu fleet” is being rotated' });
  await expect(notice).toContainText('“gpu fleet” is being rotated');
  await expect(notice).toContainText('No use of the old secret since the rotation: you can end the overlap now.');
  await expect(section.getByRole('row', { name: /gpu fleet/ })).toContainText('Rotating');

  // a second client, an agent that has not been given the new secret yet
  const agent = await playwrightRequest.newContext({ baseURL: MULTI_BASE_URL, extraHTTPHeaders: { 'X-ClearML-Agent': 'clearml-agent-1.9.2', 'X-ClearML-Worker': 'gpu-03' } });
  // and the person's own laptop, with the new secret (a client of its own: a key login would replace the page's cookie)
  const laptop = await playwrightRequest.newContext({ baseURL: MULTI_BASE_URL });
  const agentLogin = (secret: string) => agent.post('/api/auth.login', { headers: { Authorization: basicAuthorization(accessKey, secret) }, data: {} }).then((response) => response.status());
  expect(await agentLogin(firstSecret)).toBe(200);
  expect((await keyLogin(laptop, accessKey, secondSecret)).status).toBe(200);
  await page.reload();
  await expect(notice).toContainText(/Old secret still used by worker gpu-03 \(clearml-agent 1\.9\.2\) just now/);
  await settleAnimations(page);
  await expectNoAxeViolations(page, 'a key pair in rotation', '#workspaces');
  await section.screenshot({ path: join(SCREENSHOT_DIR, 'key-rotation-notice-light-1366x768@1x.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await notice.scrollIntoViewIfNeeded();
  await settleAnimations(page);
  await expectNoAxeViolations(page, 'a key pair in rotation on a phone', '#workspaces');
  await notice.screenshot({ path: join(SCREENSHOT_DIR, 'key-rotation-notice-light-390x844@1x.png') });
  await page.setViewportSize({ width: 1366, height: 768 });

  // ending the overlap early: the dialog says who will fail
  await notice.getByRole('button', { name: 'End the overlap now' }).click();
  const end = page.getByRole('dialog', { name: 'End the overlap now?' });
  await expect(end).toContainText('Old secret still used by worker gpu-03 (clearml-agent 1.9.2)');
  await expect(end).toContainText('it fails until it has the new secret');
  await end.getByRole('button', { name: 'End the overlap' }).click();
  await expect(end).toBeHidden();
  await expect(notice).toBeHidden();
  expect(await agentLogin(firstSecret)).toBe(401);
  expect(await agentLogin(secondSecret)).toBe(200);

  // a second rotation, rolled back: its secret stops, the one before it is the only one again
  const thirdSecret = await rotate(page, accessKey, '1 day');
  expect((await keyLogin(laptop, accessKey, thirdSecret)).status).toBe(200);
  await notice.getByRole('button', { name: 'Roll back' }).click();
  const rollBack = page.getByRole('dialog', { name: 'Roll the rotation back?' });
  await expect(rollBack).toContainText('becomes its only secret again, with no end');
  await rollBack.getByRole('button', { name: 'Roll back' }).click();
  await expect(rollBack).toBeHidden();
  await expect(notice).toBeHidden();
  expect((await keyLogin(laptop, accessKey, thirdSecret)).status).toBe(401);
  expect(await agentLogin(secondSecret)).toBe(200);
  await expect(page.getByRole('button', { name: `Give ${accessKey} a new secret` })).toBeVisible();
  await agent.dispose();
  await laptop.dispose();
});
