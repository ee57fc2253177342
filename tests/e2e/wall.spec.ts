import type { SparklineCanvas } from '../../web/src/lib/sparkline.ts';
import { spawnFeed, type FeedProcess } from '../support/feed-process.ts';
import { expect, test } from './fixtures.ts';

/**
 * No traces here: recording one stalls a 32-tile wall (its snapshots copy every
 * canvas, and 32 sparklines redraw many times a second) until actions time out.
 * Failures still leave a screenshot.
 */
test.use({ trace: 'off' });

/** The simulated universe's 32 symbols, in its order. */
const FIRST_32 = 'AAPL,MSFT,NVDA,AVGO,ORCL,ADBE,CRM,AMD,INTC,CSCO,GOOGL,META,NFLX,DIS,AMZN,TSLA,HD,MCD,JPM,BAC,V,MA,BRK.B,LLY,UNH,JNJ,PFE,XOM,CVX,WMT,KO,PG';

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

  test('each sparkline ends at its tile\'s price, on the side of the previous close its arrow says', async ({ page, feed }) => {
    await page.goto(`${feed.url}/wall?symbols=${FIRST_32}&panels=tiles`);
    await expect(page.getByTestId('wall-tile')).toHaveCount(32);
    // Read in one task, as a viewer sees one frame: every tile's text and its canvas, as drawn.
    const readTiles = () =>
      page.getByTestId('wall-tile').evaluateAll((tiles) =>
        tiles.map((tile) => {
          const drawn = tile.querySelector<SparklineCanvas>('[data-testid=sparkline]')!.drawn;
          return {
            symbol: tile.getAttribute('data-symbol'),
            shown: Number(tile.querySelector('[data-testid=wall-price]')!.textContent!.replaceAll(',', '')),
            arrow: tile.className.match(/dir-(up|down|flat)/)![1],
            end: drawn?.endPrice ?? NaN,
            endY: drawn?.ys.at(-1) ?? NaN,
            referenceY: drawn?.referenceY ?? NaN,
            direction: drawn?.direction,
          };
        }),
      );
    await expect.poll(async () => (await readTiles()).every((t) => t.end > 0)).toBe(true);
    let seen = '';
    for (let sample = 0; sample < 12; sample++) {
      // Each sample after prices have moved: the line must follow the price at once, not on its own timer.
      await expect.poll(async () => (await readTiles()).map((t) => t.shown).join()).not.toBe(seen);
      const tiles = await readTiles();
      seen = tiles.map((t) => t.shown).join();
      for (const tile of tiles) {
        expect(tile.end, `${tile.symbol} line ends at its price`).toBeCloseTo(tile.shown, 6);
        expect(tile.direction, `${tile.symbol} line colour`).toBe(tile.arrow);
        if (tile.arrow === 'down') expect(tile.endY, `${tile.symbol} ▼ ends below the previous close`).toBeGreaterThan(tile.referenceY);
        if (tile.arrow === 'up') expect(tile.endY, `${tile.symbol} ▲ ends above the previous close`).toBeLessThan(tile.referenceY);
      }
    }
  });

  test('the heatmap says what its areas measure: market cap, when the feed knows every symbol\'s', async ({ page, feed }) => {
    await page.goto(`${feed.url}/wall?symbols=AAPL&panels=heatmap`);
    await expect(page.getByTestId('heatmap-basis')).toHaveText('Area: market cap · colour: % change');
    await expect(page.getByTestId('heatmap')).toHaveAttribute('aria-label', 'Heatmap: area by market cap, colour by % change');
  });

  test('a large stale overlay appears when the feed freezes, and clears by itself when it returns', async ({ page }) => {
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

  test('after a feed restart the stale overlay clears within 5 s of the new feed listening', async ({ page }) => {
    test.setTimeout(90_000);
    const first = await spawnFeed(['--seed', '9']);
    const port = new URL(first.url).port;
    let second: FeedProcess | null = null;
    try {
      await page.goto(`${first.url}/wall?symbols=AAPL,MSFT`);
      await expect(page.locator('[data-testid=wall-price]').first()).toHaveText(/^\d/);
      await first.stop();
      await expect(page.getByTestId('wall-stale')).toBeVisible();
      await expect(page.getByTestId('wall-stale')).toContainText('Reconnecting automatically');
      // The outage, not a wait for a result: long enough (15 s) for the reconnect backoff to reach its cap, as in the reported restarts.
      await page.waitForTimeout(15_000);
      second = await spawnFeed(['--seed', '10', '--port', port]);
      // spawnFeed resolves when the new feed says it is listening: the 5 s count from there.
      await expect(async () => expect(await page.getByTestId('wall-stale').count()).toBe(0)).toPass({ timeout: 5000, intervals: [100] });
      await expect(page.locator('[data-testid=wall-price]').first()).toHaveText(/^\d/);
    } finally {
      await first.stop();
      await second?.stop();
    }
  });

  test('fits a phone and every size in the light theme: no horizontal overflow, no clipped text', async ({ page, feed }, testInfo) => {
    test.setTimeout(180_000);
    for (const [theme, width, height] of [
      ['dark', 390, 844],
      ['light', 390, 844],
      ['light', 1280, 720],
      ['light', 1920, 1080],
      ['light', 3840, 2160],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.goto(`${feed.url}/wall?theme=${theme}`);
      await expect(page.getByTestId('wall-tile')).toHaveCount(12);
      await expect(page.getByTestId('heatmap').locator('[data-symbol]').first()).toBeVisible();
      const fit = await page.evaluate(() => {
        const wide = document.documentElement.scrollWidth - window.innerWidth;
        const clipped = [...document.querySelectorAll('body *')]
          .filter((el): el is HTMLElement => el instanceof HTMLElement && el.offsetParent !== null && getComputedStyle(el).clipPath === 'none')
          .filter((el) => [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== ''))
          // The tape scrolls its text by design; names may end in an ellipsis (text-overflow), prices and changes may not.
          .filter((el) => !el.closest('[data-testid=ticker-tape]') && getComputedStyle(el).textOverflow !== 'ellipsis')
          .filter((el) => getComputedStyle(el).overflow !== 'visible' && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1))
          .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent!.trim().slice(0, 30)}`);
        return { wide, clipped };
      });
      expect({ theme, width, ...fit }).toEqual({ theme, width, wide: 0, clipped: [] });
      const path = testInfo.outputPath(`wall-${theme}-${width}x${height}.png`);
      await page.screenshot({ path, timeout: 60_000 });
      await testInfo.attach(`wall ${theme} ${width}x${height}`, { path, contentType: 'image/png' });
    }
  });

  for (const [count, symbols] of [
    [12, ''],
    [32, FIRST_32],
  ] as const)
    test(`keeps screenshots of ${count} tiles at 1280x720, 1920x1080 and 3840x2160, with nothing clipped`, async ({ page, feed }, testInfo) => {
      // A 4K page is rendered without a GPU on a shared two-core machine. Themes change colours only, not the layout checked here.
      test.setTimeout(180_000);
      for (const [width, height] of [
        [1280, 720],
        [1920, 1080],
        [3840, 2160],
      ] as const) {
        await page.setViewportSize({ width, height });
        await page.goto(`${feed.url}/wall${symbols ? `?symbols=${symbols}` : ''}`);
        await expect(page.getByTestId('wall-tile')).toHaveCount(count);
        // Every line drawn (the sessions arrived) before the picture is taken.
        const undrawn = () =>
          page.getByTestId('wall-tile').evaluateAll((tiles) =>
            tiles.filter((tile) => !tile.querySelector<SparklineCanvas>('[data-testid=sparkline]')!.drawn).map((tile) => tile.getAttribute('data-symbol')),
          );
        // A bound, not a speed check: 32 sessions drawn at 4K without a GPU can take a while on a busy two-core machine.
        await expect.poll(undrawn, { timeout: 60_000 }).toEqual([]);
        // Text must scale with the screen: the price font grows with the viewport.
        const fontPx = await page.locator('[data-testid=wall-price]').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
        expect(fontPx).toBeGreaterThan(width / (count > 16 ? 55 : 40));
        const layout = await page.getByTestId('wall-tiles').evaluate((section) => {
          const box = section.getBoundingClientRect();
          const emPx = parseFloat(getComputedStyle(section).fontSize);
          return [...section.querySelectorAll<HTMLElement>('[data-testid=wall-tile]')].map((tile) => {
            const rect = tile.getBoundingClientRect();
            const inside = (el: Element) => {
              const r = el.getBoundingClientRect();
              return r.left >= rect.left - 0.5 && r.right <= rect.right + 0.5 && r.top >= rect.top - 0.5 && r.bottom <= rect.bottom + 0.5;
            };
            const price = tile.querySelector<HTMLElement>('[data-testid=wall-price]')!;
            const change = tile.querySelector<HTMLElement>('[data-testid=wall-change]')!;
            const canvas = tile.querySelector<SparklineCanvas>('[data-testid=sparkline]')!;
            return {
              symbol: tile.dataset.symbol,
              inSection: rect.bottom <= box.bottom + 0.5 && rect.right <= box.right + 0.5,
              textFits: inside(price) && inside(change) && price.scrollWidth <= price.clientWidth + 1 && change.scrollWidth <= change.clientWidth + 1,
              sparklineEm: canvas.clientHeight / emPx,
              sparklineInside: inside(canvas),
              linePx: canvas.drawn?.linePx ?? 0,
            };
          });
        });
        for (const tile of layout) {
          const where = `${tile.symbol}, ${count} tiles at ${width}x${height}`;
          expect(tile.inSection, `${where}: tile inside the wall`).toBe(true);
          expect(tile.textFits, `${where}: price and change unclipped`).toBe(true);
          expect(tile.sparklineInside, `${where}: sparkline inside its tile`).toBe(true);
          // The readable minimum: 2 em of the wall's text (24 px at 1280x720, 72 px at 3840x2160).
          expect(tile.sparklineEm, `${where}: sparkline height`).toBeGreaterThanOrEqual(2);
          // Across a room at 4K the line is several pixels thick.
          if (width === 3840) expect(tile.linePx, `${where}: line width`).toBeGreaterThanOrEqual(4);
        }
        const path = testInfo.outputPath(`wall-${count}-${width}x${height}.png`);
        await page.screenshot({ path, timeout: 60_000 });
        await testInfo.attach(`wall ${count} tiles ${width}x${height}`, { path, contentType: 'image/png' });
      }
    });
});
