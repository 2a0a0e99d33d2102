import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { apiCall, createAccount, openProfileSignedIn } from './support';

// The final frame is what axe measures: no dialog or menu fades in (the app honours reduced motion).
test.use({ reducedMotion: 'reduce' });

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    test('the sign-in page has no axe violations, also with an error shown', async ({ page }) => {
      await page.goto('/login');
      await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
      await expectNoAxeViolations(page, 'the sign-in page');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByText('Enter your email.')).toBeVisible();
      await expectNoAxeViolations(page, 'the sign-in page with empty fields named');
      await page.getByRole('textbox', { name: 'Email' }).fill('nobody@example.com');
      await page.getByRole('textbox', { name: 'Password', exact: true }).fill('wrong-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('alert')).toBeVisible();
      await expectNoAxeViolations(page, 'the sign-in page with an error');
    });

    test('the Profile page has no axe violations, nor its menu and dialogs', async ({ page }) => {
      const account = createAccount(`Axe ${scheme}`);
      await openProfileSignedIn(page, account);
      await apiCall(page.request, 'auth.create_credentials', { label: 'axe' });
      await page.reload();
      await expect(page.getByRole('cell', { name: 'axe', exact: true })).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
      await expectNoAxeViolations(page, 'the Profile page');

      await page.getByRole('button', { name: /^Profile menu/ }).click();
      await expect(page.getByRole('menu')).toBeVisible();
      await expectNoAxeViolations(page, 'the Profile menu');
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: 'Create new credentials' }).click();
      await page.getByRole('button', { name: 'Create credentials' }).click();
      await expect(page.getByRole('dialog', { name: 'Your new credentials' })).toBeVisible();
      await expectNoAxeViolations(page, 'the new credentials dialog');
      await page.getByRole('button', { name: 'Done' }).click();
      await expectNoAxeViolations(page, 'the close confirmation');
      await page.getByRole('button', { name: 'I copied it, close' }).click();

      await page.getByRole('button', { name: 'Change password' }).click();
      await expect(page.getByRole('dialog', { name: 'Change password' })).toBeVisible();
      await expectNoAxeViolations(page, 'the change password dialog');
    });
  });
}

test.describe('motion', () => {
  for (const reducedMotion of ['no-preference', 'reduce'] as const) {
    test(`dialogs fade in, except for people who ask for less motion (${reducedMotion})`, async ({ browser }) => {
      const context = await browser.newContext({ reducedMotion });
      const page = await context.newPage();
      await openProfileSignedIn(page, createAccount(`Motion ${reducedMotion}`));
      await page.getByRole('button', { name: 'Change password' }).click();
      const dialog = page.getByRole('dialog', { name: 'Change password' });
      await expect(dialog).toBeVisible();
      const motion = await dialog.evaluate((element) => ({
        duration: getComputedStyle(element).transitionDuration,
        fading: element.getAnimations().some((animation) => (animation as CSSTransition).transitionProperty === 'opacity'),
      }));
      if (reducedMotion === 'reduce') expect(motion).toEqual({ duration: '0s', fading: false });
      else expect(motion.duration).toBe('0.2s');
      await context.close();
    });
  }
});
