/**
 * `npm run soak:wall -- --minutes N [--interval 10] [--universe 500] [--rate 3000] [--json FILE]`
 *
 * Runs the wall (tiles, tape, heatmap of the universe, clock, rotating every
 * 20 s) in Chromium against a busy feed and samples, every interval: JS heap
 * after a forced GC, DOM nodes in the document and in the renderer (detached
 * ones included), frame-time p50/p95 from requestAnimationFrame, and long
 * tasks. Heap and node counts must plateau for a wall that runs for days.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../tests/support/chromium.ts';
import { spawnFeed, LIVE_CLOCK } from '../tests/support/feed-process.ts';
import { fmt, percentile, printTable } from './table.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    interval: { type: 'string', default: '10' },
    universe: { type: 'string', default: '500' },
    rate: { type: 'string', default: '3000' },
    json: { type: 'string' },
  },
});
const minutes = Number(values.minutes);
const intervalS = Number(values.interval);
if (!(minutes > 0) || !(intervalS >= 1)) {
  console.error('soak:wall: --minutes must be positive and --interval at least 1');
  process.exit(2);
}

interface Sample {
  minute: number;
  heapMiB: number;
  documentNodes: number;
  rendererNodes: number;
  frameP50: number;
  frameP95: number;
  longTasks: number;
  longestTaskMs: number;
}

const feed = await spawnFeed([...LIVE_CLOCK, '--universe', values.universe, '--rate', values.rate, '--seed', '11']);
const browser = await chromium.launch(chromiumLaunchOptions());
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
// A string, not a function: tsx's compiled functions reference helpers that do not exist in the page.
await page.addInitScript(`
  (() => {
    const soak = { frames: [], longTasks: 0, longest: 0 };
    window.__soak = soak;
    let last = performance.now();
    const frame = (time) => {
      if (soak.frames.length < 50000) soak.frames.push(time - last);
      last = time;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        soak.longTasks++;
        soak.longest = Math.max(soak.longest, entry.duration);
      }
    }).observe({ type: 'longtask', buffered: true });
  })();
`);
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');
await page.goto(`${feed.url}/wall?rotate=20`);
await page.getByTestId('wall-tile').first().waitFor();

console.log(`soak:wall  ${minutes} min, ${values.universe}-symbol universe at ${values.rate} ticks/s, sampled every ${intervalS} s`);
const samples: Sample[] = [];
const started = Date.now();
while (Date.now() - started < minutes * 60_000) {
  await page.waitForTimeout(intervalS * 1000);
  const observed = await page.evaluate(() => {
    const soak = (window as unknown as { __soak: { frames: number[]; longTasks: number; longest: number } }).__soak;
    const result = { frames: soak.frames.slice(), longTasks: soak.longTasks, longest: soak.longest, nodes: document.getElementsByTagName('*').length };
    soak.frames.length = 0;
    soak.longTasks = 0;
    soak.longest = 0;
    return result;
  });
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  const frames = observed.frames.sort((a, b) => a - b);
  const sample: Sample = {
    minute: (Date.now() - started) / 60_000,
    heapMiB: metric('JSHeapUsedSize') / 1048576,
    documentNodes: observed.nodes,
    rendererNodes: metric('Nodes'),
    frameP50: percentile(frames, 0.5),
    frameP95: percentile(frames, 0.95),
    longTasks: observed.longTasks,
    longestTaskMs: observed.longest,
  };
  samples.push(sample);
  console.log(
    `  ${fmt(sample.minute, 1)} min: heap ${fmt(sample.heapMiB, 1)} MiB, nodes ${sample.documentNodes}/${fmt(sample.rendererNodes)}, ` +
      `frames p50 ${fmt(sample.frameP50, 1)} p95 ${fmt(sample.frameP95, 1)} ms, long tasks ${sample.longTasks}`,
  );
}
await browser.close();
await feed.stop();

const thirds = [0, 1, 2].map((i) => samples.slice(Math.floor((i * samples.length) / 3), Math.floor(((i + 1) * samples.length) / 3)));
const mean = (list: Sample[], key: keyof Sample) => list.reduce((s, x) => s + x[key], 0) / Math.max(1, list.length);
const max = (list: Sample[], key: keyof Sample) => Math.max(...list.map((x) => x[key]));
printTable(
  ['period', 'heap MiB (mean)', 'heap MiB (max)', 'document nodes (max)', 'renderer nodes (max)', 'frame p50 ms', 'frame p95 ms', 'long tasks', 'longest task ms'],
  thirds.map((part, i) => [
    ['first third', 'middle third', 'last third'][i]!,
    fmt(mean(part, 'heapMiB'), 1),
    fmt(max(part, 'heapMiB'), 1),
    fmt(max(part, 'documentNodes')),
    fmt(max(part, 'rendererNodes')),
    fmt(mean(part, 'frameP50'), 1),
    fmt(mean(part, 'frameP95'), 1),
    fmt(part.reduce((s, x) => s + x.longTasks, 0)),
    fmt(max(part, 'longestTaskMs'), 0),
  ]),
);
const growth = (key: keyof Sample) => (mean(thirds[2]!, key) - mean(thirds[1]!, key)) / mean(thirds[1]!, key);
console.log(`heap change, middle to last third: ${fmt(growth('heapMiB') * 100, 1)}%; renderer nodes: ${fmt(growth('rendererNodes') * 100, 1)}%`);
if (values.json) writeFileSync(values.json, JSON.stringify({ config: values, samples }, null, 2));
