import { expect, test, type APIRequestContext } from '@playwright/test';
import { apiCall, basicAuthorization, createAccount, openProfileSignedIn, readClipboard } from './support';

interface ServerInfo {
  urls: { web: string; api: string; files: string };
}

async function keyLoginStatus(request: APIRequestContext, accessKey: string, secretKey: string): Promise<number> {
  const response = await request.post('/api/auth.login', {
    headers: { Authorization: basicAuthorization(accessKey, secretKey) },
    data: {},
  });
  return response.status();
}

test('an empty table explains what credentials are for', async ({ page }) => {
  const account = createAccount('New Engineer');
  await openProfileSignedIn(page, account);
  const workspaces = page.getByRole('region', { name: 'Workspaces' });
  await expect(workspaces.getByText('No credentials yet')).toBeVisible();
  await expect(workspaces).toContainText('clearml-init');
  await expect(workspaces).toContainText('%env');
  await expect(workspaces.getByRole('table', { name: 'Your app credentials in this workspace' })).toHaveCount(0);
});

test('create, copy, find, relabel and revoke credentials', async ({ page, playwright }) => {
  const account = createAccount('Key Maker');
  await openProfileSignedIn(page, account);
  const { urls } = await apiCall<ServerInfo>(page.request, 'server.info');

  // Create, with a label first.
  await page.getByRole('button', { name: 'Create new credentials' }).click();
  let dialog = page.getByRole('dialog', { name: 'Create new credentials' });
  await expect(dialog.getByRole('textbox', { name: 'Label (optional)' })).toBeFocused();
  await dialog.getByRole('textbox', { name: 'Label (optional)' }).fill('laptop e2e');
  await dialog.getByRole('button', { name: 'Create credentials' }).click();

  dialog = page.getByRole('dialog', { name: 'Your new credentials' });
  const accessKey = await dialog.getByRole('textbox', { name: 'Access key' }).inputValue();
  const secretKey = await dialog.getByRole('textbox', { name: 'Secret key' }).inputValue();
  expect(accessKey).toMatch(/^[A-Z0-9]{10,}$/);
  expect(secretKey.length).toBeGreaterThan(20);

  // The clearml-init block, copied and read back from the clipboard.
  await expect(dialog.getByRole('tab', { name: 'clearml-init' })).toHaveAttribute('aria-selected', 'true');
  await dialog.getByRole('button', { name: 'Copy the clearml-init configuration' }).click();
  await expect(dialog.getByRole('button', { name: 'Copied' })).toBeVisible();
  const block = await readClipboard(page);
  // written out here, not built by the page's own clearmlInitBlock, so that a change to that block fails this test
  expect(block).toBe(`api {
    # laptop e2e
    web_server: ${urls.web}
    api_server: ${urls.api}
    files_server: ${urls.files}
    credentials {
        "access_key" = "${accessKey}"
        "secret_key" = "${secretKey}"
    }
}`);
  expect(new Set([urls.web, urls.api, urls.files]).size).toBe(3);

  // The Jupyter lines.
  await dialog.getByRole('tab', { name: 'Jupyter notebook' }).click();
  await dialog.getByRole('button', { name: 'Copy the Jupyter lines' }).click();
  await expect(dialog.getByRole('button', { name: 'Copied' })).toBeVisible();
  const lines = (await readClipboard(page)).split('\n');
  expect(lines).toEqual([
    `%env CLEARML_WEB_HOST=${urls.web}`,
    `%env CLEARML_API_HOST=${urls.api}`,
    `%env CLEARML_FILES_HOST=${urls.files}`,
    `%env CLEARML_API_ACCESS_KEY=${accessKey}`,
    `%env CLEARML_API_SECRET_KEY=${secretKey}`,
  ]);

  // The key pair works at once, from a client with no session.
  const client = await playwright.request.newContext({ baseURL: page.url() });
  expect(await keyLoginStatus(client, accessKey, secretKey)).toBe(200);

  // Closing asks whether the secret was copied; going back keeps it on screen.
  await page.keyboard.press('Escape');
  const confirm = page.getByRole('dialog', { name: 'Did you copy the secret key?' });
  await expect(confirm).toContainText('nobody can see the secret key again');
  await confirm.getByRole('button', { name: 'Back to the secret' }).click();
  await expect(page.getByRole('dialog', { name: 'Your new credentials' }).getByRole('textbox', { name: 'Secret key' })).toHaveValue(secretKey);
  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('dialog', { name: 'Did you copy the secret key?' }).getByRole('button', { name: 'I copied it, close' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // The row: label, key, created, last used (the login above), where from.
  const credentialsTable = page.getByRole('table', { name: 'Your app credentials in this workspace' });
  const row = credentialsTable.getByRole('row').filter({ hasText: accessKey });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('cell').nth(0)).toHaveText('laptop e2e');
  await page.reload();
  const usedRow = credentialsTable.getByRole('row').filter({ hasText: accessKey });
  // the login above opened a session, listed under the key in the Sessions section
  const sessionsTable = page.getByRole('table', { name: 'Where you are signed in' });
  await expect(sessionsTable.getByRole('row').filter({ hasText: accessKey })).toHaveCount(1);
  await expect(usedRow.getByRole('cell').nth(3)).toHaveText('Never', { useInnerText: true });
  await expect(usedRow.getByRole('cell').nth(4)).toHaveText('just now');
  await expect(usedRow.getByRole('cell').nth(5)).toContainText('127.0.0.1');
  await usedRow.getByRole('cell').nth(4).locator('time').hover();
  await expect(page.getByRole('tooltip')).toContainText(/\d{4}/);
  await expect(credentialsTable.getByText(accessKey, { exact: true })).toBeVisible();
  await expect(page.getByText(secretKey)).toHaveCount(0);

  // Relabel.
  await usedRow.getByRole('button', { name: `Edit label of ${accessKey}` }).click();
  const editDialog = page.getByRole('dialog', { name: 'Edit label' });
  await expect(editDialog.getByRole('textbox', { name: 'Label' })).toHaveValue('laptop e2e');
  await editDialog.getByRole('textbox', { name: 'Label' }).fill('desktop e2e');
  await page.keyboard.press('Enter');
  await expect(editDialog).toBeHidden();
  await expect(usedRow.getByRole('cell').nth(0)).toHaveText('desktop e2e');
  const listed = await apiCall<{ credentials: Array<{ access_key: string; label?: string }> }>(page.request, 'auth.get_credentials');
  expect(listed.credentials.find((item) => item.access_key === accessKey)?.label).toBe('desktop e2e');

  // Revoke: the confirmation names the key; Cancel keeps it.
  await usedRow.getByRole('button', { name: `Revoke ${accessKey}` }).click();
  let revokeDialog = page.getByRole('dialog', { name: 'Revoke credentials?' });
  await expect(revokeDialog).toContainText(accessKey);
  await expect(revokeDialog).toContainText('desktop e2e');
  await revokeDialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(usedRow).toHaveCount(1);
  await usedRow.getByRole('button', { name: `Revoke ${accessKey}` }).click();
  revokeDialog = page.getByRole('dialog', { name: 'Revoke credentials?' });
  await revokeDialog.getByRole('button', { name: 'Revoke credentials' }).click();
  await expect(revokeDialog).toBeHidden();
  await expect(credentialsTable.getByRole('row').filter({ hasText: accessKey })).toHaveCount(0);
  await expect(page.getByText('No credentials yet')).toBeVisible();
  // its session ended with it, and the Sessions section says so without a reload
  await expect(sessionsTable.getByRole('row').filter({ hasText: accessKey })).toHaveCount(0);

  // Revoked means refused, at once.
  expect(await keyLoginStatus(client, accessKey, secretKey)).toBe(401);
  await client.dispose();
});

test('credentials without a label have no comment line; at the maximum, creating is closed with a reason', async ({ page }) => {
  const account = createAccount('Unlabelled Keys');
  await openProfileSignedIn(page, account);
  await page.getByRole('button', { name: 'Create new credentials' }).click();
  await page.getByRole('dialog', { name: 'Create new credentials' }).getByRole('button', { name: 'Create credentials' }).click();
  const dialog = page.getByRole('dialog', { name: 'Your new credentials' });
  await dialog.getByRole('button', { name: 'Copy the clearml-init configuration' }).click();
  const block = await readClipboard(page);
  expect(block.split('\n')[1]).toMatch(/^ {4}web_server: /);
  expect(block).not.toContain('#');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('button', { name: 'I copied it, close' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'No label' })).toHaveCount(1);
  await expect(page.getByRole('region', { name: 'Workspaces' })).toContainText(/You hold 1 of at most \d+\./);

  const { credentials, max_credentials: max } = await apiCall<{ credentials: unknown[]; max_credentials: number }>(
    page.request,
    'auth.get_credentials',
  );
  for (let held = credentials.length; held < max; held += 1) await apiCall(page.request, 'auth.create_credentials', {});
  await page.reload();
  await expect(page.getByRole('button', { name: 'Create new credentials' })).toBeDisabled();
  await expect(page.getByRole('status').filter({ hasText: `You reached the maximum of ${max} credentials` })).toBeVisible();
});
