// Key pairs that expire (multi mode, in the person's own workspace): made to expire in 30 days and on a day picked
// three days ahead, each dialog saying when; the table's Expires column, and the notice of one that expires within the
// week; then a workspace maximum of 60 days, after which "Never" is no longer offered, and a rule that revokes key pairs
// unused for 90 days. Axe, and screenshots at 1366 px
// and on a 390 px phone.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { WEB_DIR } from './environment';
import { MULTI_BASE_URL } from './multi-environment';
import { settleAnimations } from './support';
import { newPerson, signUpByApi, workspacesSection } from './workspace-support';

const SCREENSHOT_DIR = join(WEB_DIR, 'screenshots');

test.use({ baseURL: MULTI_BASE_URL });

/** The reader's calendar day `days` from now, as a date field takes it. */
function dayFromNow(days: number): string {
  const date = new Date(Date.now() + days * 24 * 3600_000);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

async function createKey(page: Page, label: string, expires: string, day?: string) {
  await page.getByRole('button', { name: 'Create new credentials' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create new credentials' });
  await dialog.getByRole('textbox', { name: 'Label (optional)' }).fill(label);
  await dialog.getByRole('textbox', { name: 'Expires', exact: true }).click();
  await page.locator('[role=option]:visible').filter({ hasText: expires }).first().click();
  if (day) await dialog.getByLabel('Expires on').fill(day);
  await dialog.getByRole('button', { name: 'Create credentials' }).click();
  const created = page.getByRole('dialog', { name: 'Your new credentials' });
  await expect(created.getByText(/It expires on .+: after that it signs in no more\./)).toBeVisible();
  await created.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('button', { name: 'I copied it, close' }).click();
  await expect(created).toBeHidden();
}

test('a key pair made to expire says when, the table counts down, one within the week is pointed out, and a workspace maximum takes "Never" away', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const person = newPerson('Expiring Keys');
  await signUpByApi(page.request, person);
  await page.goto('/profile');
  const section = workspacesSection(page);

  // the choices, without a maximum: never first
  await page.getByRole('button', { name: 'Create new credentials' }).click();
  let dialog = page.getByRole('dialog', { name: 'Create new credentials' });
  await expect(dialog.getByRole('textbox', { name: 'Expires', exact: true })).toHaveValue('Never');
  await dialog.getByRole('textbox', { name: 'Expires', exact: true }).click();
  await expect(page.locator('[role=option]:visible')).toHaveText(['Never', '30 days', '90 days', '1 year', 'On a date…']);
  await page.locator('[role=option]:visible').filter({ hasText: 'On a date…' }).click();
  await dialog.getByRole('button', { name: 'Create credentials' }).click();
  await expect(dialog.getByText('Pick the day it expires.')).toBeVisible();
  await settleAnimations(page);
  await expectNoAxeViolations(page, 'the new credentials dialog with an expiry');
  await dialog.screenshot({ path: join(SCREENSHOT_DIR, 'key-expiry-dialog-light-1366x768@1x.png') });
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await createKey(page, 'ci runner', '30 days');
  await createKey(page, 'demo box', 'On a date…', dayFromNow(3));

  const table = section.getByRole('table', { name: 'Your app credentials in this workspace' });
  await expect(table.getByRole('columnheader', { name: 'Expires' })).toBeVisible();
  await expect(table.getByRole('row', { name: /ci runner/ }).getByRole('cell').nth(3)).toHaveText(/^(in|next) /);
  await expect(table.getByRole('row', { name: /demo box/ }).getByRole('cell').nth(3)).toHaveText(/^in \d days?$/);
  const notice = section.getByRole('alert').filter({ hasText: 'Key pairs expire soon' });
  await expect(notice).toContainText('“demo box” expires within a week');
  await expect(notice).not.toContainText('ci runner');
  await settleAnimations(page);
  await expectNoAxeViolations(page, 'the credentials with their expiry', '#workspaces');
  await section.screenshot({ path: join(SCREENSHOT_DIR, 'key-expiry-table-light-1366x768@1x.png') });

  // a maximum lifetime for the workspace's new key pairs
  await section.getByRole('button', { name: 'Workspace settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Workspace settings' });
  await settings.getByRole('textbox', { name: 'Maximum key lifetime (days)' }).fill('0');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings.getByText(/whole number of days from 1 to 3650/)).toBeVisible();
  await settings.getByRole('textbox', { name: 'Maximum key lifetime (days)' }).fill('60');
  await settings.getByRole('textbox', { name: 'Revoke key pairs unused for (days)' }).fill('5');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings.getByText(/whole number of days from 7 to 3650/)).toBeVisible();
  await settings.getByRole('textbox', { name: 'Revoke key pairs unused for (days)' }).fill('90');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings).toBeHidden();
  await section.getByRole('button', { name: 'Workspace settings' }).click();
  await expect(settings.getByRole('textbox', { name: 'Revoke key pairs unused for (days)' })).toHaveValue('90');
  await settings.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: 'Create new credentials' }).click();
  dialog = page.getByRole('dialog', { name: 'Create new credentials' });
  await expect(dialog.getByText('Key pairs in this workspace expire within 60 days.', { exact: false })).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: 'Expires', exact: true })).toHaveValue('60 days');
  await dialog.getByRole('textbox', { name: 'Expires', exact: true }).click();
  await expect(page.locator('[role=option]:visible')).toHaveText(['30 days', '60 days', 'On a date…']);
  await page.keyboard.press('Escape');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // on a phone the table scrolls inside its card and the page does not
  await page.setViewportSize({ width: 390, height: 844 });
  await settleAnimations(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await section.screenshot({ path: join(SCREENSHOT_DIR, 'key-expiry-table-light-390x844.png') });
});
