import { spawnFeed } from '../support/feed-process.ts';
import { expect, test } from './fixtures.ts';

test.describe('wall view', () => {
  test('renders the configuration in its URL, and names symbols the feed does not carry', async ({ page, feed }) => {
    await page.goto(`${feed.url}/wall?symbols=AAPL,MSFT,NVDA&cols=3&theme=contrast&panels=tiles,tape,heatmap,clock`);
    await expect(page.getByTestId('wall')).toHaveAttribute('data-theme', 'contrast');
    await expect(page.getByTestId('wall-tile')).toHaveCount(3);
    await expect(page.getByTestId('wall-tile').first()).toHaveAttribute('data-symbol', 'AAPL');
    await expect(page.getByTestId('heatmap-cell')).toHaveCount(32);
    await expect(page.getByTestId('market-session')).toHaveText(/Pre-market|Market open|After hours|Market closed/);
    await expect(page.getByTestId('wall-mode')).toHaveText('LIVE');

    await expect(page.getByTestId('wall-missing')).toHaveCount(0);

    // A symbol the feed does not carry is not dropped silently: the wall says so, for as long as it is true.
    await page.goto(`${feed.url}/wall?symbols=KO,NOPE,XYZ.Q&panels=tiles`);
    await expect(page.getByTestId('wall-tile')).toHaveCount(1);
    await expect(page.getByTestId('wall-missing')).toHaveText('Not in this feed: NOPE, XYZ.Q');
    await expect(page.getByTestId('heatmap')).toHaveCount(0);
    await expect(page.getByTestId('ticker-tape')).toHaveCount(0);
  });

  test('tiles update, the tape moves and the heatmap recolours', async ({ page, feed }) => {
    await page.goto(`${feed.url}/wall?symbols=AAPL,NVDA,TSLA,MSFT`);
    const price = page.locator('[data-testid=wall-tile][data-symbol=NVDA] [data-testid=wall-price]');
    await expect(price).toHaveText(/^\d[\d,]*\.\d{2}$/);
    const first = await price.textContent();
    await expect.poll(() => price.textContent(), { timeout: 15_000 }).not.toBe(first);

    const offset = () => page.getByTestId('tape-track').evaluate((track) => new DOMMatrix(getComputedStyle(track).transform).m41);
    const start = await offset();
    await page.waitForTimeout(500);
    expect(await offset()).toBeLessThan(start - 1);

    const colours = () =>
      page.getByTestId('heatmap-cell').evaluateAll((cells) => cells.map((cell) => getComputedStyle(cell).backgroundColor).join('|'));
    const before = await colours();
    await expect.poll(colours, { timeout: 15_000 }).not.toBe(before);
  });

  test('keys change the theme and pause rotation; the cursor hides when idle', async ({ page, feed }) => {
    await page.goto(`${feed.url}/wall?symbols=AAPL,MSFT&rotate=60&panels=tiles,heatmap`);
    const wall = page.getByTestId('wall');
    await expect(wall).toHaveAttribute('data-theme', 'dark');
    await page.keyboard.press('t');
    await expect(wall).toHaveAttribute('data-theme', 'light');
    await page.keyboard.press('t');
    await expect(wall).toHaveAttribute('data-theme', 'contrast');
    await page.keyboard.press('p');
    await expect(page.getByText('paused', { exact: true })).toBeVisible();
    await page.mouse.move(10, 10);
    await expect(wall).not.toHaveClass(/hide-cursor/);
    await expect(wall).toHaveClass(/hide-cursor/, { timeout: 6000 });
  });

  test('the dashboard builds a wall link from the watchlist; the popover closes on Escape and outside clicks', async ({ page, feed }) => {
    await page.goto(`${feed.url}/?symbols=KO,PG,JPM`);
    await page.getByRole('button', { name: 'Wall link' }).click();
    const builder = page.getByTestId('wall-builder');
    await builder.getByLabel('Theme').selectOption('light');
    await builder.getByLabel('Rotate (s)').fill('30');
    const url = await page.getByTestId('wall-url').inputValue();
    expect(url).toBe(`${feed.url}/wall?symbols=KO,PG,JPM&theme=light&rotate=30`);
    // It closes as a popover does: Escape (focus back on its button), or a click outside.
    await page.keyboard.press('Escape');
    await expect(builder).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Wall link' })).toBeFocused();
    await page.getByRole('button', { name: 'Wall link' }).click();
    await expect(builder).toBeVisible();
    await page.mouse.click(10, 400);
    await expect(builder).toHaveCount(0);
    await page.goto(url);
    await expect(page.getByTestId('wall')).toHaveAttribute('data-theme', 'light');
    await expect(page.getByTestId('wall-tile')).toHaveCount(3);
  });

  test('a large stale overlay appears when the feed stops, and clears by itself when it returns', async ({ page }) => {
    const feed = await spawnFeed(['--seed', '9']);
    try {
      await page.goto(`${feed.url}/wall?symbols=AAPL,MSFT`);
      await expect(page.locator('[data-testid=wall-price]').first()).toHaveText(/^\d/);
      await expect(page.getByTestId('wall-stale')).toHaveCount(0);
      feed.process.kill('SIGSTOP');
      await expect(page.getByTestId('wall-stale')).toBeVisible({ timeout: 10_000 });
      await expect(page.getByTestId('wall-stale')).toContainText(/FEED STALE.*No data since \d\d:\d\d:\d\d ET/);
      feed.process.kill('SIGCONT');
      await expect(page.getByTestId('wall-stale')).toHaveCount(0, { timeout: 20_000 });
    } finally {
      feed.process.kill('SIGCONT');
      await feed.stop();
    }
  });

  test('keeps screenshots at 1280x720, 1920x1080 and 3840x2160', async ({ page, feed }, testInfo) => {
    for (const [width, height] of [
      [1280, 720],
      [1920, 1080],
      [3840, 2160],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.goto(`${feed.url}/wall`);
      await expect(page.getByTestId('wall-tile')).toHaveCount(12);
      await page.waitForTimeout(2500);
      // Text must scale with the screen: the price font grows with the viewport.
      const fontPx = await page.locator('[data-testid=wall-price]').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(fontPx).toBeGreaterThan(width / 40);
      const path = testInfo.outputPath(`wall-${width}x${height}.png`);
      await page.screenshot({ path });
      await testInfo.attach(`wall ${width}x${height}`, { path, contentType: 'image/png' });
    }
  });
});
