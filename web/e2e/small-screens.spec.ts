// Small screens and browser zoom: on a phone (390×844 at 3×, touch) and in a browser zoomed to 400 % (a 1366×768
// screen then has a CSS viewport of 341×192 at device pixel ratio 4), no page and no dialog scrolls sideways, every
// button of every Profile dialog can be scrolled to and clicked, and the HiDPI override leaves the page's size alone
// (it still scales a wide HiDPI desktop). Screenshots of both go to web/screenshots/ (git-ignored) for a person.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Browser, type BrowserContextOptions, type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { WEB_DIR } from './environment';
import { MULTI_BASE_URL } from './multi-environment';
import { ADMIN, apiCall, createAccount, openProfileSignedIn, settleAnimations, type Account } from './support';
import { inviteToken, newPerson, signUpByApi, workspacesSection } from './workspace-support';

const SCREENSHOT_DIR = join(WEB_DIR, 'screenshots');
mkdirSync(SCREENSHOT_DIR, { recursive: true });

interface Device {
  name: string;
  options: BrowserContextOptions;
  /** what the HiDPI preference says about this device */
  hidpiLine: RegExp;
}

const DEVICES: Device[] = [
  {
    name: 'phone-390x844@3x',
    options: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
    hidpiLine: /Not applied on this device: it has a touch screen/,
  },
  {
    // What Chromium at 400 % shows on a 1366×768 screen: the CSS viewport is a quarter of the window, and the
    // window (outerWidth, in screen pixels) is wider than the viewport, which is how the rule tells a zoom.
    name: 'zoom-400-1366x768',
    options: { viewport: { width: 341, height: 192 }, deviceScaleFactor: 4 },
    hidpiLine: /Not applied in this window: the browser is zoomed in or out/,
  },
];

// Reduced motion (which the app honours): dialogs open without a transition, so their boxes are final at once.
test.use({ reducedMotion: 'reduce' });

let owner: Account;
let member: Account;
let teamName = '';
let inviteLink = '';

test.beforeAll(async ({ playwright }) => {
  // Multi mode: an owner with a team workspace, a member in it, and an invitation link.
  const tag = Math.random().toString(36).slice(2, 6);
  teamName = `Small Screens ${tag}`;
  owner = newPerson('Margaret Hamilton');
  member = newPerson('Annie Easley');
  const ownerClient = await playwright.request.newContext({ baseURL: MULTI_BASE_URL });
  await signUpByApi(ownerClient, owner);
  const team = await apiCall<{ id: string }>(ownerClient, 'workspaces.create', { name: teamName });
  await apiCall(ownerClient, 'workspaces.switch', { workspace: team.id });
  const memberLink = await apiCall<{ url: string }>(ownerClient, 'invites.create', { workspace: team.id });
  const memberClient = await playwright.request.newContext({ baseURL: MULTI_BASE_URL });
  await apiCall(memberClient, 'auth.sign_up', { ...member, invite_token: inviteToken(memberLink.url) });
  await memberClient.dispose();
  inviteLink = (await apiCall<{ url: string }>(ownerClient, 'invites.create', { workspace: team.id, max_uses: 3 })).url;
  await ownerClient.dispose();
});

async function newPage(browser: Browser, device: Device, baseURL?: string): Promise<Page> {
  const context = await browser.newContext({ ...device.options, ...(baseURL ? { baseURL } : {}) });
  return context.newPage();
}

/** The page itself never scrolls sideways (a wide table may scroll inside its own container). */
async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  const culprits = scrollWidth > clientWidth ? await widestElements(page) : [];
  expect(scrollWidth, `${what}: the page's scrollWidth against its clientWidth; too wide: ${culprits.join(', ')}`).toBeLessThanOrEqual(clientWidth);
}

/** The innermost elements that reach past the viewport's right edge, to name in a failure. */
function widestElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const tooWide = [...document.querySelectorAll('body *')].filter((element) => element.getBoundingClientRect().right > width + 0.5);
    const innermost = tooWide.filter((element) => !tooWide.some((other) => other !== element && element.contains(other)));
    return innermost.slice(0, 5).map((element) => `<${element.tagName.toLowerCase()} class="${element.className}"> “${(element.textContent ?? '').slice(0, 40)}” right=${Math.round(element.getBoundingClientRect().right)}`);
  });
}

