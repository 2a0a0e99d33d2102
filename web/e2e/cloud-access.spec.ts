// CLOUD ACCESS on the Profile page, against a real local S3 server (s3rver) started here: add a row as a new user
// would, test it, preview objects through signed URLs, edit the row without retyping its secret, delete it. Also
// the failures the Test names, the provider-aware form, shared workspace rows, axe and screenshots.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { freePort } from '../../scripts/free-port.mjs';
import { CLOSED_BUCKET, OPEN_BUCKET, pngImage, S3RVER_KEY, startLocalS3, wavSound, type LocalS3 } from './cloud-access-fixtures';
import { WEB_DIR } from './environment';
import { ADMIN, apiCall, createAccount, openProfileSignedIn, settleAnimations, type Account } from './support';

const SCREENSHOT_DIR = join(WEB_DIR, 'screenshots');
mkdirSync(SCREENSHOT_DIR, { recursive: true });

const IMAGE_KEY = 'debug/iteration 3/sample.png';
const IMAGE = { width: 37, height: 23 };
const TEXT_KEY = 'logs/console.txt';
const TEXT = 'line 1: <b>not bold</b> & "quoted"\nline 2: <script>document.title = "pwned"</script>\n';
const HTML_KEY = 'reports/page.html';
const HTML = '<!doctype html><html><body><p id="hello">Hello from the sandbox</p><script>document.body.dataset.ran = "yes"; parent.document.title = "pwned";</script></body></html>';
const AUDIO_KEY = 'audio/tone.wav';

/** s3rver checks the Key but not the signature, so any secret works; this one is long enough to show its last 4. */
const SECRET = `s3rver-secret-${randomBytes(6).toString('hex')}-9f3c`;

let s3: LocalS3;
let pngBytes: Buffer;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  s3 = await startLocalS3();
  pngBytes = pngImage(IMAGE.width, IMAGE.height);
  await s3.put(OPEN_BUCKET, IMAGE_KEY, pngBytes, 'image/png');
  await s3.put(OPEN_BUCKET, TEXT_KEY, Buffer.from(TEXT), 'text/plain; charset=utf-8');
  await s3.put(OPEN_BUCKET, HTML_KEY, Buffer.from(HTML), 'text/html; charset=utf-8');
  await s3.put(OPEN_BUCKET, AUDIO_KEY, wavSound(0.5), 'audio/wav');
  await s3.put(CLOSED_BUCKET, IMAGE_KEY, pngBytes, 'image/png');
});

test.afterAll(async () => {
  await s3?.close();
});

/** A field by its label, whose text ends with " *" when it is required (getByLabel reads the label's text). */
function field(scope: Locator, label: string): Locator {
  return scope.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\s*\\*?$`));
}

/** The table row of a bucket (not the header row, whose "Bucket" would match a text filter). */
function rowOf(scope: Locator, bucket: string): Locator {
  return scope.getByRole('row').filter({ has: scope.page().getByRole('cell', { name: new RegExp(`^${bucket}\\b`) }) });
}

function section(page: Page): Locator {
  return page.getByRole('region', { name: 'Cloud access' });
}

/** s3://127.0.0.1:<port>/<bucket>/<key>: ClearML's form for an object on a custom S3 host. */
function s3Url(bucket: string, key: string, withPort = true): string {
  return `s3://127.0.0.1${withPort ? `:${s3.port}` : ''}/${bucket}/${key}`;
}

