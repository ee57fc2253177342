import { spawnFeed } from '../support/feed-process.ts';
import { StallProxy } from '../support/stall-proxy.ts';
import { expect, row, test, waitForPrices } from './fixtures.ts';

test('after kill -9 of the feed the page shows stale and reconnecting, then resynchronizes with the restarted feed and says it restarted', async ({ page }) => {
  const first = await spawnFeed(['--seed', '7']);
  const port = new URL(first.url).port;
  let second: Awaited<ReturnType<typeof spawnFeed>> | null = null;
  try {
    await page.goto(first.url);
    await waitForPrices(page);
    await expect(page.getByTestId('stale')).toHaveCount(0);

    first.process.kill('SIGKILL');
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'reconnecting');
    await expect(page.getByTestId('header-stale')).toBeVisible();
    await expect(page.getByTestId('stale').first()).toContainText(/STALE.*last update/);

    second = await spawnFeed(['--seed', '8', '--port', port]);
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'open', { timeout: 20_000 });
    await expect(page.getByTestId('stale')).toHaveCount(0);
    await expect(page.getByTestId('header-stale')).toHaveCount(0);
    // The new feed is a new session: the page says so instead of silently changing volume and prices.
    await expect(page.getByRole('status')).toContainText('The feed restarted');
    const price = row(page, 'AAPL').getByTestId('price');
    const before = await price.textContent();
    await expect.poll(() => price.textContent(), { timeout: 15_000 }).not.toBe(before);
  } finally {
    await first.stop();
    await second?.stop();
  }
});

test('a stalled link is detected at both ends within their bounds, and the page recovers', async ({ page }) => {
  // The server pings every 500 ms and drops a client that misses two pongs: within 3 intervals (1.5 s).
  const feed = await spawnFeed(['--seed', '7', '--ping-ms', '500']);
  const proxy = await StallProxy.start(Number(new URL(feed.url).port));
  try {
    await page.goto(proxy.url);
    await waitForPrices(page);
    const chart = page.getByTestId('price-chart');
    // The session from the pre-market open (the feed starts at 10:30 New York with its past).
    await expect(chart).toHaveAttribute('aria-label', /^AAPL 5-minute candles, Fri 20 Nov 04:00 to /);
    const stalledAt = Date.now();
    const serverGaveUp = proxy.stallAll();
    // The page hears nothing; after 3 heartbeats + 1 s (4 s) it calls the link dead and reconnects.
    await page.waitForFunction(() => document.querySelector('[data-testid=connection]')?.getAttribute('data-state') !== 'open', undefined, {
      polling: 'raf',
      timeout: 10_000,
    });
    const detectedByPage = Date.now() - stalledAt;
    expect(detectedByPage).toBeGreaterThan(3500);
    expect(detectedByPage).toBeLessThan(4000 + 1000);
    expect(serverGaveUp).toHaveLength(1);
    const detectedByServer = await serverGaveUp[0]!;
    expect(detectedByServer).toBeLessThan(1500 + 500);

    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'open', { timeout: 20_000 });
    await expect(page.getByTestId('header-stale')).toHaveCount(0);
    // The same feed after a stall: no restart notice.
    await expect(page.getByRole('status')).not.toContainText('The feed restarted');
    const price = row(page, 'AAPL').getByTestId('price');
    const before = await price.textContent();
    await expect.poll(() => price.textContent(), { timeout: 15_000 }).not.toBe(before);
    // Back on the same stream: the chart still shows the whole session.
    await expect(chart).toHaveAttribute('aria-label', /^AAPL 5-minute candles, Fri 20 Nov 04:00 to 1\d:\d\d New York time, /);
  } finally {
    await proxy.close();
    await feed.stop();
  }
});
