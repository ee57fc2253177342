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

test('the page reads the feed\'s chained binary frames, and one it cannot read makes it reconnect and resume instead of misreading the rest', async ({ page, feed }) => {
  const frames = { key: 0, chained: 0 };
  let connections = 0;
  let damaged = false;
  // A man in the middle between the real page and the real feed, damaging one chained frame.
  await page.routeWebSocket(/\/ws$/, (ws) => {
    connections++;
    const server = ws.connectToServer();
    server.onMessage((message) => {
      if (typeof message !== 'string' && message[0] === 0x01) {
        if ((message[1]! & 1) === 1) frames.key++;
        else frames.chained++;
        if (!damaged && frames.chained >= 20) {
          damaged = true;
          ws.send(message.subarray(0, 2));
          return;
        }
      }
      ws.send(message);
    });
  });
  await page.goto(feed.url);
  await waitForPrices(page);
  await expect.poll(() => connections, { timeout: 15_000 }).toBe(2);
  expect(frames.chained).toBeGreaterThanOrEqual(20);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'open');
  // The new connection starts a new chain with a key frame, and prices go on moving.
  const keyFramesBefore = frames.key;
  const price = row(page, 'AAPL').getByTestId('price');
  const before = await price.textContent();
  await expect.poll(() => price.textContent(), { timeout: 15_000 }).not.toBe(before);
  expect(frames.key).toBeGreaterThanOrEqual(2);
  expect(keyFramesBefore).toBeGreaterThanOrEqual(2);
  expect(connections).toBe(2);
});
