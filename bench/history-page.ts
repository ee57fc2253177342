import { chromium } from '@playwright/test';
import WebSocket from 'ws';
import type { ServerMessage } from '../shared/protocol.ts';
import { chromiumLaunchOptions } from '../tests/support/chromium.ts';
import { spawnFeed, type FeedProcess } from '../tests/support/feed-process.ts';
import { cpuSeconds } from './process-stats.ts';
import { fmt, printTable } from './table.ts';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * From navigation to a full chart (the session from 04:00 drawn: the chart's
 * label says so) for a watchlist of `sizes` symbols, in Chromium on the real
 * build. The baseline, in the same page load: the first price in the
 * watchlist, which needs no history.
 */
async function pageLoad(feed: FeedProcess, universe: string[], sizes: number[], runs: number): Promise<string[][]> {
  const browser = await chromium.launch(chromiumLaunchOptions());
  const rows: string[][] = [];
  try {
    for (const size of sizes) {
      const firstPrice: number[] = [];
      const fullChart: number[] = [];
      for (let run = 0; run < runs; run++) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
        await page.goto(`${feed.url}/?symbols=${universe.slice(0, size).join(',')}&selected=${universe[0]}&interval=5m`);
        firstPrice.push(await (await page.waitForFunction(() => (/\d/.test(document.querySelector('[data-testid=price]')?.textContent ?? '') ? performance.now() : 0), null, { polling: 'raf' })).jsonValue());
        fullChart.push(await (await page.waitForFunction(() => (/ 04:00 to /.test(document.querySelector('[data-testid=price-chart]')?.getAttribute('aria-label') ?? '') ? performance.now() : 0), null, { polling: 'raf' })).jsonValue());
        await page.close();
      }
      rows.push([fmt(size), fmt(median(firstPrice)), fmt(median(fullChart)), fmt(median(fullChart) - median(firstPrice))]);
    }
  } finally {
    await browser.close();
  }
  return rows;
}

/** One connection that subscribes to `symbols` (with the session as 5-minute bars, or without) and resolves once all of it has arrived. */
function subscribeOnce(url: string, symbols: string[], withHistory: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace('http', 'ws')}/ws`);
    let barsFor = 0;
    let snapshot = false;
    const done = () => {
      socket.close();
      resolve();
    };
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as ServerMessage;
      if (message.type === 'hello') socket.send(JSON.stringify({ type: 'subscribe', symbols, ...(withHistory ? { history: { interval: '5m' } } : {}) }));
      if (message.type === 'snapshot') snapshot = true;
      if (message.type === 'bars') barsFor += message.series.length;
      if (snapshot && (!withHistory || barsFor >= symbols.length)) done();
    });
    socket.on('error', reject);
  });
}

/** The feed's CPU per subscribe of 500 symbols, with and without the session's bars, net of what it spends meanwhile on its own. */
async function subscribeCpu(feed: FeedProcess, universe: string[], count: number): Promise<string[][]> {
  const pid = feed.process.pid!;
  const idleStart = cpuSeconds(pid)!;
  const idleWall = performance.now();
  await sleep(3000);
  const idleRate = (cpuSeconds(pid)! - idleStart) / ((performance.now() - idleWall) / 1000);
  const rows: string[][] = [];
  for (const withHistory of [false, true]) {
    const cpuBefore = cpuSeconds(pid)!;
    const wallBefore = performance.now();
    for (let i = 0; i < count; i++) await subscribeOnce(feed.url, universe.slice(0, 500), withHistory);
    const seconds = (performance.now() - wallBefore) / 1000;
    const net = cpuSeconds(pid)! - cpuBefore - idleRate * seconds;
    rows.push([withHistory ? 'snapshot + session (5m bars)' : 'baseline: snapshot only', fmt(count), fmt((net * 1000) / count, 1), fmt((seconds * 1000) / count, 1)]);
  }
  return rows;
}

/**
 * Startup: from spawning `tickwall serve` to a page's first full history
 * (the index page fetched, then a subscribe of 16 symbols answered with
 * their session bars), for the default universe and 5,000 symbols. The
 * baseline is the same with --history-days 0 and no session so far (the
 * clock starts at 04:00, the pre-market open).
 */
async function startup(): Promise<string[][]> {
  const rows: string[][] = [];
  for (const universe of ['32', '5000']) {
    for (const withPast of [false, true]) {
      const started = performance.now();
      const feed = await spawnFeed(['--universe', universe, '--seed', '42', ...(withPast ? [] : ['--history-days', '0', '--start', '2026-11-20T09:00:00Z'])]);
      const listening = performance.now() - started;
      try {
        await (await fetch(`${feed.url}/`)).text();
        const symbols = await helloSymbols(feed.url);
        await subscribeOnce(feed.url, symbols.slice(0, 16), true);
        const served = performance.now() - started;
        rows.push([universe, withPast ? 'session to 10:30 + 300 days' : 'baseline: no past', fmt(listening), fmt(served)]);
      } finally {
        await feed.stop();
      }
    }
  }
  return rows;
}

function helloSymbols(url: string): Promise<string[]> {
  return new Promise<string[]>((resolve, reject) => {
    const socket = new WebSocket(`${url.replace('http', 'ws')}/ws`);
    socket.once('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as ServerMessage;
      socket.close();
      if (message.type === 'hello') resolve(message.symbols.map((s) => s.symbol));
      else reject(new Error(`expected hello, got ${message.type}`));
    });
    socket.on('error', reject);
  });
}

export async function historyPageBench(): Promise<void> {
  const starts = await startup();
  console.log('\nStartup: spawn to listening, and to a first page with full history (index page, then 16 symbols subscribed with their session bars)\n');
  printTable(['universe', 'past', 'listening, ms', 'first page served with history, ms'], starts);

  const feed = await spawnFeed(['--universe', '500', '--rate', '2000', '--seed', '42']);
  try {
    const hello = await helloSymbols(feed.url);
    const load = await pageLoad(feed, hello, [16, 500], 3);
    console.log('\nPage load to a full chart (5-minute candles from 04:00), Chromium, real build, feed at 10:30 New York, 500-symbol universe (median of 3)\n');
    printTable(['watchlist symbols', 'baseline: first price, ms', 'full chart, ms', 'chart after first price, ms'], load);
    const cpu = await subscribeCpu(feed, hello, 20);
    console.log('\nServer CPU per subscribe of 500 symbols, one connection after another, net of the feed\'s own work\n');
    printTable(['subscribe', 'subscribes', 'server CPU ms / subscribe', 'wall ms / subscribe'], cpu);
  } finally {
    await feed.stop();
  }
}
