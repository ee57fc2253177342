/**
 * `npm run bench:feed -- [--clients 10,100,1000] [--rate 5000] [--universe 500]
 *    [--symbols-per-client 50] [--batch-ms 50] [--seconds 10] [--json FILE]`
 *
 * Starts `tickwall serve` as a child process, connects the clients from worker
 * threads, and prints one row per client count: delivered ticks/s, frames/s,
 * bytes per tick, latency from tick time to client receipt, server CPU and RSS.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { spawnFeed, LIVE_CLOCK } from '../tests/support/feed-process.ts';
import { syntheticUniverse } from '../feed/universe.ts';
import { SeededRandom } from '../feed/random.ts';
import { runClientLoad } from './client-load.ts';
import { fmt, printTable } from './table.ts';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '10,100,1000' },
    rate: { type: 'string', default: '5000' },
    universe: { type: 'string', default: '500' },
    'symbols-per-client': { type: 'string', default: '50' },
    'distinct-sets': { type: 'string', default: '20' },
    'batch-ms': { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
    workers: { type: 'string', default: '2' },
    json: { type: 'string' },
  },
});

const clientCounts = values.clients.split(',').map(Number);
const rate = Number(values.rate);
const universeSize = Number(values.universe);
const perClient = Number(values['symbols-per-client']);
const distinctSets = Number(values['distinct-sets']);
const seconds = Number(values.seconds);
const workerCount = Number(values.workers);
const numericOptions: Record<string, number> = { rate, universe: universeSize, 'symbols-per-client': perClient, 'distinct-sets': distinctSets, seconds, workers: workerCount };
clientCounts.forEach((count, i) => (numericOptions[`clients[${i}]`] = count));
for (const [name, value] of Object.entries(numericOptions)) {
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`bench:feed: ${name} must be a positive number`);
    process.exit(2);
  }
}

/** Dashboards watch overlapping lists: a few distinct subscription sets shared by many clients. */
function subscriptionSets(): string[][] {
  const symbols = syntheticUniverse(universeSize).map((s) => s.symbol);
  const random = new SeededRandom(11);
  return Array.from({ length: distinctSets }, () => {
    const set = new Set<string>();
    while (set.size < Math.min(perClient, symbols.length)) set.add(symbols[random.int(symbols.length)]!);
    return [...set];
  });
}

interface Row {
  clients: number;
  connected: number;
  ticksPerSecond: number;
  framesPerSecond: number;
  bytesPerTick: number;
  p50: number;
  p99: number;
  max: number;
  serverCpuPercent: number | null;
  serverRssMiB: number | null;
}

async function measure(clients: number, sets: string[][]): Promise<Row> {
  const feed = await spawnFeed([...LIVE_CLOCK, '--universe', String(universeSize), '--rate', String(rate), '--batch-ms', values['batch-ms'], '--seed', '1', '--max-clients-per-ip', '100000']);
  try {
    const result = await runClientLoad({
      url: feed.url.replace('http', 'ws') + '/ws',
      pid: feed.process.pid!,
      clients,
      workers: workerCount,
      workerScript: './feed-bench-clients.worker.js',
      subscriptions: sets,
      seconds,
    });
    return {
      clients,
      connected: result.connected,
      ticksPerSecond: result.ticks / result.elapsedSeconds,
      framesPerSecond: result.messages / result.elapsedSeconds,
      bytesPerTick: result.bytes / result.ticks,
      p50: result.histogram.percentile(0.5),
      p99: result.histogram.percentile(0.99),
      max: result.histogram.max,
      serverCpuPercent: result.cpuSeconds === null ? null : (result.cpuSeconds / result.elapsedSeconds) * 100,
      serverRssMiB: result.rssMiB,
    };
  } finally {
    await feed.stop();
  }
}

console.log(
  `bench:feed  universe ${universeSize}, ${rate} ticks/s generated, ${values['batch-ms']} ms batches, ` +
    `${perClient} symbols per client in ${distinctSets} distinct sets, ${seconds} s per row`,
);
const sets = subscriptionSets();
const rows: Row[] = [];
for (const clients of clientCounts) rows.push(await measure(clients, sets));

printTable(
  ['clients', 'ticks/s delivered', 'frames/s', 'bytes/tick', 'p50 ms', 'p99 ms', 'max ms', 'server CPU %', 'server RSS MiB'],
  rows.map((r) => [
    `${r.clients}${r.connected !== r.clients ? ` (${r.connected} up)` : ''}`,
    fmt(r.ticksPerSecond),
    fmt(r.framesPerSecond),
    fmt(r.bytesPerTick, 1),
    fmt(r.p50, 1),
    fmt(r.p99, 1),
    fmt(r.max, 1),
    fmt(r.serverCpuPercent, 1),
    fmt(r.serverRssMiB, 1),
  ]),
);
if (values.json) writeFileSync(values.json, JSON.stringify({ config: values, rows }, null, 2));
