// A workspace that requires two-factor sign-in (multi mode): the owner cannot require it before turning it on
// themselves (the switch says why), then requires it; the members table shows who has it. A member without it who
// opens the workspace sees only the way in (turn it on), the ways out (another workspace, sign out) and their account;
// turning it on there opens the whole Profile page. Axe, and screenshots at 1366 px and on a 390 px phone.
import { join } from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { generate } from 'otplib';
import { expectNoAxeViolations } from './axe';
import { WEB_DIR } from './environment';
import { MULTI_BASE_URL } from './multi-environment';
import { apiCall, settleAnimations, type Account } from './support';
import { inviteToken, newPerson, signUpByApi, workspacesSection } from './workspace-support';

const SCREENSHOT_DIR = join(WEB_DIR, 'screenshots');

test.use({ baseURL: MULTI_BASE_URL });

function appCode(secret: string, stepsAhead = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * stepsAhead });
}

async function turnOnByApi(request: APIRequestContext, person: Account): Promise<void> {
  const { secret } = await apiCall<{ secret: string }>(request, 'users.begin_two_factor', { password: person.password });
  await apiCall(request, 'users.enable_two_factor', { code: await appCode(secret) });
}

test('an owner requires two-factor; a member without it is shown the way in, turns it on, and gets the whole page', async ({ page, browser }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const owner = newPerson('Guarding Owner');
  const personal = await signUpByApi(page.request, owner);
  const team = await apiCall<{ id: string; name: string }>(page.request, 'workspaces.create', { name: `Guarded Lab ${owner.email.slice(7, 15)}` });
  const invite = await apiCall<{ url: string }>(page.request, 'invites.create', { workspace: team.id, role: 'member' });
  await apiCall(page.request, 'workspaces.switch', { workspace: team.id });
  expect(personal.id).not.toBe(team.id);

  const memberContext = await browser.newContext({ baseURL: MULTI_BASE_URL, viewport: { width: 1366, height: 768 } });
  const member = newPerson('Unguarded Member');
  const memberHome = await signUpByApi(memberContext.request, member);
  await apiCall(memberContext.request, 'invites.accept', { token: inviteToken(invite.url) });

  // the owner: the switch is off and says why until the owner has it on
  await page.goto('/profile');
  const section = workspacesSection(page);
  await section.getByRole('button', { name: 'Workspace settings' }).click();
  let dialog = page.getByRole('dialog', { name: 'Workspace settings' });
  const requirement = dialog.getByRole('switch', { name: 'Require two-factor sign-in' });
  await expect(requirement).toBeDisabled();
  await expect(dialog.getByText(/Turn on two-factor sign-in for yourself first/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await turnOnByApi(page.request, owner);
  await page.reload();
  await section.getByRole('button', { name: 'Workspace settings' }).click();
  dialog = page.getByRole('dialog', { name: 'Workspace settings' });
  await expect(requirement).toBeEnabled();
  await requirement.check();
  await expect(dialog.getByText(/Members without it keep only their account, and their key pairs are refused/)).toBeVisible();
  await settleAnimations(page);
  await expectNoAxeViolations(page, 'the settings dialog with the requirement');
  await dialog.screenshot({ path: join(SCREENSHOT_DIR, 'two-factor-required-settings-light-1366x768@1x.png') });
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog).toBeHidden();

  // the members table: who has it, and who is shut out
  const table = section.getByRole('table', { name: 'Members of this workspace' });
  await expect(table.getByRole('columnheader', { name: 'Two-factor' })).toBeVisible();
  await expect(table.getByRole('row', { name: new RegExp(owner.name) }).getByText('On', { exact: true })).toBeVisible();
  await expect(table.getByRole('row', { name: new RegExp(member.name) }).getByText('Off', { exact: true })).toBeVisible();
  await expect(section.getByText(/requires two-factor sign-in: 1 member does not have it on/)).toBeVisible();
  await settleAnimations(page);
  await expectNoAxeViolations(page, 'the members table with the two-factor column', '#workspaces');

  // the member, in the team: the way in and the ways out, nothing else
  const memberPage = await memberContext.newPage();
  await apiCall(memberContext.request, 'workspaces.switch', { workspace: team.id });
  await memberPage.goto('/profile');
  const gate = memberPage.getByRole('region', { name: 'Two-factor sign-in' });
  await expect(gate.getByText(`${team.name} requires two-factor sign-in`)).toBeVisible();
  await expect(gate.getByRole('button', { name: `Switch to ${memberHome.name}` })).toBeVisible();
  await expect(gate.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(memberPage.getByRole('region', { name: 'Workspaces' })).toHaveCount(0);
  await expect(memberPage.getByRole('region', { name: 'Cloud access' })).toHaveCount(0);
  await settleAnimations(memberPage);
  await expectNoAxeViolations(memberPage, 'the page of a member the workspace requires two-factor of');
  await memberPage.screenshot({ path: join(SCREENSHOT_DIR, 'two-factor-required-member-light-1366x768@1x.png'), fullPage: true });
  await memberPage.setViewportSize({ width: 390, height: 844 });
  await settleAnimations(memberPage);
  expect(await memberPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await memberPage.screenshot({ path: join(SCREENSHOT_DIR, 'two-factor-required-member-light-390x844.png'), fullPage: true });
  await memberPage.setViewportSize({ width: 1366, height: 768 });

  await gate.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  const enrol = memberPage.getByRole('dialog', { name: 'Turn on two-factor sign-in' });
  await enrol.getByLabel('Password').fill(member.password);
  await enrol.getByRole('button', { name: 'Continue' }).click();
  const secret = (await enrol.locator('[class*="secret"]').textContent())!.replaceAll(' ', '');
  await enrol.getByRole('textbox', { name: 'Code from the app' }).fill(await appCode(secret));
  await enrol.getByRole('button', { name: 'Turn on' }).click();
  const done = memberPage.getByRole('dialog', { name: 'Two-factor sign-in is on' });
  await expect(done.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')).toHaveCount(10);
  await done.getByRole('button', { name: 'I saved them' }).click();

  await expect(memberPage.getByRole('region', { name: 'Workspaces' })).toBeVisible();
  await expect(memberPage.getByRole('region', { name: 'Two-factor sign-in' }).getByText('On', { exact: true })).toBeVisible();
  await expect(memberPage.getByRole('region', { name: 'Workspaces' }).getByRole('table', { name: 'Members of this workspace' })).toBeVisible();

  // and turning it off warns that the workspace closes again
  await memberPage.getByRole('region', { name: 'Two-factor sign-in' }).getByRole('button', { name: 'Turn off' }).click();
  const off = memberPage.getByRole('dialog', { name: 'Turn off two-factor sign-in?' });
  await expect(off.getByText(`${team.name} requires two-factor sign-in`)).toBeVisible();
  await off.getByLabel('Password').fill(member.password);
  await off.getByRole('textbox', { name: 'Two-factor code' }).fill(await appCode(secret, 1));
  await off.getByRole('button', { name: 'Turn off' }).click();
  await expect(gate.getByText(`${team.name} requires two-factor sign-in`)).toBeVisible();
  await memberContext.close();
});