async function addS3RowWithForm(page: Page, options: { bucket: string; key: string; secret: string; endpoint: string }): Promise<void> {
  await section(page).getByRole('button', { name: 'Add access keys' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add access keys' });
  await expect(dialog.getByRole('radiogroup', { name: 'Provider' }).getByRole('radio', { name: 'S3' })).toBeChecked();
  await expect(dialog.getByRole('textbox', { name: 'Bucket' })).toBeFocused();
  await dialog.getByRole('textbox', { name: 'Bucket' }).fill(options.bucket);
  await dialog.getByRole('textbox', { name: 'Host (Endpoint)' }).fill(options.endpoint);
  await dialog.getByRole('textbox', { name: 'Key', exact: true }).fill(options.key);
  await field(dialog, 'Secret').fill(options.secret);
  await dialog.getByRole('combobox', { name: 'Addressing style' }).selectOption('path');
  await dialog.getByRole('button', { name: 'Add access keys' }).click();
  await expect(dialog).toBeHidden();
}

async function rowsOf(page: Page) {
  return apiCall<{ rows: Array<Record<string, unknown>>; can: { add_workspace_rows: boolean } }>(page.request, 'storage_access.get_all');
}

test('an empty section explains what cloud access is for', async ({ page }) => {
  await openProfileSignedIn(page, createAccount('Cloud Newcomer'));
  const cloud = section(page);
  await expect(cloud.getByRole('heading', { level: 2, name: 'Cloud access' })).toBeVisible();
  await expect(cloud.getByText('No cloud access keys yet')).toBeVisible();
  await expect(cloud).toContainText('debug samples');
  await expect(cloud).toContainText('encrypted on the server');
  await expect(cloud).toContainText('nothing is stored in this browser');
  await expect(cloud.getByRole('table')).toHaveCount(0);

  // Between USER PREFERENCES and WORKSPACES.
  const headings = await page.getByRole('heading', { level: 2 }).allTextContents();
  const order = ['User preferences', 'Cloud access', 'Workspaces'].map((name) => headings.findIndex((text) => text.toLowerCase() === name.toLowerCase()));
  expect(order.every((index) => index >= 0), headings.join(', ')).toBe(true);
  expect([...order].sort((a, b) => a - b)).toEqual(order);
});

test('a new user adds an S3 row for a local server, tests it, previews an image, edits it without the secret, deletes it', async ({ page }) => {
  await openProfileSignedIn(page, createAccount('Ada Lovelace'));
  const cloud = section(page);

  // Add.
  await addS3RowWithForm(page, { bucket: OPEN_BUCKET, key: S3RVER_KEY, secret: SECRET, endpoint: s3.url });
  const row = rowOf(cloud, OPEN_BUCKET);
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(s3.url);
  await expect(row).toContainText(S3RVER_KEY);
  await expect(row).toContainText('set · ••••9f3c');
  await expect(row).toContainText('path style');
  await expect(page.getByRole('status').filter({ hasText: `Added access keys for ${OPEN_BUCKET}.` })).toBeAttached();

  // The secret is nowhere but in the server's encrypted store: not in the API's answer, not in the browser.
  const listed = await rowsOf(page);
  expect(JSON.stringify(listed)).not.toContain(SECRET);
  expect(listed.rows).toEqual([
    expect.objectContaining({ bucket: OPEN_BUCKET, endpoint: s3.url, key: S3RVER_KEY, secret_set: true, secret_last4: '9f3c', addressing: 'path' }),
  ]);
  const browserStorage = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookies: document.cookie }));
  expect(browserStorage).not.toContain(SECRET);
  expect(page.url()).not.toContain(SECRET);

  // Test: sign an object URL and load it in the browser.
  await row.getByRole('button', { name: `Test access to ${OPEN_BUCKET}` }).click();
  let dialog = page.getByRole('dialog', { name: `Test access to ${OPEN_BUCKET}` });
  const objectUrl = dialog.getByRole('textbox', { name: 'Object URL' });
  await expect(objectUrl).toBeFocused();
  await expect(objectUrl).toHaveValue(`s3://127.0.0.1:${s3.port}/${OPEN_BUCKET}/`);
  await page.keyboard.type(IMAGE_KEY);
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('alert').filter({ hasText: 'Access works' })).toContainText(`HTTP 200 · image/png · ${(pngBytes.length / 1024).toFixed(1)} kB`);
  await expect(dialog).toContainText(`Signed by Foyer with the keys for ${OPEN_BUCKET} on ${s3.url}`);

  // A path with nothing there is named as such.
  await objectUrl.fill(s3Url(OPEN_BUCKET, 'debug/missing.png'));
  await dialog.getByRole('button', { name: 'Test', exact: true }).click();
  await expect(dialog.getByRole('alert').filter({ hasText: 'Not found (HTTP 404)' })).toContainText('no object at this key');

  // A URL no row signs: the server's reason, in words.
  await objectUrl.fill('s3://some-aws-bucket/x.png');
  await dialog.getByRole('button', { name: 'Test', exact: true }).click();
  await expect(dialog.getByRole('alert').filter({ hasText: 'Not signed: No row signs this URL' })).toContainText('some-aws-bucket');
  await dialog.getByRole('button', { name: 'Close', exact: true }).first().click();
  await expect(dialog).toBeHidden();

  // Preview an image from an s3:// URL, with the port (ClearML's form) and without it (the row names the host).
  for (const url of [s3Url(OPEN_BUCKET, IMAGE_KEY), s3Url(OPEN_BUCKET, IMAGE_KEY, false)]) {
    await cloud.getByRole('textbox', { name: 'Object URL' }).fill(url);
    await cloud.getByRole('button', { name: 'Preview', exact: true }).click();
    const image = cloud.getByRole('img', { name: 'Preview of sample.png' });
    await expect(image).toBeVisible();
    await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth)).toBe(IMAGE.width);
    expect(await image.evaluate((element: HTMLImageElement) => [element.naturalWidth, element.naturalHeight])).toEqual([IMAGE.width, IMAGE.height]);
    const source = await image.getAttribute('src');
    expect(source).toContain(`http://127.0.0.1:${s3.port}/${OPEN_BUCKET}/debug/iteration%203/sample.png?`);
    expect(source).toContain('X-Amz-Signature=');
    await expect(cloud.getByText(`sample.png · ${IMAGE.width} × ${IMAGE.height} pixels`)).toBeVisible();
  }

  // Edit inline without retyping the secret: the request carries no secret, and the stored one stays.
  await row.getByRole('button', { name: `Edit access keys for ${OPEN_BUCKET}` }).click();
  const editor = cloud.getByRole('form', { name: `Edit access keys for ${OPEN_BUCKET}` });
  await expect(editor.getByRole('textbox', { name: 'Bucket' })).toBeFocused();
  await expect(editor.getByRole('textbox', { name: 'Bucket' })).toHaveValue(OPEN_BUCKET);
  const secretInput = field(editor, 'Secret');
  await expect(secretInput).toHaveValue('');
  await expect(secretInput).toHaveAttribute('placeholder', 'Leave empty to keep');
  await expect(editor).toContainText('Stored: set · ••••9f3c. Leave empty to keep the stored secret.');
  await editor.getByRole('textbox', { name: 'Region (AWS S3)' }).fill('eu-central-1');
  const setRequest = page.waitForRequest('**/api/storage_access.set');
  await editor.getByRole('button', { name: 'Save changes' }).click();
  const sent = (await setRequest).postDataJSON() as Record<string, unknown>;
  expect(sent).toEqual({ id: listed.rows[0]!.id, region: 'eu-central-1' });
  await expect(editor).toBeHidden();
  await expect(row.getByRole('button', { name: `Edit access keys for ${OPEN_BUCKET}` })).toBeFocused();
  await expect(row).toContainText('Region eu-central-1');
  await expect(row).toContainText('set · ••••9f3c');
  const afterEdit = await rowsOf(page);
  expect(afterEdit.rows[0]).toMatchObject({ region: 'eu-central-1', secret_set: true, secret_last4: '9f3c' });

  // Escape leaves the inline editor unchanged.
  await row.getByRole('button', { name: `Edit access keys for ${OPEN_BUCKET}` }).click();
  await editor.getByRole('textbox', { name: 'Key', exact: true }).fill('SOMETHING-ELSE');
  await page.keyboard.press('Escape');
  await expect(editor).toBeHidden();
  await expect(row).toContainText(S3RVER_KEY);

  // Signing still works with the kept secret.
  await row.getByRole('button', { name: `Test access to ${OPEN_BUCKET}` }).click();
  dialog = page.getByRole('dialog', { name: `Test access to ${OPEN_BUCKET}` });
  await dialog.getByRole('textbox', { name: 'Object URL' }).fill(s3Url(OPEN_BUCKET, IMAGE_KEY));
  await dialog.getByRole('button', { name: 'Test', exact: true }).click();
  await expect(dialog.getByRole('alert').filter({ hasText: 'Access works' })).toBeVisible();
  const [signed] = await apiCall<{ results: Array<{ signed_url: string }> }>(page.request, 'storage_access.sign_urls', {
    urls: [s3Url(OPEN_BUCKET, IMAGE_KEY)],
  }).then((data) => data.results);
  expect(new URL(signed!.signed_url).searchParams.get('X-Amz-Credential')).toContain('/eu-central-1/s3/aws4_request');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Delete, after a confirmation that names the bucket.
  await row.getByRole('button', { name: `Delete access keys for ${OPEN_BUCKET}` }).click();
  dialog = page.getByRole('dialog', { name: `Delete the access keys for ${OPEN_BUCKET}?` });
  await expect(dialog).toContainText(`bucket ${OPEN_BUCKET} on ${s3.url}`);
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Delete access keys' }).click();
  await expect(dialog).toBeHidden();
  await expect(cloud.getByText('No cloud access keys yet')).toBeVisible();
  await expect(cloud.getByRole('button', { name: 'Add access keys' })).toBeFocused();
  expect((await rowsOf(page)).rows).toEqual([]);
});

