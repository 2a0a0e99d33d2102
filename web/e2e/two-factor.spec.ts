// TWO-FACTOR SIGN-IN on the Profile page and the sign-in page: a person turns it on (the password, the QR code's
// key read off the dialog and its code computed here, as the app would), saves ten recovery codes, signs out, signs
// in with the password and then the code (a wrong one first), signs in once with a recovery code, and turns it off.
// Their key pair signs in all along without a code. On an invitation, signing in to join asks for the code too. Axe, and screenshots at 1366 px and on a 390 px phone.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { generate } from 'otplib';
import { expectNoAxeViolations } from './axe';
import { WEB_DIR } from './environment';
import { MULTI_BASE_URL } from './multi-environment';
import { apiCall, basicAuthorization, createAccount, openProfileSignedIn, settleAnimations, signOutWithMenu, type Account } from './support';
import { newPerson, signUpByApi } from './workspace-support';

const SCREENSHOT_DIR = join(WEB_DIR, 'screenshots');

/** The code an app would show `stepsAhead` time steps from now (the server takes the next step's code too). */
function appCode(secret: string, stepsAhead = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * stepsAhead });
}

function twoFactorSection(page: Page) {
  return page.getByRole('region', { name: 'Two-factor sign-in' });
}

async function passwordStep(page: Page, account: Account) {
  await page.goto('/login');
  await page.getByRole('textbox', { name: 'Email' }).fill(account.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('textbox', { name: 'Two-factor code' })).toBeVisible();
}

test('turn it on with the QR code\'s key, sign in with a code, then once with a recovery code, then turn it off', async ({ page, playwright }) => {
  const account = createAccount('Two Factor');
  await page.setViewportSize({ width: 1366, height: 768 });
  await openProfileSignedIn(page, account);
  const { credentials } = await apiCall<{ credentials: { access_key: string; secret_key: string } }>(page.request, 'auth.create_credentials', { label: 'agent' });

  const section = twoFactorSection(page);
  await section.scrollIntoViewIfNeeded();
  await expect(section.getByText('Off', { exact: true })).toBeVisible();
  await settleAnimations(page);
  await expectNoAxeViolations(page, 'the Two-factor section, off', '#two-factor');
  await section.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();

  const dialog = page.getByRole('dialog', { name: 'Turn on two-factor sign-in' });
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await expect(dialog.getByText('Enter your password.')).toBeVisible();
  await dialog.getByLabel('Password').fill('not-my-password');
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await expect(dialog.getByText(/password is wrong/)).toBeVisible();
  await dialog.getByLabel('Password').fill(account.password);
  await dialog.getByRole('button', { name: 'Continue' }).click();

  await expect(dialog.getByRole('img', { name: /QR code that adds Foyer/ })).toBeVisible();
  const secret = (await dialog.locator('[class*="secret"]').textContent())!.replaceAll(' ', '');
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await settleAnimations(page);
  await expectNoAxeViolations(page, 'the QR code step');
  await dialog.screenshot({ path: join(SCREENSHOT_DIR, 'two-factor-enrol-light-1366x768@1x.png') });
  await dialog.getByRole('textbox', { name: 'Code from the app' }).fill((await appCode(secret)) === '000000' ? '111111' : '000000');
  await dialog.getByRole('button', { name: 'Turn on' }).click();
  await expect(dialog.getByText(/not the one your app shows now/)).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Code from the app' }).fill(await appCode(secret));
  await dialog.getByRole('button', { name: 'Turn on' }).click();

  const done = page.getByRole('dialog', { name: 'Two-factor sign-in is on' });
  const codes = (await done.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allTextContents()).map((code) => code.trim());
  expect(codes).toHaveLength(10);
  await settleAnimations(page);
  await expectNoAxeViolations(page, 'the recovery codes');
  await done.getByRole('button', { name: 'I saved them' }).click();
  await expect(section.getByText('On', { exact: true })).toBeVisible();
  await expect(section).toContainText('10 of 10 recovery codes left');
  await section.screenshot({ path: join(SCREENSHOT_DIR, 'two-factor-on-light-1366x768@1x.png') });

  // the agent's key pair needs no code
  const agent = await playwright.request.newContext({ baseURL: new URL(page.url()).origin });
  expect((await agent.post('/api/auth.login', { headers: { Authorization: basicAuthorization(credentials.access_key, credentials.secret_key) }, data: {} })).status()).toBe(200);

  await signOutWithMenu(page);
  await passwordStep(page, account);
  await settleAnimations(page);
  await expectNoAxeViolations(page, 'the sign-in code step');
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'sign-in-code-light-1366x768@1x.png') });
  await page.getByRole('textbox', { name: 'Two-factor code' }).fill('12345x');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('That code is wrong, or was used already.')).toBeVisible();
  await page.getByRole('textbox', { name: 'Two-factor code' }).fill(await appCode(secret, 1)); // the step after the one that turned it on
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/profile$/);

  // a lost phone: a recovery code, once
  await signOutWithMenu(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await passwordStep(page, account);
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'sign-in-code-light-390x844@1x.png') });
  await page.getByRole('textbox', { name: 'Two-factor code' }).fill(codes[0]!);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(twoFactorSection(page)).toContainText('9 of 10 recovery codes left');
  const security = page.getByRole('region', { name: 'Security log' });
  await expect(security.getByRole('row').nth(2)).toContainText('Signed in with a recovery code');
  await twoFactorSection(page).scrollIntoViewIfNeeded();
  await settleAnimations(page);
  await expectNoAxeViolations(page, 'the Two-factor section on a phone', '#two-factor');
  await twoFactorSection(page).screenshot({ path: join(SCREENSHOT_DIR, 'two-factor-on-light-390x844@1x.png') });
  const used = await apiCall<{ status?: number }>(page.request, 'users.get_two_factor');
  expect(used).toMatchObject({ enabled: true, recovery_codes_left: 9 });

  await page.setViewportSize({ width: 1366, height: 768 });
  await twoFactorSection(page).getByRole('button', { name: 'Turn off' }).click();
  const off = page.getByRole('dialog', { name: 'Turn off two-factor sign-in?' });
  await off.getByLabel('Password').fill(account.password);
  await off.getByRole('textbox', { name: 'Two-factor code' }).fill(codes[0]!);
  await off.getByRole('button', { name: 'Turn off' }).click();
  await expect(off.getByText(/code is wrong, or was used already/)).toBeVisible();
  await off.getByRole('textbox', { name: 'Two-factor code' }).fill(codes[1]!);
  await off.getByRole('button', { name: 'Turn off' }).click();
  await expect(off).toBeHidden();
  await expect(twoFactorSection(page).getByRole('status')).toHaveText('Two-factor sign-in is off. Your password alone signs you in.');
  await expect(twoFactorSection(page).getByText('Off', { exact: true })).toBeVisible();
  expect((await agent.post('/api/auth.login', { headers: { Authorization: basicAuthorization(account.email, account.password) }, data: {} })).status()).toBe(200);
  await agent.dispose();
});