/** A dialog fits the viewport's width, and neither it nor its body scrolls sideways. */
async function expectDialogFits(page: Page, dialog: Locator, what: string): Promise<void> {
  await expect(dialog).toBeVisible();
  await settleAnimations(page);
  await expectNoSidewaysScroll(page, what);
  const sizes = await dialog.evaluate((content) => {
    const body = content.querySelector('.mantine-Modal-body') ?? content;
    return {
      content: [content.scrollWidth, content.clientWidth],
      body: [body.scrollWidth, body.clientWidth],
    };
  });
  expect(sizes.content[0], `${what}: the dialog's scrollWidth against its clientWidth`).toBeLessThanOrEqual(sizes.content[1]!);
  expect(sizes.body[0], `${what}: the dialog body's scrollWidth against its clientWidth`).toBeLessThanOrEqual(sizes.body[1]!);
  const box = await dialog.boundingBox();
  const viewportWidth = page.viewportSize()!.width;
  expect(box, `${what}: the dialog's box`).toBeTruthy();
  expect(box!.x, `${what}: the dialog's left edge`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${what}: the dialog's right edge`).toBeLessThanOrEqual(viewportWidth + 0.5);
}

/** Every enabled button in `scope` can be scrolled into view, then lies inside the viewport and takes a click there. */
async function expectButtonsReachable(page: Page, scope: Locator, what: string): Promise<void> {
  const viewport = page.viewportSize()!;
  const buttons = scope.getByRole('button');
  const count = await buttons.count();
  expect(count, `${what}: its buttons`).toBeGreaterThan(0);
  for (let index = 0; index < count; index += 1) {
    const button = buttons.nth(index);
    if (!(await button.isVisible()) || !(await button.isEnabled())) continue;
    const name = (await button.getAttribute('aria-label')) ?? (await button.innerText());
    await button.scrollIntoViewIfNeeded();
    const box = await button.boundingBox();
    expect(box, `${what}: the box of button “${name}”`).toBeTruthy();
    expect(box!.x, `${what}: button “${name}” left`).toBeGreaterThanOrEqual(0);
    expect(box!.y, `${what}: button “${name}” top`).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, `${what}: button “${name}” right`).toBeLessThanOrEqual(viewport.width + 0.5);
    expect(box!.y + box!.height, `${what}: button “${name}” bottom`).toBeLessThanOrEqual(viewport.height + 0.5);
    // A trial click runs every check of a real one (visible, stable, enabled, not covered) without clicking.
    await button.click({ trial: true, timeout: 5_000 });
  }
}

async function expectDialogUsable(page: Page, dialog: Locator, what: string): Promise<void> {
  await expectDialogFits(page, dialog, what);
  await expectButtonsReachable(page, dialog, what);
}

/** The root font size: 1 is the browser's own 16 px, anything else is the HiDPI override at work. */
function rootScale(page: Page): Promise<number> {
  return page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize) / 16);
}

test('a wide HiDPI desktop (1440×900 at 2×) is still scaled to 80 %', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, screen: { width: 1440, height: 900 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await openProfileSignedIn(page, createAccount('Wide Desktop'));
  expect(await rootScale(page)).toBeCloseTo(0.8, 5);
  await expect(page.locator('html')).toHaveAttribute('data-hidpi-scale', '0.8');
  await expect(page.getByText('the page is shown at 80%')).toBeVisible();
  await context.close();
});