test('Test names what failed: signature refused, CORS, network', async ({ page }) => {
  await openProfileSignedIn(page, createAccount('Failure Analyst'));
  const cloud = section(page);
  const closedPort = await freePort();
  await apiCall(page.request, 'storage_access.set', { bucket: OPEN_BUCKET, endpoint: s3.url, key: 'NOT-S3RVER', secret: SECRET });
  await apiCall(page.request, 'storage_access.set', { bucket: CLOSED_BUCKET, endpoint: s3.url, key: S3RVER_KEY, secret: SECRET });
  await apiCall(page.request, 'storage_access.set', { bucket: 'gone', endpoint: `http://127.0.0.1:${closedPort}`, key: S3RVER_KEY, secret: SECRET });
  await page.reload();

  const test = async (bucket: string, url: string) => {
    await cloud.getByRole('button', { name: `Test access to ${bucket}` }).click();
    const dialog = page.getByRole('dialog', { name: `Test access to ${bucket}` });
    await dialog.getByRole('textbox', { name: 'Object URL' }).fill(url);
    await dialog.getByRole('button', { name: 'Test', exact: true }).click();
    return dialog;
  };

  let dialog = await test(OPEN_BUCKET, s3Url(OPEN_BUCKET, IMAGE_KEY));
  await expect(dialog.getByRole('alert').filter({ hasText: 'Signature refused (HTTP 403)' })).toContainText('does not know this Key');
  await page.keyboard.press('Escape');

  dialog = await test(CLOSED_BUCKET, s3Url(CLOSED_BUCKET, IMAGE_KEY));
  await expect(dialog.getByRole('alert').filter({ hasText: 'Blocked by CORS' })).toContainText(`allows GET from ${new URL(page.url()).origin}`);
  await page.keyboard.press('Escape');

  dialog = await test('gone', `s3://127.0.0.1:${closedPort}/gone/x.png`);
  await expect(dialog.getByRole('alert').filter({ hasText: 'Network error' })).toContainText(`could not reach 127.0.0.1:${closedPort}`);
  await page.keyboard.press('Escape');

  // An image needs no CORS: the preview shows it even from the bucket a page cannot read.
  await cloud.getByRole('textbox', { name: 'Object URL' }).fill(s3Url(CLOSED_BUCKET, IMAGE_KEY));
  await cloud.getByRole('button', { name: 'Preview', exact: true }).click();
  const image = cloud.getByRole('img', { name: 'Preview of sample.png' });
  await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.naturalWidth)).toBe(IMAGE.width);

  // A refused image is explained too.
  await cloud.getByRole('textbox', { name: 'Object URL' }).fill(s3Url(OPEN_BUCKET, IMAGE_KEY));
  await cloud.getByRole('button', { name: 'Preview', exact: true }).click();
  await expect(cloud.getByRole('alert').filter({ hasText: 'Signature refused (HTTP 403)' })).toBeVisible();
});

