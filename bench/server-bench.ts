/**
 * `npm run bench:server -- [--clients 10,100,1000] [--sweep 2000,4000,...] [--rate 5000] [--universe 500] [--seconds 10] [--json FILE]`
 *
 * The same workload through three servers, one after another, in one run:
 * tickwall (JSON, and again with clients on its binary encoding), a naive
 * per-tick `ws` server, and Socket.IO broadcasting each tick to a room per
 * symbol. Each is a child process fed by the same seeded simulator; clients
 * run in worker threads. Reports delivered ticks/s, server CPU, ticks per
 * server CPU-second, latency from tick time to receipt, bytes per tick and
 * RSS, with ratios against tickwall. Then tickwall alone through the sweep's
 * client counts, marking which sustain 10 batches/s per client with p99
 * under 100 ms; the rest show how many clients one process holds.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SeededRandom } from '../feed/random.ts';
import { syntheticUniverse } from '../feed/universe.ts';
import { spawnFeed, LIVE_CLOCK } from '../tests/support/feed-process.ts';
import { runClientLoad } from './client-load.ts';
import type { ServerBenchResult, ServerName, ServerRow, SweepResult } from './result-types.ts';
import { serverComparisonTable, sustains, sweepTable } from './result-tables.ts';
import { printTable } from './table.ts';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '10,100,1000' },
    rate: { type: 'string', default: '5000' },
    universe: { type: 'string', default: '500' },
    'symbols-per-client': { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
    workers: { type: 'string', default: '2' },
    servers: { type: 'string', default: 'tickwall,tickwall-binary,naive-ws,socketio' },
    sweep: { type: 'string', default: '2000,3000,5000,10000' },
    json: { type: 'string' },
  },
});
const clientCounts = values.clients.split(',').map(Number);
const seconds = Number(values.seconds);
const workerCount = Number(values.workers);
const perClient = Number(values['symbols-per-client']);

const TICKWALL_ARGS = ['--universe', values.universe, '--rate', values.rate, '--seed', '1', '--max-clients', '100000', '--max-clients-per-ip', '100000'];
const CLIENTS: Record<ServerName, { script: string; binary: boolean }> = {
  tickwall: { script: './feed-bench-clients.worker.js', binary: false },
  'tickwall-binary': { script: './feed-bench-clients.worker.js', binary: true },
  'naive-ws': { script: './feed-bench-clients.worker.js', binary: false },
  socketio: { script: './socketio-clients.worker.js', binary: false },
};

async function startServer(name: ServerName) {
  if (name === 'tickwall' || name === 'tickwall-binary') return spawnFeed([...LIVE_CLOCK, ...TICKWALL_ARGS]);
  // The comparison servers are plain scripts; spawnFeed runs bin/tickwall.js, so start them directly.
  const { spawn } = await import('node:child_process');
  const script = fileURLToPath(new URL(`./servers/${name}.ts`, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--universe', values.universe, '--rate', values.rate], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${output}`)), 20_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
  });
  return { url, process: child, stop: async () => void child.kill('SIGKILL') };
}

function subscriptionSets(): string[][] {
  const symbols = syntheticUniverse(Number(values.universe)).map((s) => s.symbol);
  const random = new SeededRandom(11);
  return Array.from({ length: 20 }, () => {
    const set = new Set<string>();
    while (set.size < Math.min(perClient, symbols.length)) set.add(symbols[random.int(symbols.length)]!);
    return [...set];
  });
}


async function measure(name: ServerName, clients: number, sets: string[][]): Promise<ServerRow> {
  const server = await startServer(name);
  try {
    const result = await runClientLoad({
      url: `${server.url.replace('http', 'ws')}/ws`,
      pid: server.process.pid!,
      clients,
      workers: workerCount,
      workerScript: CLIENTS[name].script,
      binary: CLIENTS[name].binary,
      subscriptions: sets,
      seconds,
    });
    const cpu = result.cpuSeconds ?? Number.NaN;
    return {
      server: name,
      clients,
      connected: result.connected,
      batchesPerClientSecond: result.messages / Math.max(result.connected, 1) / result.elapsedSeconds,
      ticksPerSecond: result.ticks / result.elapsedSeconds,
      cpuPercent: (cpu / result.elapsedSeconds) * 100,
      ticksPerCpuSecond: result.ticks / Math.max(cpu, 0.01),
      p50: result.histogram.percentile(0.5),
      p99: result.histogram.percentile(0.99),
      max: result.histogram.max,
      bytesPerTick: result.bytes / Math.max(result.ticks, 1),
      rssMiB: result.rssMiB,
      harnessCpuPercent: (result.harnessCpuSeconds / result.elapsedSeconds) * 100,
    };
  } finally {
    await server.stop();
  }
}



export async function runServerBench(): Promise<ServerBenchResult> {
  const servers = values.servers.split(',') as ServerName[];
  const rows: ServerRow[] = [];
  const failures: ServerBenchResult['failures'] = [];
  for (const clients of clientCounts) {
    for (const name of servers) {
      try {
        rows.push(await measure(name, clients, subscriptionSets()));
      } catch (error) {
        // A server too busy to even accept the clients is a result, not a harness error.
        failures.push({ server: name, clients, reason: (error as Error).message.split('\n')[0]! });
      }
    }
  }
  const sweep: SweepResult = { rows: [], largestSustained: null };
  const fromComparison = rows.filter((r) => r.server.startsWith('tickwall') && sustains(r)).map((r) => r.clients);
  sweep.largestSustained = fromComparison.length > 0 ? Math.max(...fromComparison) : null;
  for (const clients of values.sweep.split(',').filter(Boolean).map(Number)) {
    let row: ServerRow;
    try {
      row = await measure('tickwall-binary', clients, subscriptionSets());
    } catch (error) {
      failures.push({ server: 'tickwall', clients, reason: (error as Error).message.split('\n')[0]! });
      break;
    }
    sweep.rows.push(row);
    // Past the largest sustained count, rows still show how many clients one process holds, and how it degrades.
    if (sustains(row)) sweep.largestSustained = Math.max(sweep.largestSustained ?? 0, clients);
  }
  return { rows, failures, sweep };
}

export function printServerTables(result: ServerBenchResult): void {
  const comparison = serverComparisonTable(result);
  printTable(comparison.header, comparison.rows);
  console.log('"tickwall is": how many times more ticks tickwall (JSON) delivers per server CPU-second than that server.');
  if (result.sweep.rows.length > 0) {
    console.log('\nSweep, tickwall alone, clients on the binary encoding (sustains = every client connected, >= 10 batches/s each, p99 < 100 ms):');
    const sweep = sweepTable(result.sweep);
    printTable(sweep.header, sweep.rows);
  }
  console.log(`Largest client count sustained: ${result.sweep.largestSustained ?? 'none'}`);
}

export function describeServerBench(): string {
  return `universe ${values.universe}, ${values.rate} ticks/s, ${perClient} symbols per client in 20 distinct sets, ${seconds} s per row`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`bench:server  ${describeServerBench()}`);
  const result = await runServerBench();
  printServerTables(result);
  if (values.json) writeFileSync(values.json, JSON.stringify({ config: values, ...result }, null, 2));
}
