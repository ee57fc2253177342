import { test as base, expect, type Page } from '@playwright/test';
import { spawnFeed, type FeedProcess } from '../support/feed-process.ts';

/**
 * One real `tickwall serve` process per test file, serving the production
 * build in dist/. Any uncaught error in the page fails the test.
 */
export const test = base.extend<object, { feed: FeedProcess }>({
  page: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await use(page);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
  feed: [
    async ({}, use) => {
      const feed = await spawnFeed(['--seed', '7', '--rate', '400']);
      await use(feed);
      await feed.stop();
    },
    { scope: 'worker' },
  ],
});

export { expect };

export function row(page: Page, symbol: string) {
  return page.locator(`tr[data-symbol="${symbol}"]`);
}

/** Waits until the watchlist shows live prices. */
export async function waitForPrices(page: Page, symbol = 'AAPL'): Promise<void> {
  await expect(row(page, symbol).getByTestId('price')).toHaveText(/^\d[\d,]*\.\d{2}$/);
}
