import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { apiCall, createAccount, openProfileSignedIn } from './support';

/** axe-core with every rule it runs by default (WCAG 2.x A and AA, and its best practices). */
async function expectNoViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map(
    (violation) => `${violation.id} (${violation.impact}): ${violation.help}\n    ${violation.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`).join('\n    ')}`,
  );
  expect(summary, `axe violations on ${what}`).toEqual([]);
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    test('the sign-in page has no axe violations, also with an error shown', async ({ page }) => {
      await page.goto('/login');
      await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
      await expectNoViolations(page, 'the sign-in page');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByText('Enter your email.')).toBeVisible();
      await expectNoViolations(page, 'the sign-in page with empty fields named');
      await page.getByRole('textbox', { name: 'Email' }).fill('nobody@example.com');
      await page.getByRole('textbox', { name: 'Password', exact: true }).fill('wrong-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('alert')).toBeVisible();
      await expectNoViolations(page, 'the sign-in page with an error');
    });

    test('the Profile page has no axe violations, nor its menu and dialogs', async ({ page }) => {
      const account = createAccount(`Axe ${scheme}`);
      await openProfileSignedIn(page, account);
      await apiCall(page.request, 'auth.create_credentials', { label: 'axe' });
      await page.reload();
      await expect(page.getByRole('cell', { name: 'axe', exact: true })).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
      await expectNoViolations(page, 'the Profile page');

      await page.getByRole('button', { name: /^Profile menu/ }).click();
      await expect(page.getByRole('menu')).toBeVisible();
      await expectNoViolations(page, 'the Profile menu');
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: 'Create new credentials' }).click();
      await page.getByRole('button', { name: 'Create credentials' }).click();
      await expect(page.getByRole('dialog', { name: 'Your new credentials' })).toBeVisible();
      await expectNoViolations(page, 'the new credentials dialog');
      await page.getByRole('button', { name: 'Done' }).click();
      await expectNoViolations(page, 'the close confirmation');
      await page.getByRole('button', { name: 'I copied it, close' }).click();

      await page.getByRole('button', { name: 'Change password' }).click();
      await expect(page.getByRole('dialog', { name: 'Change password' })).toBeVisible();
      await expectNoViolations(page, 'the change password dialog');
    });
  });
}
