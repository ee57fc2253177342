/**
 * `npm run bench:cluster -- [--clients 1000,2000] [--edges 1,2] [--rate 5000] [--universe 500] [--seconds 10] [--json FILE]`
 *
 * Scale-out on this machine: a real redis-server, one `tickwall feed` and 1
 * or 2 `tickwall edge` processes, the same load on each configuration
 * (clients in worker threads of this process, split evenly across the
 * edges, on the binary encoding). Per row: delivered ticks/s, CPU per edge,
 * ticks per edge CPU-second, p50/p99 latency from tick time to receipt,
 * Redis CPU and the feed's Redis round trips per batch. The 1-edge row is
 * the baseline of the same run. On 2 cores the edges, the feed, Redis and
 * the clients share the machine, so a second edge shows its cost and its
 * CPU split, not a doubling.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SeededRandom } from '../feed/random.ts';
import { syntheticUniverse } from '../feed/universe.ts';
import { LIVE_CLOCK, spawnFeed, type FeedProcess } from '../tests/support/feed-process.ts';
import { RedisServer } from '../tests/support/redis-server.ts';
import { runClientLoad } from './client-load.ts';
import { LatencyHistogram } from './latency-histogram.ts';
import { cpuSeconds } from './process-stats.ts';
import { fmt, printTable } from './table.ts';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '1000,2000' },
    edges: { type: 'string', default: '1,2' },
    rate: { type: 'string', default: '5000' },
    universe: { type: 'string', default: '500' },
    'symbols-per-client': { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
    json: { type: 'string' },
  },
});

interface ClusterRow {
  edges: number;
  clients: number;
  connected: number;
  ticksPerSecond: number;
  cpuPercentPerEdge: number[];
  ticksPerEdgeCpuSecond: number;
  p50: number;
  p99: number;
  redisCpuPercent: number;
  feedCpuPercent: number;
  roundTripsPerBatch: number;
  roundTripMs: number;
}

function subscriptionSets(): string[][] {
  const symbols = syntheticUniverse(Number(values.universe)).map((s) => s.symbol);
  const random = new SeededRandom(11);
  const perClient = Number(values['symbols-per-client']);
  return Array.from({ length: 20 }, () => {
    const set = new Set<string>();
    while (set.size < Math.min(perClient, symbols.length)) set.add(symbols[random.int(symbols.length)]!);
    return [...set];
  });
}

async function scrape(url: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return new Map(text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => [l.slice(0, l.lastIndexOf(' ')), Number(l.slice(l.lastIndexOf(' ') + 1))]));
}

async function measure(edgeCount: number, clients: number): Promise<ClusterRow> {
  const redis = await RedisServer.start();
  const processes: FeedProcess[] = [];
  try {
    const common = ['--redis', redis.url];
    const feed = await spawnFeed([...common, ...LIVE_CLOCK, '--universe', values.universe, '--rate', values.rate, '--seed', '1'], { command: ['feed'], timeoutMs: 120_000 });
    processes.push(feed);
    const edges = await Promise.all(
      Array.from({ length: edgeCount }, () => spawnFeed([...common, '--max-clients', '100000', '--max-clients-per-ip', '100000'], { command: ['edge'], timeoutMs: 120_000 })),
    );
    processes.push(...edges);
    for (const edge of edges) while ((await fetch(`${edge.url}/healthz`)).status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    const sets = subscriptionSets();
    const feedBefore = await scrape(feed.url);
    const redisBefore = cpuSeconds(redis.pid!);
    const feedCpuBefore = cpuSeconds(feed.process.pid!);
    const started = performance.now();
    const results = await Promise.all(
      edges.map((edge, i) =>
        runClientLoad({
          url: `${edge.url.replace('http', 'ws')}/ws`,
          pid: edge.process.pid!,
          clients: Math.floor(clients / edgeCount) + (i < clients % edgeCount ? 1 : 0),
          workers: 1,
          workerScript: './feed-bench-clients.worker.js',
          binary: true,
          subscriptions: sets,
          seconds: Number(values.seconds),
        }),
      ),
    );
    const wall = (performance.now() - started) / 1000;
    const feedAfter = await scrape(feed.url);
    const redisCpu = (cpuSeconds(redis.pid!) ?? 0) - (redisBefore ?? 0);
    const feedCpu = (cpuSeconds(feed.process.pid!) ?? 0) - (feedCpuBefore ?? 0);
    const histogram = new LatencyHistogram();
    for (const result of results) histogram.merge(result.histogram);
    const elapsed = Math.max(...results.map((r) => r.elapsedSeconds));
    const ticks = results.reduce((n, r) => n + r.ticks, 0);
    const edgeCpu = results.map((r) => r.cpuSeconds ?? Number.NaN);
    const batches = (feedAfter.get('tickwall_stream_seq') ?? 0) - (feedBefore.get('tickwall_stream_seq') ?? 0);
    const trips = (feedAfter.get('tickwall_redis_round_trip_seconds_count') ?? 0) - (feedBefore.get('tickwall_redis_round_trip_seconds_count') ?? 0);
    const tripSeconds = (feedAfter.get('tickwall_redis_round_trip_seconds_sum') ?? 0) - (feedBefore.get('tickwall_redis_round_trip_seconds_sum') ?? 0);
    return {
      edges: edgeCount,
      clients,
      connected: results.reduce((n, r) => n + r.connected, 0),
      ticksPerSecond: ticks / elapsed,
      cpuPercentPerEdge: edgeCpu.map((c) => (c / elapsed) * 100),
      ticksPerEdgeCpuSecond: ticks / Math.max(edgeCpu.reduce((a, b) => a + b, 0), 0.01),
      p50: histogram.percentile(0.5),
      p99: histogram.percentile(0.99),
      redisCpuPercent: (redisCpu / wall) * 100,
      feedCpuPercent: (feedCpu / wall) * 100,
      roundTripsPerBatch: trips / Math.max(batches, 1),
      roundTripMs: (tripSeconds / Math.max(trips, 1)) * 1000,
    };
  } finally {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await redis.stop();
  }
}

console.log(`bench:cluster  universe ${values.universe}, ${values.rate} ticks/s, ${values['symbols-per-client']} symbols per client in 20 sets, binary encoding, ${values.seconds} s per row`);
const rows: ClusterRow[] = [];
for (const clients of values.clients.split(',').map(Number)) {
  for (const edges of values.edges.split(',').map(Number)) rows.push(await measure(edges, clients));
}
printTable(
  ['edges', 'clients', 'connected', 'ticks/s delivered', 'CPU per edge', 'ticks per edge CPU-s', 'vs 1 edge', 'p50 ms', 'p99 ms', 'feed CPU', 'Redis CPU', 'Redis trips/batch', 'trip ms'],
  rows.map((row) => {
    const base = rows.find((r) => r.clients === row.clients && r.edges === 1);
    return [
      String(row.edges),
      fmt(row.clients, 0),
      fmt(row.connected, 0),
      fmt(row.ticksPerSecond, 0),
      row.cpuPercentPerEdge.map((c) => `${fmt(c, 0)}%`).join(' + '),
      fmt(row.ticksPerEdgeCpuSecond, 0),
      base ? `${fmt(row.ticksPerEdgeCpuSecond / base.ticksPerEdgeCpuSecond, 2)}x` : '—',
      fmt(row.p50, 0),
      fmt(row.p99, 0),
      `${fmt(row.feedCpuPercent, 0)}%`,
      `${fmt(row.redisCpuPercent, 1)}%`,
      fmt(row.roundTripsPerBatch, 2),
      fmt(row.roundTripMs, 2),
    ];
  }),
);
if (values.json) writeFileSync(values.json, JSON.stringify({ config: values, rows }, null, 2));
