// axe-core on the invitation page (a valid link, its forms and errors, and an expired link) and on the Profile
// page's WORKSPACES section with everything in it (other workspaces, members, links, the full state) and its
// dialogs, in light and dark.
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { MULTI_BASE_URL, MULTI_DATA_DIR } from './multi-environment';
import { apiCall } from './support';
import { expireInvite, newPerson, openProfileMenu, signUpByApi, workspacesSection } from './workspace-support';

// The final frame is what axe measures: no dialog or menu fades in (the app honours reduced motion).
test.use({ baseURL: MULTI_BASE_URL, reducedMotion: 'reduce' });

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    test('the invitation page has no axe violations: a valid link with its forms and errors, and an expired link', async ({ page }) => {
      const owner = newPerson(`Inviter ${scheme}`);
      const workspace = await signUpByApi(page.request, owner);
      const valid = await apiCall<{ url: string }>(page.request, 'invites.create', { workspace: workspace.id, email_domains: ['example.org'] });
      const expired = await apiCall<{ id: string; url: string }>(page.request, 'invites.create', { workspace: workspace.id });
      expireInvite(MULTI_DATA_DIR, expired.id);
      await apiCall(page.request, 'auth.logout');

      await page.goto(valid.url);
      await expect(page.getByRole('heading', { level: 1, name: `Join ${workspace.name}` })).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
      await expectNoAxeViolations(page, 'the invitation page');
      await page.getByRole('button', { name: 'Create account and join' }).click();
      await expect(page.getByText('Enter your name.')).toBeVisible();
      await expectNoAxeViolations(page, 'the sign-up form with empty fields named');
      const stranger = newPerson('Wrong Address');
      await page.getByRole('textbox', { name: 'Name' }).fill(stranger.name);
      await page.getByRole('textbox', { name: 'Email' }).fill(stranger.email);
      await page.getByRole('textbox', { name: 'Password' }).fill(stranger.password);
      await page.getByRole('button', { name: 'Create account and join' }).click();
      await expect(page.getByRole('alert').filter({ hasText: 'This invitation is for someone else' })).toBeVisible();
      await expectNoAxeViolations(page, 'the invitation page with a refusal');
      await page.getByRole('tab', { name: 'I have an account' }).click();
      await expect(page.getByRole('button', { name: `Sign in and join ${workspace.name}` })).toBeVisible();
      await expectNoAxeViolations(page, 'the sign-in form of the invitation page');

      await page.goto(expired.url);
      await expect(page.getByRole('heading', { level: 1, name: 'This invitation has expired' })).toBeVisible();
      await expectNoAxeViolations(page, 'the page of an expired link');
    });

    test('the WORKSPACES section has no axe violations, nor its dialogs and menus', async ({ page, playwright }) => {
      const tag = Math.random().toString(36).slice(2, 7);
      const owner = newPerson(`Owner ${scheme}`);
      await signUpByApi(page.request, owner);
      const team = await apiCall<{ id: string; name: string }>(page.request, 'workspaces.create', { name: `Axe ${scheme} ${tag}` });
      await apiCall(page.request, 'workspaces.switch', { workspace: team.id });
      // A member who joined through a link, a link that holds a seat, and a credential.
      const link = await apiCall<{ url: string }>(page.request, 'invites.create', { workspace: team.id, max_uses: 2 });
      const joiner = await playwright.request.newContext({ baseURL: MULTI_BASE_URL });
      await apiCall(joiner, 'auth.sign_up', { ...newPerson('Joined Member'), invite_token: new URL(link.url).pathname.split('/').pop() });
      await joiner.dispose();
      await apiCall(page.request, 'invites.create', { workspace: team.id, email: `held-${tag}@example.com` });
      await apiCall(page.request, 'auth.create_credentials', { label: 'axe' });
      await apiCall(page.request, 'workspaces.update', { workspace: team.id, max_members: 3 });

      await page.goto('/profile');
      const section = workspacesSection(page);
      await expect(section.getByRole('table', { name: 'Members of this workspace' }).getByRole('row')).toHaveCount(3);
      await expect(section.getByText(`${team.name} is full`)).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
      await expectNoAxeViolations(page, 'the WORKSPACES section', '#workspaces');

      await section.getByRole('button', { name: /^Role of Joined Member/ }).click();
      await expect(page.getByRole('menu')).toBeVisible();
      await expectNoAxeViolations(page, 'the role menu', '[role=menu]');
      await page.keyboard.press('Escape');
      // the last owner's own menu: the roles the server would refuse are there, disabled, with the reason
      await section.getByRole('button', { name: `Role of ${owner.name}: Owner` }).click();
      await expect(page.getByRole('menuitem', { name: 'Admin' })).toHaveAttribute('aria-disabled', 'true');
      await expectNoAxeViolations(page, 'the role menu with refused roles', '[role=menu]');
      await page.keyboard.press('Escape');

      await section.getByRole('button', { name: 'Workspace settings' }).click();
      const settings = page.getByRole('dialog', { name: 'Workspace settings' });
      await expect(settings).toBeVisible();
      await expectNoAxeViolations(page, 'the workspace settings dialog', '[role=dialog]');
      await settings.getByRole('textbox', { name: 'Member limit' }).fill('0');
      await settings.getByRole('button', { name: 'Save settings' }).click();
      await expect(settings.getByText('The limit must be at least 1')).toBeVisible();
      await expectNoAxeViolations(page, 'the workspace settings dialog refusing a limit', '[role=dialog]');
      await page.keyboard.press('Escape');

      await section.getByRole('button', { name: 'Remove Joined Member' }).click();
      await expect(page.getByRole('dialog', { name: 'Remove member?' })).toBeVisible();
      await expectNoAxeViolations(page, 'the remove member dialog', '[role=dialog]');
      await page.keyboard.press('Escape');

      await section.getByRole('button', { name: /^Revoke the link for / }).first().click();
      await expect(page.getByRole('dialog', { name: 'Revoke invitation link?' })).toBeVisible();
      await expectNoAxeViolations(page, 'the revoke link dialog', '[role=dialog]');
      await page.keyboard.press('Escape');

      // Not full any more: the invitation dialog, its form and the link it made.
      await apiCall(page.request, 'workspaces.update', { workspace: team.id, max_members: 10 });
      await page.reload();
      await section.getByRole('button', { name: 'Invite user' }).click();
      const invite = page.getByRole('dialog', { name: `Invite to ${team.name}` });
      await expect(invite.getByText(/of 10 seats used/)).toBeVisible();
      await expectNoAxeViolations(page, 'the invitation dialog', '[role=dialog]');
      await invite.getByRole('textbox', { name: 'Only for this email address (optional)' }).fill('not an address');
      await invite.getByRole('button', { name: 'Create and copy link' }).click();
      await expect(invite.getByText('Enter an email address, like ada@example.com.')).toBeVisible();
      await expectNoAxeViolations(page, 'the invitation dialog with an error', '[role=dialog]');
      await invite.getByRole('textbox', { name: 'Only for this email address (optional)' }).fill('');
      await invite.getByRole('button', { name: 'Create and copy link' }).click();
      await expect(invite.getByRole('textbox', { name: 'Invitation link' })).toBeVisible();
      await expectNoAxeViolations(page, 'the new invitation link', '[role=dialog]');
      await invite.getByRole('button', { name: 'Done' }).click();

      // The last owner is not offered to leave: the section says why, in one line.
      await expect(section.getByRole('button', { name: 'Leave workspace' })).toHaveCount(0);
      await expect(section).toContainText(`You cannot leave ${team.name}. You are the last owner: make another member an owner first.`);
      await expectNoAxeViolations(page, 'the members panel of the last owner', '#workspaces');

      await section.getByRole('button', { name: 'New workspace' }).click();
      await expect(page.getByRole('dialog', { name: 'New workspace' })).toBeVisible();
      await expectNoAxeViolations(page, 'the new workspace dialog', '[role=dialog]');
      await page.keyboard.press('Escape');

      // Switching: the notice above the page, the other workspaces list, and the Profile menu.
      await section.getByRole('button', { name: `Switch to workspace ${owner.name}'s workspace` }).click();
      await expect(page.getByRole('status').filter({ hasText: `You are now in ${owner.name}'s workspace.` })).toBeVisible();
      await expectNoAxeViolations(page, 'the notice after switching', 'main > [role=status]');
      await expectNoAxeViolations(page, 'the WORKSPACES section of a personal workspace', '#workspaces');
      await openProfileMenu(page);
      await expectNoAxeViolations(page, 'the Profile menu with workspaces', '[role=menu]');
      await page.keyboard.press('Escape');

      // The leave dialog of a member, listing a credential.
      const member = await playwright.request.newContext({ baseURL: MULTI_BASE_URL });
      const other = await apiCall<{ url: string }>(page.request, 'invites.create', { workspace: team.id });
      const person = newPerson('Leaving Member');
      await apiCall(member, 'auth.sign_up', { ...person, invite_token: new URL(other.url).pathname.split('/').pop() });
      await apiCall(member, 'auth.create_credentials', { label: 'to be revoked' });
      const state = await member.storageState();
      await member.dispose();
      await page.context().clearCookies();
      await page.context().addCookies(state.cookies);
      await page.goto('/profile');
      await workspacesSection(page).getByRole('button', { name: 'Leave workspace' }).click();
      const memberLeave = page.getByRole('dialog', { name: `Leave ${team.name}?` });
      await expect(memberLeave.getByRole('listitem')).toContainText('to be revoked');
      await expectNoAxeViolations(page, 'the leave dialog listing a credential', '[role=dialog]');
    });
  });
}
