import { test as base, expect, type Locator, type Page } from '@playwright/test';
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

/** Waits until the watchlist shows live prices (in en-US "1,234.50" or a decimal-comma locale's "1.234,50"). */
export async function waitForPrices(page: Page, symbol = 'AAPL'): Promise<void> {
  await expect(row(page, symbol).getByTestId('price')).toHaveText(/^\d[\d,.]*[.,]\d{2}$/);
}

/**
 * What a canvas shows, read from a screenshot (a chart may draw in a worker,
 * so its canvas cannot be read directly): pixels in the up or down colour
 * (candles, volume, lines), pixels of the crosshair's axis label boxes
 * (#222c38, drawn only while the pointer is over the chart), where the
 * up/down pixels start and end across the width (0 to 1), and a hash.
 */
export async function sampleCanvas(page: Page, canvas: Locator): Promise<{ lineColoured: number; crosshairLabels: number; first: number; last: number; hash: number }> {
  const png = (await canvas.screenshot()).toString('base64');
  return page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = new OffscreenCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(image, 0, 0);
    const { data } = ctx.getImageData(0, 0, image.width, image.height);
    let lineColoured = 0;
    let crosshairLabels = 0;
    let first = image.width;
    let last = -1;
    let hash = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, a] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
      if (a > 200 && ((g > 150 && r < 100) || (r > 200 && g < 120))) {
        lineColoured++;
        const x = (i / 4) % image.width;
        first = Math.min(first, x);
        last = Math.max(last, x);
      }
      if (Math.abs(r - 0x22) <= 2 && Math.abs(g - 0x2c) <= 2 && Math.abs(b - 0x38) <= 2) crosshairLabels++;
      hash = (hash * 31 + r + g * 7 + b * 13 + a) | 0;
    }
    return { lineColoured, crosshairLabels, first: first / image.width, last: last / image.width, hash };
  }, png);
}

/** sampleCanvas of the price chart. */
export function sampleChart(page: Page): ReturnType<typeof sampleCanvas> {
  return sampleCanvas(page, page.getByTestId('price-chart'));
}