test('the preview shows text as text, audio, and HTML only in an empty sandbox', async ({ page }) => {
  await openProfileSignedIn(page, createAccount('Sample Viewer'));
  const cloud = section(page);
  await apiCall(page.request, 'storage_access.set', { bucket: OPEN_BUCKET, endpoint: s3.url, key: S3RVER_KEY, secret: SECRET });
  await page.reload();
  await expect(page).toHaveTitle(/^Profile/);
  const title = await page.title();
  const preview = async (key: string) => {
    await cloud.getByRole('textbox', { name: 'Object URL' }).fill(s3Url(OPEN_BUCKET, key));
    await cloud.getByRole('button', { name: 'Preview', exact: true }).click();
  };

  // Text: fetched and shown escaped, never as markup.
  await preview(TEXT_KEY);
  const text = cloud.getByLabel('Contents of console.txt');
  await expect(text).toHaveText(TEXT.trimEnd());
  await expect(text.locator('b, script')).toHaveCount(0);
  expect(await page.title()).toBe(title);

  // Audio: the browser loads and decodes the signed WAV.
  await preview(AUDIO_KEY);
  const audio = cloud.locator('audio');
  await expect(audio).toHaveAttribute('aria-label', 'Preview of tone.wav');
  await expect.poll(() => audio.evaluate((element: HTMLAudioElement) => element.duration), { timeout: 10_000 }).toBeGreaterThan(0.4);

  // HTML: in an iframe with an empty sandbox, so its script does not run.
  await preview(HTML_KEY);
  const frame = cloud.locator('iframe');
  await expect(frame).toHaveAttribute('sandbox', '');
  await expect(frame).toHaveAttribute('title', 'Preview of page.html (sandboxed HTML)');
  await expect(page.frameLocator('iframe').locator('#hello')).toHaveText('Hello from the sandbox');
  await expect(page.frameLocator('iframe').locator('body')).not.toHaveAttribute('data-ran', 'yes');
  expect(await page.title()).toBe(title);

  // "Show as" overrides the name: the HTML file as text.
  await cloud.getByRole('combobox', { name: 'Show as' }).selectOption('text');
  await preview(HTML_KEY);
  await expect(cloud.getByLabel('Contents of page.html')).toContainText('<p id="hello">');
  await expect(cloud.locator('iframe')).toHaveCount(0);

  // An unsupported scheme is named.
  await cloud.getByRole('combobox', { name: 'Show as' }).selectOption('auto');
  await cloud.getByRole('textbox', { name: 'Object URL' }).fill('ftp://example.com/a.png');
  await cloud.getByRole('button', { name: 'Preview', exact: true }).click();
  await expect(cloud.getByRole('alert').filter({ hasText: 'Not signed: This kind of URL cannot be signed' })).toBeVisible();
});

