import AxeBuilder from '@axe-core/playwright';
import { expect, test, waitForPrices } from './fixtures.ts';

/** axe-core's serious and critical findings, as "rule: selector" lines, so a failure says what to fix. */
async function seriousViolations(page: import('@playwright/test').Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.slice(0, 3).map((node) => `${v.id}: ${node.target.join(' ')}`));
}

test('the dashboard has no serious or critical accessibility violations in any theme, with its display menu open (axe-core)', async ({ page, feed }) => {
  test.setTimeout(150_000);
  for (const theme of ['dark', 'light', 'contrast']) {
    await page.goto(`${feed.url}/?selected=AAPL&theme=${theme}`);
    await waitForPrices(page);
    await page.getByRole('button', { name: 'Display settings' }).click();
    await expect(page.getByTestId('display-menu')).toBeVisible();
    expect({ theme, violations: await seriousViolations(page) }).toEqual({ theme, violations: [] });
  }
});

test('the alerts popover, with a waiting and a fired alert and a refusal shown, has no serious or critical accessibility violations in any theme (axe-core)', async ({ page, feed }) => {
  test.setTimeout(150_000);
  for (const theme of ['dark', 'light', 'contrast']) {
    await page.goto(`${feed.url}/?selected=AAPL&theme=${theme}`);
    await waitForPrices(page);
    await page.getByTestId('alerts-button').click();
    const menu = page.getByTestId('alerts-menu');
    // Kept in the browser: the first theme adds them (one fires at once), the others find them there.
    if (theme === 'dark') {
      for (const level of ['1', '100000']) {
        await menu.getByLabel('Price').fill(level);
        await menu.getByRole('button', { name: 'Add' }).click();
      }
    }
    await expect(page.getByTestId('alert-item')).toHaveCount(2);
    await menu.getByLabel('Price').fill('abc');
    await menu.getByRole('button', { name: 'Add' }).click();
    await expect(menu.getByText('"abc" is not a number.')).toBeVisible();
    expect({ theme, violations: await seriousViolations(page) }).toEqual({ theme, violations: [] });
  }
});

test('the wall has no serious or critical accessibility violations in any theme (axe-core)', async ({ page, feed }) => {
  // Three full axe-core scans of a page that repaints constantly: about 35 s alone, more on a busy machine.
  test.setTimeout(150_000);
  for (const theme of ['dark', 'light', 'contrast']) {
    await page.goto(`${feed.url}/wall?theme=${theme}`);
    await expect(page.getByTestId('wall-tile').first()).toBeVisible();
    await expect(page.getByTestId('heatmap').locator('[data-symbol]').first()).toBeVisible();
    expect({ theme, violations: await seriousViolations(page) }).toEqual({ theme, violations: [] });
  }
});
