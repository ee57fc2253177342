import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnFeed, type FeedProcess } from '../support/feed-process.ts';
import { test as base, expect, row } from './fixtures.ts';

const BIN = fileURLToPath(new URL('../../bin/tickwall.js', import.meta.url));
const LEAN = fileURLToPath(new URL('../../data/lean/minute/', import.meta.url));

/**
 * The shipped four-symbol day, imported and replayed by real tickwall
 * processes, paused at 10:00 New York time. (The live feed fixture is lazy
 * and does not start here.)
 */
const test = base.extend<object, { replay: FeedProcess }>({
  replay: [
    async ({}, use) => {
      const out = join(mkdtempSync(join(tmpdir(), 'tickwall-e2e-')), 'day.jsonl.gz');
      const files = ['aig', 'bac', 'ibm', 'spy'].flatMap((s) => [join(LEAN, s, '20131007_trade.zip'), join(LEAN, s, '20131007_quote.zip')]);
      const imported = spawnSync(process.execPath, [BIN, 'import', 'lean', ...files, '--out', out], { encoding: 'utf8' });
      if (imported.status !== 0) throw new Error(`import failed: ${imported.stderr}`);
      const replay = await spawnFeed(['--paused', '--from', '10:00', '--speed', '60'], { command: ['replay', out] });
      await use(replay);
      await replay.stop();
    },
    { scope: 'worker' },
  ],
});

test.describe.configure({ mode: 'serial' });