for (const device of DEVICES) {
  test.describe(device.name, () => {
    test('signed-out pages: sign-in, setup, not found', async ({ browser }) => {
      const page = await newPage(browser, device);
      await page.goto('/login');
      await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
      expect(await rootScale(page)).toBe(1);
      await expectNoSidewaysScroll(page, 'the sign-in page');
      await expectButtonsReachable(page, page.locator('main'), 'the sign-in page');
      await page.screenshot({ path: join(SCREENSHOT_DIR, `small-sign-in-${device.name}.png`), fullPage: true, scale: 'css' });

      await page.goto('/setup');
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectNoSidewaysScroll(page, 'the setup page');

      await page.goto('/no-such-page');
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectNoSidewaysScroll(page, 'the not-found page');
      await page.context().close();
    });

    test('the invitation page', async ({ browser }) => {
      const page = await newPage(browser, device, MULTI_BASE_URL);
      await page.goto(inviteLink);
      await expect(page.getByRole('heading', { level: 1, name: `Join ${teamName}` })).toBeVisible();
      expect(await rootScale(page)).toBe(1);
      await expectNoSidewaysScroll(page, 'the invitation page');
      await expectButtonsReachable(page, page.locator('main'), 'the invitation page');
      await page.screenshot({ path: join(SCREENSHOT_DIR, `small-invitation-${device.name}.png`), fullPage: true, scale: 'css' });

      await page.goto('/signup');
      await expect(page.getByRole('heading', { level: 1, name: 'Create an account' })).toBeVisible();
      await page.getByRole('button', { name: 'Create account' }).click();
      await expect(page.getByText('Enter your name.')).toBeVisible();
      await expectNoSidewaysScroll(page, 'the sign-up page with its messages');
      await expectButtonsReachable(page, page.locator('main'), 'the sign-up page');
      await page.screenshot({ path: join(SCREENSHOT_DIR, `small-sign-up-${device.name}.png`), fullPage: true, scale: 'css' });

      await page.goto('/login?ended=password_changed');
      await expect(page.getByRole('status')).toContainText('Your password was changed');
      await expectNoSidewaysScroll(page, 'the sign-in page saying why the session ended');
      await page.context().close();
    });

    test('Profile and its credentials, password and cloud access dialogs', async ({ browser }) => {
      const page = await newPage(browser, device);
      const account = createAccount('Small Screen User');
      await openProfileSignedIn(page, account);
      await apiCall(page.request, 'auth.create_credentials', { label: 'a rather long label for a gpu agent in the lab' });
      await apiCall(page.request, 'storage_access.set', {
        bucket: 'experiments-debug-samples',
        endpoint: 'http://127.0.0.1:9',
        key: 'AKIAEXAMPLEKEY123456',
        secret: 'a-secret-that-is-long-enough-1234',
      });
      await page.reload();
      await expect(page.getByRole('heading', { level: 1, name: account.name })).toBeVisible();

      // The override leaves this device alone, and says why.
      expect(await rootScale(page)).toBe(1);
      await expect(page.locator('html')).not.toHaveAttribute('data-hidpi-scale');
      await expect(page.getByText(device.hidpiLine)).toBeVisible();

      await expectNoSidewaysScroll(page, 'the Profile page');
      await expectNoAxeViolations(page, `the Profile page (${device.name})`);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `small-profile-${device.name}.png`), fullPage: true, scale: 'css' });

      // Change password.
      await page.getByRole('button', { name: 'Change password' }).click();
      let dialog = page.getByRole('dialog', { name: 'Change password' });
      await expectDialogUsable(page, dialog, 'the change password dialog');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(dialog).toBeHidden();

      // Create credentials: the label, the key pair shown once, the confirmation.
      await page.getByRole('button', { name: 'Create new credentials' }).click();
      dialog = page.getByRole('dialog', { name: 'Create new credentials' });
      await expectDialogUsable(page, dialog, 'the create credentials dialog');
      await page.screenshot({ path: join(SCREENSHOT_DIR, `small-create-credentials-${device.name}.png`), scale: 'css' });
      await dialog.getByRole('textbox', { name: 'Label (optional)' }).fill('phone');
      await dialog.getByRole('button', { name: 'Create credentials' }).click();
      dialog = page.getByRole('dialog', { name: 'Your new credentials' });
      await expect(dialog.getByRole('textbox', { name: 'Secret key' })).toBeVisible();
      await expectDialogUsable(page, dialog, 'the new credentials dialog');
      await expectNoAxeViolations(page, `the new credentials dialog (${device.name})`);
      await dialog.evaluate((content) => content.scrollTo(0, 0));
      await page.screenshot({ path: join(SCREENSHOT_DIR, `small-new-credentials-${device.name}.png`), scale: 'css' });
      await dialog.getByRole('tab', { name: 'Jupyter notebook' }).click();
      await expectDialogUsable(page, dialog, 'the new credentials dialog, Jupyter tab');
      await dialog.getByRole('button', { name: 'Done' }).click();
      dialog = page.getByRole('dialog', { name: 'Did you copy the secret key?' });
      await expectDialogUsable(page, dialog, 'the close confirmation');
      await dialog.getByRole('button', { name: 'I copied it, close' }).click();
      await expect(dialog).toBeHidden();

      // Edit a label, revoke.
      const credentials = await apiCall<{ credentials: Array<{ access_key: string; label: string | null }> }>(page.request, 'auth.get_credentials');
      const key = credentials.credentials.find((item) => item.label === 'phone')!.access_key;
      await page.getByRole('button', { name: `Edit label of ${key}` }).click();
      dialog = page.getByRole('dialog', { name: 'Edit label' });
      await expectDialogUsable(page, dialog, 'the edit label dialog');
      await dialog.getByRole('button', { name: 'Save label' }).click();
      await expect(dialog).toBeHidden();
      await page.getByRole('button', { name: `Revoke ${key}` }).click();
      dialog = page.getByRole('dialog', { name: 'Revoke credentials?' });
      await expectDialogUsable(page, dialog, 'the revoke dialog');
      await dialog.getByRole('button', { name: 'Revoke credentials' }).click();
      await expect(dialog).toBeHidden();
      await expectNoSidewaysScroll(page, 'the Profile page after the credentials dialogs');

      // Cloud access: add, edit in the table, test, delete.
      const cloud = page.getByRole('region', { name: 'Cloud access' });
      await cloud.getByRole('button', { name: 'Add access keys' }).click();
      dialog = page.getByRole('dialog', { name: 'Add access keys' });
      await expectDialogUsable(page, dialog, 'the add access keys dialog');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(dialog).toBeHidden();

      await cloud.getByRole('button', { name: 'Edit access keys for experiments-debug-samples' }).click();
      const editor = cloud.getByRole('form', { name: 'Edit access keys for experiments-debug-samples' });
      await expect(editor).toBeVisible();
      await expectNoSidewaysScroll(page, 'the Profile page with a cloud access row in edit');
      // The editor sits in a table that scrolls sideways, but keeps to the visible width: none of it is off to a side.
      await editor.getByRole('textbox', { name: 'Key', exact: true }).focus();
      const editorBox = await editor.boundingBox();
      expect(editorBox!.x, 'the row editor’s left edge').toBeGreaterThanOrEqual(0);
      expect(editorBox!.x + editorBox!.width, 'the row editor’s right edge').toBeLessThanOrEqual(page.viewportSize()!.width + 0.5);
      await expectButtonsReachable(page, editor, 'the cloud access row editor');
      await page.screenshot({ path: join(SCREENSHOT_DIR, `small-cloud-access-edit-${device.name}.png`), fullPage: true, scale: 'css' });
      await editor.getByRole('button', { name: 'Cancel' }).click();
      await expect(editor).toBeHidden();

      await cloud.getByRole('button', { name: 'Test access to experiments-debug-samples' }).click();
      dialog = page.getByRole('dialog', { name: 'Test access to experiments-debug-samples' });
      await dialog.getByRole('textbox', { name: 'Object URL' }).fill('s3://127.0.0.1:9/experiments-debug-samples/debug/iteration 3/sample.png');
      await dialog.getByRole('button', { name: 'Test', exact: true }).click();
      await expect(dialog.getByRole('alert')).toBeVisible();
      await expectDialogUsable(page, dialog, 'the test access dialog with a result');
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();

      await cloud.getByRole('button', { name: 'Delete access keys for experiments-debug-samples' }).click();
      dialog = page.getByRole('dialog', { name: 'Delete the access keys for experiments-debug-samples?' });
      await expectDialogUsable(page, dialog, 'the delete access keys dialog');
      await dialog.getByRole('button', { name: 'Delete access keys' }).click();
      await expect(dialog).toBeHidden();
      await expectNoSidewaysScroll(page, 'the Profile page at the end');
      await page.context().close();
    });

    test('an administrator’s workspace settings and invitation dialogs (single mode)', async ({ browser }) => {
      const page = await newPage(browser, device);
      await openProfileSignedIn(page, ADMIN);
      await expectNoSidewaysScroll(page, 'the administrator’s Profile page');
      const section = workspacesSection(page);

      await section.getByRole('button', { name: 'Workspace settings' }).click();
      let dialog = page.getByRole('dialog', { name: 'Workspace settings' });
      await expectDialogUsable(page, dialog, 'the workspace settings dialog');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(dialog).toBeHidden();

      await section.getByRole('button', { name: 'Invite user' }).click();
      dialog = page.getByRole('dialog', { name: /^Invite to / });
      await expectDialogUsable(page, dialog, 'the invitation dialog');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(dialog).toBeHidden();
      await page.context().close();
    });

    test('new workspace, remove member and leave (multi mode)', async ({ browser }) => {
      const page = await newPage(browser, device, MULTI_BASE_URL);
      await openProfileSignedIn(page, owner);
      await expectNoSidewaysScroll(page, 'the owner’s Profile page');
      await expectNoAxeViolations(page, `the owner’s Profile page (${device.name})`);
      const section = workspacesSection(page);
      await expect(section.getByText(teamName, { exact: true })).toBeVisible();
      await page.screenshot({ path: join(SCREENSHOT_DIR, `small-profile-multi-${device.name}.png`), fullPage: true, scale: 'css' });

      await section.getByRole('button', { name: 'New workspace' }).click();
      let dialog = page.getByRole('dialog', { name: 'New workspace' });
      await expectDialogUsable(page, dialog, 'the new workspace dialog');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(dialog).toBeHidden();

      await section.getByRole('button', { name: `Remove ${member.name}` }).click();
      dialog = page.getByRole('dialog', { name: 'Remove member?' });
      await expectDialogUsable(page, dialog, 'the remove member dialog');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(dialog).toBeHidden();

      await page.context().close();

      const memberPage = await newPage(browser, device, MULTI_BASE_URL);
      await openProfileSignedIn(memberPage, member);
      await workspacesSection(memberPage).getByRole('button', { name: 'Leave workspace' }).click();
      dialog = memberPage.getByRole('dialog', { name: `Leave ${teamName}?` });
      await expect(dialog.getByRole('button', { name: `Leave ${teamName}` })).toBeVisible();
      await expectDialogUsable(memberPage, dialog, 'the leave dialog of a member');
      await memberPage.context().close();
    });
  });
}
