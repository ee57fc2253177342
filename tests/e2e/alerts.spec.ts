import type { Page } from '@playwright/test';
import { expect, row, test, waitForPrices } from './fixtures.ts';

/** AAPL's last price as the watchlist shows it (en-US: "1,234.50"). */
async function lastPrice(page: Page): Promise<number> {
  return Number((await row(page, 'AAPL').getByTestId('price').textContent())!.replace(/,/g, ''));
}

/** Waits until AAPL's price has changed `times` times: that many more checks of its alerts have run. */
async function waitForPriceChanges(page: Page, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const before = await row(page, 'AAPL').getByTestId('price').textContent();
    await expect(row(page, 'AAPL').getByTestId('price')).not.toHaveText(before!, { timeout: 30_000 });
  }
}

/**
 * Counts every alert notice shown from now on, even after it is dismissed or
 * pushed out (notices last 8 s, 3 at most), so "fired once" is a count.
 */
async function countAlertNotices(page: Page): Promise<void> {
  await page.evaluate(() => {
    const box = document.querySelector('.notices')!;
    const counts: string[] = [];
    (window as unknown as { alertNotices: string[] }).alertNotices = counts;
    new MutationObserver((records) => {
      for (const record of records)
        for (const node of record.addedNodes) {
          const text = node.textContent ?? '';
          if (text.startsWith('Alert:')) counts.push(text);
        }
    }).observe(box, { childList: true });
  });
}

function alertNotices(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { alertNotices: string[] }).alertNotices);
}

async function addAlert(page: Page, kind: 'Above' | 'Below' | 'Move ±%', value: string): Promise<void> {
  const menu = page.getByTestId('alerts-menu');
  await menu.getByLabel('Alert when').selectOption({ label: kind });
  await menu.getByLabel(kind === 'Move ±%' ? 'Move in %' : 'Price').fill(value);
  await menu.getByRole('button', { name: 'Add' }).click();
}

test('an alert already met when added fires at once, exactly once, and stays fired after a reload', async ({ page, feed }) => {
  test.setTimeout(120_000);
  await page.goto(`${feed.url}/?selected=AAPL`);
  await waitForPrices(page);
  await countAlertNotices(page);
  const level = (Math.floor((await lastPrice(page)) * 0.9 * 100) / 100).toFixed(2);
  await page.getByTestId('alerts-button').click();
  await addAlert(page, 'Above', level);

  await expect(page.getByRole('status').getByText(`Alert: AAPL above ${level}`)).toBeVisible();
  const item = page.getByTestId('alert-item');
  await expect(item).toHaveText(new RegExp(`above ${level}\\s*fired\\s*Remove`));
  // A fired alert waits no more: no count on the button, no line on the chart.
  await expect(page.getByTestId('alerts-button')).toHaveText('Alerts');
  await expect(page.getByTestId('price-chart')).not.toHaveAttribute('aria-label', /alert lines/);
  await waitForPriceChanges(page, 4);
  expect(await alertNotices(page)).toHaveLength(1);

  await page.reload();
  await waitForPrices(page);
  await countAlertNotices(page);
  await waitForPriceChanges(page, 4);
  expect(await alertNotices(page)).toEqual([]);
  await page.getByTestId('alerts-button').click();
  await expect(page.getByTestId('alert-item')).toHaveText(new RegExp(`above ${level}\\s*fired`));
});

test('a waiting alert is kept across a reload and drawn on the chart; a bad value is refused with a reason', async ({ page, feed }) => {
  await page.goto(`${feed.url}/?selected=AAPL`);
  await waitForPrices(page);
  const level = Math.ceil((await lastPrice(page)) * 2).toFixed(2);
  const button = page.getByTestId('alerts-button');
  await button.click();
  const menu = page.getByTestId('alerts-menu');

  await addAlert(page, 'Below', 'abc');
  await expect(menu.getByText('"abc" is not a number.')).toBeVisible();
  await addAlert(page, 'Move ±%', '0');
  await expect(menu.getByText('The move must be more than 0.')).toBeVisible();
  await expect(page.getByTestId('alert-item')).toHaveCount(0);

  await addAlert(page, 'Above', level);
  await expect(page.getByTestId('alert-item')).toHaveText(new RegExp(`^above ${level}\\s*Remove$`));
  await expect(button).toHaveText('Alerts1');
  await expect(page.getByTestId('price-chart')).toHaveAttribute('aria-label', new RegExp(`alert lines at ${level}$`));
  // Escape closes the popover and gives focus back to its button.
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(button).toBeFocused();

  await page.reload();
  await waitForPrices(page);
  await expect(button).toHaveText('Alerts1');
  await expect(page.getByTestId('price-chart')).toHaveAttribute('aria-label', new RegExp(`alert lines at ${level}$`));
  await button.click();
  await expect(page.getByTestId('alert-item')).toHaveText(new RegExp(`^above ${level}\\s*Remove$`));
  // A click outside closes it too.
  await page.getByTestId('chart-symbol').click();
  await expect(menu).toBeHidden();
  await button.click();
  await page.getByRole('button', { name: `Remove alert above ${level}` }).click();
  await expect(page.getByTestId('alert-item')).toHaveCount(0);
  await expect(button).toHaveText('Alerts');
  await expect(page.getByTestId('price-chart')).not.toHaveAttribute('aria-label', /alert lines/);
});