test('plays, pauses and seeks a recorded day; the chart always shows the day up to the replayed time', async ({ page, replay }, testInfo) => {
  await page.goto(`${replay.url}/?symbols=SPY,IBM,AIG,BAC&selected=SPY&interval=5m`);
  await expect(page.getByTestId('mode')).toHaveText('REPLAY');
  await expect(page.getByTestId('replay-date')).toHaveText('Recorded Mon, Oct 7, 2013');
  const bar = page.getByTestId('replay-bar');
  const position = page.getByTestId('replay-position');
  await expect(bar).toHaveAttribute('data-state', 'paused');
  await expect(position).toHaveText('10:00:00');
  // The snapshot shows the state at 10:00, before anything plays, and the chart the session up to it.
  await expect(row(page, 'SPY').getByTestId('price')).toHaveText(/^1\d\d\.\d\d$/);
  const chart = page.getByTestId('price-chart');
  await expect(chart).toHaveAttribute('aria-label', /^SPY 5-minute candles, Mon 7 Oct 04:00 to 09:55 New York time, last 1\d\d\.\d\d$/);

  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(bar).toHaveAttribute('data-state', 'playing');
  await expect(position).toHaveText(/^10:0[5-9]/, { timeout: 15_000 });
  await expect(chart).toHaveAttribute('aria-label', /^SPY 5-minute candles, Mon 7 Oct 04:00 to 10:0\d New York time, /);

  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(bar).toHaveAttribute('data-state', 'paused');
  const paused = await position.textContent();
  await page.waitForTimeout(1000);
  await expect(position).toHaveText(paused!);

  // Seek to 14:00 with the scrubber: the state and the chart move to the new time, the chart still from the open.
  const target = Date.UTC(2013, 9, 7, 18, 0, 0);
  await page.getByTestId('replay-scrubber').evaluate((input: HTMLInputElement, value) => {
    input.value = String(value);
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, target);
  await expect(position).toHaveText('14:00:00');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(chart).toHaveAttribute('aria-label', /^SPY 5-minute candles, Mon 7 Oct 04:00 to 14:0\d New York time, /, { timeout: 15_000 });
  await page.screenshot({ path: testInfo.outputPath('replay-1280x720.png') });
  await page.getByRole('button', { name: 'Pause' }).click();
});

test('the keyboard steers the replay: space, arrows, + and −', async ({ page, replay }) => {
  await page.goto(`${replay.url}/?symbols=SPY&selected=SPY`);
  const bar = page.getByTestId('replay-bar');
  await expect(bar).toHaveAttribute('data-state', 'paused');
  const speed = page.getByRole('combobox', { name: 'Replay speed' });
  await expect(speed).toHaveValue('60');
  await page.keyboard.press('+');
  await expect(speed).toHaveValue('100');
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  await expect(speed).toHaveValue('30');

  const position = page.getByTestId('replay-position');
  const before = await position.textContent();
  await page.keyboard.press('ArrowLeft');
  await expect(position).not.toHaveText(before!);
  await page.keyboard.press(' ');
  await expect(bar).toHaveAttribute('data-state', 'playing');
  await page.keyboard.press(' ');
  await expect(bar).toHaveAttribute('data-state', 'paused');
});

test('the wall works in replay and shows the replayed date', async ({ page, replay }) => {
  await page.goto(`${replay.url}/wall?symbols=SPY,IBM,AIG,BAC`);
  await expect(page.getByTestId('wall-mode')).toHaveText('REPLAY');
  await expect(page.getByTestId('wall-replay-date')).toHaveText(/^Recorded Mon, Oct 7, 2013$/);
  await expect(page.getByTestId('wall-tile')).toHaveCount(4);
  await expect(page.getByTestId('market-clock')).toContainText('Mon, Oct 7, 2013');
  await expect(page.getByTestId('heatmap-cell')).toHaveCount(4);
  // A recording knows no market caps: the areas are the session's traded value, and the heatmap says so.
  await expect(page.getByTestId('heatmap-basis')).toHaveText('Area: traded value · colour: % change');
  await expect(page.getByTestId('heatmap')).toHaveAttribute('aria-label', 'Heatmap: area by traded value, colour by % change');
});

test('a crypto day replays as it traded: 24/7 in UTC, open on a Sunday, fractional volume, the pair names as written', async ({ page }) => {
  const out = join(mkdtempSync(join(tmpdir(), 'tickwall-e2e-')), 'crypto.jsonl.gz');
  const crypto = fileURLToPath(new URL('../../data/lean/crypto/coinbase/minute/', import.meta.url));
  const files = ['btcusd', 'ethusd'].map((pair) => join(crypto, pair, '20170903_trade.zip'));
  const imported = spawnSync(process.execPath, [BIN, 'import', 'lean', ...files, '--out', out], { encoding: 'utf8' });
  expect(imported.status, imported.stderr).toBe(0);
  // 3 September 2017 was a Sunday: an equity market is closed, a crypto market is not.
  const replay = await spawnFeed(['--paused', '--from', '2017-09-03 12:00', '--speed', '60'], { command: ['replay', out] });
  try {
    await page.goto(`${replay.url}/?symbols=BTC-USD,ETH-USD&selected=BTC-USD`);
    await expect(page.getByTestId('replay-date')).toHaveText('Recorded Sun, Sep 3, 2017');
    await expect(page.getByTestId('market-status')).toHaveText('Market open');
    await expect(page.getByTestId('clock')).toContainText('12:00');
    await expect(page.getByTestId('clock')).toContainText('UTC');
    await expect(row(page, 'BTC-USD').getByTestId('price')).toHaveText(/^4,\d{3}\.\d{2}$/);
    await expect(row(page, 'ETH-USD').getByTestId('price')).toHaveText(/^3\d{2}\.\d{2}$/);
    await expect(row(page, 'BTC-USD')).toContainText('Bitcoin');
    // Without a daily file there is no previous close: change is measured from the day's open, and the chart panel says so.
    await expect(page.getByText('Open (no prev close)')).toBeVisible();
    // The session is the UTC day: the chart starts at midnight UTC and runs to the replayed noon.
    await expect(page.getByTestId('price-chart')).toHaveAttribute('aria-label', /^BTC-USD 5-minute candles, Sun 3 Sep 00:00 to 1[12]:\d\d UTC time/);

    // The wall too: open on a Sunday, a UTC clock, prices at the pairs' precision.
    await page.goto(`${replay.url}/wall?symbols=BTC-USD,ETH-USD`);
    await expect(page.getByTestId('wall-tile')).toHaveCount(2);
    await expect(page.getByTestId('market-session')).toHaveText('Market open');
    await expect(page.getByTestId('market-clock')).toContainText('12:00');
    await expect(page.getByTestId('market-clock')).toContainText('UTC');
    await expect(page.locator('[data-testid=wall-tile][data-symbol="BTC-USD"] [data-testid=wall-price]')).toHaveText(/^4,\d{3}\.\d{2}$/);
    await expect(page.locator('[data-testid=wall-tile][data-symbol="ETH-USD"] [data-testid=wall-price]')).toHaveText(/^3\d{2}\.\d{2}$/);
  } finally {
    await replay.stop();
  }
});