test('the form asks for what each provider needs, and infers the provider from a pasted URL', async ({ page }) => {
  await openProfileSignedIn(page, createAccount('Multi Cloud'));
  const cloud = section(page);
  await cloud.getByRole('button', { name: 'Add access keys' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add access keys' });
  const provider = dialog.getByRole('radiogroup', { name: 'Provider' });

  // S3: every field, including the session token, Region and Host (Endpoint).
  for (const name of ['Bucket', 'Host (Endpoint)', 'Key', 'Region (AWS S3)']) await expect(dialog.getByRole('textbox', { name, exact: true })).toBeVisible();
  await expect(dialog.getByLabel('Session token (optional)')).toBeVisible();

  // Missing fields are named before anything is sent; an endpoint needs its scheme.
  await dialog.getByRole('textbox', { name: 'Host (Endpoint)' }).fill('minio.internal:9000');
  await dialog.getByRole('button', { name: 'Add access keys' }).click();
  await expect(dialog.getByText('Enter the bucket name.')).toBeVisible();
  await expect(dialog.getByText('Enter the access key ID.')).toBeVisible();
  await expect(dialog.getByText('Enter the secret access key.')).toBeVisible();
  await expect(dialog.getByText('Write the scheme too, e.g. https://minio.internal:9000')).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: 'Bucket' })).toBeFocused();
  await dialog.getByRole('textbox', { name: 'Host (Endpoint)' }).fill('');

  // A pasted gs:// URL switches to Google Cloud Storage.
  await dialog.getByRole('textbox', { name: 'Bucket' }).fill('gs://team-samples');
  await expect(provider.getByRole('radio', { name: 'Google Cloud Storage' })).toBeChecked();
  await expect(dialog.getByRole('textbox', { name: 'Bucket' })).toHaveValue('team-samples');
  await expect(dialog.getByRole('textbox', { name: 'Region (AWS S3)' })).toHaveCount(0);
  await expect(dialog.getByRole('textbox', { name: 'Host (Endpoint)' })).toHaveCount(0);
  await expect(dialog.getByLabel('Session token (optional)')).toHaveCount(0);

  // GCS with a service-account key file, uploaded.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyFile = JSON.stringify({
    type: 'service_account',
    project_id: 'foyer-e2e',
    private_key_id: 'abc123',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: 'web-viewer@foyer-e2e.iam.gserviceaccount.com',
  });
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: 'Upload key file' }).click();
  await (await chooser).setFiles({ name: 'key.json', mimeType: 'application/json', buffer: Buffer.from(keyFile) });
  await expect(dialog.getByText('Service account: web-viewer@foyer-e2e.iam.gserviceaccount.com')).toBeVisible();
  await dialog.getByRole('button', { name: 'Add access keys' }).click();
  await expect(dialog).toBeHidden();
  const gcsRow = cloud.getByRole('row').filter({ hasText: 'team-samples' });
  await expect(gcsRow).toContainText('GCS');
  await expect(gcsRow).toContainText('web-viewer@foyer-e2e.iam.gserviceaccount.com');
  await expect(gcsRow).toContainText('storage.googleapis.com');

  // The signed GCS URL is a V4 signature by that service account (checked for shape: there is no GCS emulator).
  const { results } = await apiCall<{ results: Array<{ signed_url: string }> }>(page.request, 'storage_access.sign_urls', { urls: ['gs://team-samples/a/b.png'] });
  const gcsUrl = new URL(results[0]!.signed_url);
  expect(gcsUrl.origin + gcsUrl.pathname).toBe('https://storage.googleapis.com/team-samples/a/b.png');
  expect(gcsUrl.searchParams.get('X-Goog-Credential')).toMatch(/^web-viewer@foyer-e2e\.iam\.gserviceaccount\.com\//);

  // Azure: account and container, Secret / SAS; no Key, no Region.
  await cloud.getByRole('button', { name: 'Add access keys' }).click();
  await dialog.getByRole('textbox', { name: 'Bucket' }).fill('https://mystorage.blob.core.windows.net/samples');
  await expect(provider.getByRole('radio', { name: 'Azure Blob Storage' })).toBeChecked();
  await expect(dialog.getByRole('textbox', { name: 'Storage account' })).toHaveValue('mystorage');
  await expect(dialog.getByRole('textbox', { name: 'Container (optional)' })).toHaveValue('samples');
  await expect(dialog.getByRole('textbox', { name: 'Key', exact: true })).toHaveCount(0);
  await expect(dialog.getByRole('textbox', { name: 'Region (AWS S3)' })).toHaveCount(0);
  const accountKey = randomBytes(64).toString('base64');
  await field(dialog, 'Secret / SAS').fill(accountKey);
  await dialog.getByRole('button', { name: 'Add access keys' }).click();
  await expect(dialog).toBeHidden();
  const azureRow = cloud.getByRole('row').filter({ hasText: 'mystorage / samples' });
  await expect(azureRow).toContainText('Account key');
  await expect(azureRow).toContainText(`set · ••••${accountKey.slice(-4)}`);

  // The server's refusal lands on the field it names (Azure: the SAS must be a SAS or a key).
  await cloud.getByRole('button', { name: 'Edit access keys for mystorage/samples' }).click();
  const editor = cloud.getByRole('form', { name: 'Edit access keys for mystorage/samples' });
  await expect(editor.getByRole('textbox', { name: 'Storage account' })).toBeFocused();
  await field(editor, 'Secret / SAS').fill('not-a-key');
  await editor.getByRole('button', { name: 'Save changes' }).click();
  await expect(editor.getByText(/For Azure, give the storage account key/)).toBeVisible();
  await editor.getByRole('button', { name: 'Cancel' }).click();

  // A second row for the same bucket is refused with a sentence.
  await cloud.getByRole('button', { name: 'Add access keys' }).click();
  await provider.getByText('Google Cloud Storage', { exact: true }).click();
  await dialog.getByRole('textbox', { name: 'Bucket' }).fill('team-samples');
  await dialog.getByRole('radiogroup', { name: 'Credentials' }).getByText('HMAC key', { exact: true }).click();
  await dialog.getByRole('textbox', { name: 'Key (HMAC access ID)' }).fill('GOOG1EEXAMPLE');
  await field(dialog, 'Secret (HMAC)').fill('hmac-secret-0123456789');
  await dialog.getByRole('button', { name: 'Add access keys' }).click();
  await expect(dialog.getByRole('alert')).toContainText('There is already a cloud access row for GCS bucket "team-samples"');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

test('everything works from the keyboard', async ({ page }) => {
  await openProfileSignedIn(page, createAccount('Keyboard User'));
  const cloud = section(page);
  await cloud.getByRole('button', { name: 'Add access keys' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Add access keys' });
  await expect(dialog.getByRole('textbox', { name: 'Bucket' })).toBeFocused();
  await page.keyboard.type(OPEN_BUCKET);
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('textbox', { name: 'Host (Endpoint)' })).toBeFocused();
  await page.keyboard.type(s3.url);
  await page.keyboard.press('Tab');
  await page.keyboard.type(S3RVER_KEY);
  await page.keyboard.press('Tab');
  await expect(field(dialog, 'Secret')).toBeFocused();
  await page.keyboard.type(SECRET);
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  const row = rowOf(cloud, OPEN_BUCKET);
  await expect(row).toContainText('set · ••••9f3c');

  // Test, from the keyboard.
  await row.getByRole('button', { name: `Test access to ${OPEN_BUCKET}` }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog').getByRole('textbox', { name: 'Object URL' })).toBeFocused();
  await page.keyboard.type(IMAGE_KEY);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog').getByRole('alert').filter({ hasText: 'Access works' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // Edit opens in place with the focus in it; Escape closes it and gives the focus back.
  await row.getByRole('button', { name: `Edit access keys for ${OPEN_BUCKET}` }).focus();
  await page.keyboard.press('Enter');
  await expect(cloud.getByRole('form', { name: `Edit access keys for ${OPEN_BUCKET}` }).getByRole('textbox', { name: 'Bucket' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(row.getByRole('button', { name: `Edit access keys for ${OPEN_BUCKET}` })).toBeFocused();

  // Preview: type the URL, Enter.
  await cloud.getByRole('textbox', { name: 'Object URL' }).focus();
  await page.keyboard.type(s3Url(OPEN_BUCKET, IMAGE_KEY));
  await page.keyboard.press('Enter');
  await expect.poll(() => cloud.getByRole('img', { name: 'Preview of sample.png' }).evaluate((element: HTMLImageElement) => element.naturalWidth)).toBe(IMAGE.width);

  // Delete: the confirmation opens on Cancel; Tab, Enter deletes.
  await row.getByRole('button', { name: `Delete access keys for ${OPEN_BUCKET}` }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog').getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('dialog').getByRole('button', { name: 'Delete access keys' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(cloud.getByText('No cloud access keys yet')).toBeVisible();
});

test('a workspace admin shares keys that members use but cannot read or change', async ({ page, browser }) => {
  const member: Account = createAccount('Team Member');
  await openProfileSignedIn(page, ADMIN);
  const cloud = section(page);
  let sharedId: string | undefined;
  try {
    await cloud.getByRole('button', { name: 'Add access keys' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add access keys' });
    await dialog.getByRole('radiogroup', { name: 'Who uses these keys' }).getByText('Everyone in this workspace').click();
    await dialog.getByRole('textbox', { name: 'Bucket' }).fill(OPEN_BUCKET);
    await dialog.getByRole('textbox', { name: 'Host (Endpoint)' }).fill(s3.url);
    await dialog.getByRole('textbox', { name: 'Key', exact: true }).fill(S3RVER_KEY);
    await field(dialog, 'Secret').fill(SECRET);
    await dialog.getByRole('button', { name: 'Add access keys' }).click();
    await expect(dialog).toBeHidden();
    const adminRow = rowOf(cloud, OPEN_BUCKET);
    await expect(adminRow).toContainText('Shared');
    await expect(adminRow).toContainText('set · ••••9f3c');
    sharedId = (await rowsOf(page)).rows.find((row) => row.scope === 'workspace')?.id as string;

    const memberContext = await browser.newContext();
    const memberPage = await memberContext.newPage();
    await openProfileSignedIn(memberPage, member);
    const memberCloud = section(memberPage);
    const memberRow = rowOf(memberCloud, OPEN_BUCKET);
    await expect(memberRow).toContainText('Shared');
    await expect(memberRow).toContainText('never see them');
    await expect(memberRow).not.toContainText('9f3c');
    await expect(memberRow.getByRole('button', { name: `Edit access keys for ${OPEN_BUCKET}` })).toHaveCount(0);
    await expect(memberRow.getByRole('button', { name: `Delete access keys for ${OPEN_BUCKET}` })).toHaveCount(0);
    await expect(memberPage.getByRole('dialog')).toHaveCount(0);
    await memberCloud.getByRole('button', { name: 'Add access keys' }).click();
    await expect(memberPage.getByRole('dialog', { name: 'Add access keys' }).getByRole('radiogroup', { name: 'Who uses these keys' })).toHaveCount(0);
    await memberPage.keyboard.press('Escape');
    // ...but the shared keys sign for the member: Test works, and the preview shows the image.
    await memberRow.getByRole('button', { name: `Test access to ${OPEN_BUCKET}` }).click();
    const testDialog = memberPage.getByRole('dialog', { name: `Test access to ${OPEN_BUCKET}` });
    await expect(testDialog.getByRole('textbox', { name: 'Object URL' })).toHaveValue('');
    await testDialog.getByRole('textbox', { name: 'Object URL' }).fill(s3Url(OPEN_BUCKET, IMAGE_KEY));
    await testDialog.getByRole('button', { name: 'Test', exact: true }).click();
    await expect(testDialog.getByRole('alert').filter({ hasText: 'Access works' })).toBeVisible();
    await memberPage.keyboard.press('Escape');
    await memberCloud.getByRole('textbox', { name: 'Object URL' }).fill(s3Url(OPEN_BUCKET, IMAGE_KEY));
    await memberCloud.getByRole('button', { name: 'Preview', exact: true }).click();
    const image = memberCloud.getByRole('img', { name: 'Preview of sample.png' });
    await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.naturalHeight)).toBe(IMAGE.height);
    await memberContext.close();
  } finally {
    // Shared rows would show up for every later user of this server.
    if (sharedId) await apiCall(page.request, 'storage_access.delete', { id: sharedId });
  }
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the section, its dialogs and previews have no axe violations (${scheme}), with screenshots`, async ({ browser }) => {
    // Reduced motion (which the app honours): axe and the screenshots see final frames, not a dialog fading in.
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, colorScheme: scheme, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await openProfileSignedIn(page, createAccount(`Cloud Axe ${scheme}`));
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
    const cloud = section(page);
    const shot = async (name: string, target: Page | Locator = cloud) => {
      await settleAnimations(page);
      await target.screenshot({ path: join(SCREENSHOT_DIR, `cloud-access-${name}-${scheme}-1366x768@1x.png`) });
    };

    await expect(cloud.getByText('No cloud access keys yet')).toBeVisible();
    await expectNoAxeViolations(page, 'the empty section', '#cloud-access');
    await shot('empty');

    await apiCall(page.request, 'storage_access.set', {
      bucket: OPEN_BUCKET,
      endpoint: s3.url,
      key: S3RVER_KEY,
      secret: SECRET,
      token: `session-token-${randomBytes(8).toString('hex')}-a1b2`,
    });
    await apiCall(page.request, 'storage_access.set', { bucket: 'aws-training-data', key: 'AKIAEXAMPLEKEY0001', secret: `aws-secret-${randomBytes(10).toString('hex')}`, region: 'eu-west-1' });
    await apiCall(page.request, 'storage_access.set', { bucket: 'mystorage/samples', provider: 'azure', secret: randomBytes(64).toString('base64') });
    await page.reload();
    await expect(cloud.getByRole('row')).toHaveCount(4);
    await cloud.getByRole('textbox', { name: 'Object URL' }).fill(s3Url(OPEN_BUCKET, IMAGE_KEY));
    await cloud.getByRole('button', { name: 'Preview', exact: true }).click();
    await expect.poll(() => cloud.getByRole('img', { name: 'Preview of sample.png' }).evaluate((element: HTMLImageElement) => element.naturalWidth)).toBe(IMAGE.width);
    await expectNoAxeViolations(page, 'the section with rows and an image preview', '#cloud-access');
    await shot('rows');
    await page.screenshot({ path: join(SCREENSHOT_DIR, `cloud-access-page-${scheme}-1366x768@1x.png`), fullPage: true });

    await cloud.getByRole('textbox', { name: 'Object URL' }).fill(s3Url(OPEN_BUCKET, TEXT_KEY));
    await cloud.getByRole('button', { name: 'Preview', exact: true }).click();
    await expect(cloud.getByLabel('Contents of console.txt')).toBeVisible();
    await cloud.getByRole('textbox', { name: 'Object URL' }).fill(s3Url(OPEN_BUCKET, HTML_KEY));
    await cloud.getByRole('button', { name: 'Preview', exact: true }).click();
    await expect(page.frameLocator('iframe').locator('#hello')).toBeVisible();
    await expectNoAxeViolations(page, 'the HTML preview', '#cloud-access');
    await cloud.locator('iframe').scrollIntoViewIfNeeded();
    await shot('html-preview', page);

    await cloud.getByRole('button', { name: `Edit access keys for ${OPEN_BUCKET}` }).click();
    await expect(cloud.getByRole('form', { name: `Edit access keys for ${OPEN_BUCKET}` })).toBeVisible();
    await expectNoAxeViolations(page, 'the inline editor', '#cloud-access');
    await page.getByRole('heading', { name: `Edit access keys for ${OPEN_BUCKET}` }).evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await page.mouse.wheel(0, -80); // below the sticky header
    await shot('edit', page);
    await page.keyboard.press('Escape');

    await cloud.getByRole('button', { name: 'Add access keys' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add access keys' });
    await dialog.getByRole('button', { name: 'Add access keys' }).click();
    await expect(dialog.getByText('Enter the bucket name.')).toBeVisible();
    await expectNoAxeViolations(page, 'the add dialog with errors');
    await shot('add-dialog', page);
    await dialog.getByRole('radiogroup', { name: 'Provider' }).getByText('Google Cloud Storage', { exact: true }).click();
    await expectNoAxeViolations(page, 'the add dialog for GCS');
    await shot('add-dialog-gcs', page);
    await dialog.getByRole('radiogroup', { name: 'Provider' }).getByText('Azure Blob Storage', { exact: true }).click();
    await expectNoAxeViolations(page, 'the add dialog for Azure');
    await page.keyboard.press('Escape');

    await cloud.getByRole('button', { name: `Test access to ${OPEN_BUCKET}` }).click();
    const testDialog = page.getByRole('dialog', { name: `Test access to ${OPEN_BUCKET}` });
    await expect(testDialog.getByRole('textbox', { name: 'Object URL' })).toBeFocused();
    await page.keyboard.type(IMAGE_KEY);
    await page.keyboard.press('Enter');
    await expect(testDialog.getByRole('alert').filter({ hasText: 'Access works' })).toBeVisible();
    await expectNoAxeViolations(page, 'the test dialog with a success');
    await shot('test-dialog', page);
    await testDialog.getByRole('textbox', { name: 'Object URL' }).fill(s3Url(OPEN_BUCKET, 'nothing-here.png'));
    await page.keyboard.press('Enter');
    await expect(testDialog.getByRole('alert').filter({ hasText: 'Not found' })).toBeVisible();
    await expectNoAxeViolations(page, 'the test dialog with a failure');
    await page.keyboard.press('Escape');

    await cloud.getByRole('button', { name: 'Delete access keys for aws-training-data' }).click();
    await expect(page.getByRole('dialog', { name: 'Delete the access keys for aws-training-data?' })).toBeVisible();
    await expectNoAxeViolations(page, 'the delete confirmation');
    await shot('delete-dialog', page);
    await context.close();
  });
}
