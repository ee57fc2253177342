/**
 * `npm run bench:web -- [--rate 2500] [--seconds 15] [--json FILE] [--screenshots DIR] [--serve]`
 *
 * Drives Chromium against two pages fed by the same real feed (500-symbol
 * universe, every symbol watched): the dashboard's own components, and a
 * naive rebuild (table re-rendered wholesale per message, chart.js with
 * parsing and animation on). Each shows four charts: the dashboard's are
 * 1-minute candles of the session from the feed's history, the naive page's
 * chart.js lines preloaded with 10,000 points. Reports frame times, long tasks, main-thread time, heap, and
 * latency from each tick's source time to the frame that paints it.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from '@playwright/test';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { build } from 'vite';
import { syntheticUniverse } from '../feed/universe.ts';
import { chromiumLaunchOptions } from '../tests/support/chromium.ts';
import { spawnFeed, LIVE_CLOCK } from '../tests/support/feed-process.ts';
import type { ProbeReport } from './web/probe.ts';
import { descendantsCpuSeconds } from './process-stats.ts';
import { webTable } from './result-tables.ts';
import type { Variant, WebRow } from './result-types.ts';
import { percentile, printTable } from './table.ts';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '2500' },
    universe: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
    variants: { type: 'string', default: 'tickwall,naive' },
    json: { type: 'string' },
    screenshots: { type: 'string' },
    serve: { type: 'boolean', default: false },
  },
});

const VSYNC_MS = 1000 / 60;
const PAGES: Record<Variant, string> = { tickwall: 'optimized.html', naive: 'naive.html' };


async function buildPages(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'tickwall-bench-web-'));
  const root = fileURLToPath(new URL('./web/', import.meta.url));
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    plugins: [svelte({ configFile: fileURLToPath(new URL('../svelte.config.js', import.meta.url)) })],
    worker: { format: 'es' },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 1000,
      rollupOptions: { input: Object.values(PAGES).map((page) => join(root, page)) },
    },
  });
  // The feed serves a static root only if it has an index page.
  writeFileSync(join(outDir, 'index.html'), Object.values(PAGES).map((page) => `<a href="/${page}">${page}</a>`).join('<br>'));
  return outDir;
}

type Metrics = Record<string, number>;

async function measure(browser: Browser, baseUrl: string, variant: Variant, symbols: string[]): Promise<WebRow> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1 });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async (): Promise<Metrics> =>
    Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  try {
    await page.goto(`${baseUrl}/${PAGES[variant]}?symbols=${symbols.join(',')}&window=all`);
    await page.waitForFunction(() => window.tickwallBench?.ready === true, undefined, { timeout: 30_000 });
    await page.waitForTimeout(Number(values.warmup) * 1000);
    const before = await metrics();
    // The browser's processes are children of this one (Playwright launches it directly).
    const cpuBefore = descendantsCpuSeconds(process.pid);
    await page.evaluate(() => window.tickwallBench!.start());
    await page.waitForTimeout(Number(values.seconds) * 1000);
    console.log(`measured ${variant}`);
    const report: ProbeReport = await page.evaluate(() => window.tickwallBench!.stop());
    const after = await metrics();
    const cpuAfter = descendantsCpuSeconds(process.pid);
    const browserCpu = cpuBefore === null || cpuAfter === null ? Number.NaN : cpuAfter - cpuBefore;
    if (values.screenshots) {
      mkdirSync(values.screenshots, { recursive: true });
      // A page whose main thread is saturated may not produce a screenshot in time; that is a result too.
      await page.screenshot({ path: join(values.screenshots, `bench-web-${variant}.png`), timeout: 10_000 }).catch((error: Error) => console.warn(`no screenshot of ${variant}: ${error.message.split('\n')[0]}`));
    }
    if (errors.length > 0) throw new Error(`${variant} page errors: ${errors.join('; ')}`);
    const delta = (name: string) => (after[name] ?? 0) - (before[name] ?? 0);
    const frames = [...report.frameDeltas].sort((a, b) => a - b);
    const latencies = [...report.latencies].sort((a, b) => a - b);
    return {
      variant,
      ticksPerSecond: report.ticks / report.seconds,
      batchesPerSecond: report.batches / report.seconds,
      chartPoints: report.chartPoints,
      frames: frames.length,
      frameP50: percentile(frames, 0.5),
      frameP95: percentile(frames, 0.95),
      frameP99: percentile(frames, 0.99),
      frameMax: frames[frames.length - 1] ?? Number.NaN,
      longTasks: report.longTasks.length,
      longestTaskMs: Math.max(0, ...report.longTasks),
      scriptingMsPerSecond: (delta('ScriptDuration') * 1000) / report.seconds,
      mainThreadMsPerSecond: (delta('TaskDuration') * 1000) / report.seconds,
      layoutMsPerSecond: (delta('LayoutDuration') * 1000) / report.seconds,
      styleMsPerSecond: (delta('RecalcStyleDuration') * 1000) / report.seconds,
      mainThreadUsPerTick: (delta('TaskDuration') * 1e6) / Math.max(report.ticks, 1),
      browserCpuUsPerTick: (browserCpu * 1e6) / Math.max(report.ticks, 1),
      browserCpuPercent: (browserCpu / report.seconds) * 100,
      droppedFramePercent: (100 * frames.filter((delta) => delta > 1.5 * VSYNC_MS).length) / Math.max(frames.length, 1),
      heapMiB: (after.JSHeapUsedSize ?? 0) / 2 ** 20,
      latencyP50: percentile(latencies, 0.5),
      latencyP99: percentile(latencies, 0.99),
      latencyMax: latencies[latencies.length - 1] ?? Number.NaN,
      frameDeltas: report.frameDeltas,
    };
  } finally {
    await page.close();
  }
}

export async function runWebBench(): Promise<WebRow[]> {
  const outDir = await buildPages();
  const feed = await spawnFeed([...LIVE_CLOCK, '--universe', values.universe, '--rate', values.rate, '--seed', '1', '--static-dir', outDir]);
  const browser = await chromium.launch(chromiumLaunchOptions());
  const symbols = syntheticUniverse(Number(values.universe)).map((s) => s.symbol);
  try {
    const rows: WebRow[] = [];
    for (const variant of values.variants.split(',') as Variant[]) rows.push(await measure(browser, feed.url, variant, symbols));
    return rows;
  } finally {
    await browser.close();
    await feed.stop();
    rmSync(outDir, { recursive: true, force: true });
  }
}

export function printWebTable(rows: WebRow[]): void {
  const table = webTable(rows);
  printTable(table.header, table.rows);
  console.log('"vs tickwall": time per tick relative to tickwall (main thread; then all browser processes, workers included).');
  console.log('Dropped: frames longer than 1.5 vsyncs. Paint latency: tick source time to the frame that paints it.');
}

/** Builds and serves the two pages without measuring, to profile them by hand in a browser. */
async function serveForProfiling(): Promise<void> {
  const outDir = await buildPages();
  const feed = await spawnFeed([...LIVE_CLOCK, '--universe', values.universe, '--rate', values.rate, '--seed', '1', '--static-dir', outDir]);
  const query = `?symbols=${syntheticUniverse(Number(values.universe)).map((s) => s.symbol).join(',')}&window=all`;
  for (const page of Object.values(PAGES)) console.log(`${feed.url}/${page}${query}`);
  console.log('Ctrl-C to stop.');
  process.once('SIGINT', () => void feed.stop().then(() => rmSync(outDir, { recursive: true, force: true })));
}

if (import.meta.url === `file://${process.argv[1]}` && values.serve) {
  await serveForProfiling();
} else if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`bench:web  ${values.universe} symbols watched, ${values.rate} ticks/s, four charts of 10,000 points, 1920x1080, ${values.seconds} s per page`);
  const rows = await runWebBench();
  printWebTable(rows);
  if (values.json) writeFileSync(values.json, JSON.stringify({ config: values, rows }, null, 2));
}