test.describe('an invitation', () => {
  test.use({ baseURL: MULTI_BASE_URL });

  test('signing in to join asks for the code as a second step, then joins', async ({ page, browser }) => {
    const owner = newPerson('Inviting Owner');
    const workspace = await signUpByApi(page.request, owner);
    const invite = await apiCall<{ url: string }>(page.request, 'invites.create', { workspace: workspace.id, role: 'member' });

    const guestContext = await browser.newContext({ baseURL: MULTI_BASE_URL });
    const guest = newPerson('Guarded Guest');
    await signUpByApi(guestContext.request, guest);
    const { secret } = await apiCall<{ secret: string }>(guestContext.request, 'users.begin_two_factor', { password: guest.password });
    await apiCall(guestContext.request, 'users.enable_two_factor', { code: await appCode(secret) });
    await guestContext.clearCookies();

    const guestPage = await guestContext.newPage();
    await guestPage.goto(invite.url);
    await guestPage.getByRole('tab', { name: 'I have an account' }).click();
    await guestPage.getByRole('textbox', { name: 'Email' }).fill(guest.email);
    await guestPage.getByRole('textbox', { name: 'Password', exact: true }).fill(guest.password);
    await guestPage.getByRole('button', { name: /^Sign in and join / }).click();
    await expect(guestPage.getByRole('textbox', { name: 'Two-factor code' })).toBeVisible();
    await expectNoAxeViolations(guestPage, 'the invitation page asking for the code');
    await guestPage.getByRole('textbox', { name: 'Two-factor code' }).fill(await appCode(secret, 1));
    await guestPage.getByRole('button', { name: `Sign in and join ${workspace.name}` }).click();
    await expect(guestPage).toHaveURL(/\/profile$/);
    await expect(guestPage.getByText(/^You joined .+ as a member\.$/)).toBeVisible();
    await guestContext.close();
  });
});
