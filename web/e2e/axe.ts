import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { settleAnimations } from './support';

/**
 * axe-core with every rule it runs by default (WCAG 2.x A and AA, and its best practices), on `include` or the page.
 *
 * Not into frames: the only one is the cloud-access preview's sandboxed HTML, a stored object rather than this app,
 * and with its scripts off axe cannot run inside it (its per-frame mode then stalls: the legacy mode does not). The
 * iframe element itself is checked.
 */
export async function expectNoAxeViolations(page: Page, what: string, include?: string): Promise<void> {
  await settleAnimations(page);
  const sandboxedFrame = (await page.locator('iframe[sandbox]').count()) > 0;
  const builder = new AxeBuilder({ page }).options({ iframes: false });
  if (sandboxedFrame) builder.setLegacyMode();
  if (include) builder.include(include);
  const results = await builder.analyze();
  const summary = results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help}\n    ${violation.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`).join('\n    ')}`,
  );
  expect(summary, `axe violations on ${what}`).toEqual([]);
}
