/**
 * `npm run bench:server -- [--clients 10,100,1000] [--rate 5000] [--universe 500] [--seconds 10] [--json FILE]`
 *
 * The same workload through three servers, one after another, in one run:
 * tickwall, a naive per-tick `ws` server, and Socket.IO broadcasting each tick
 * to a room per symbol. Each is a child process fed by the same seeded
 * simulator; clients run in worker threads. Reports delivered ticks/s, server
 * CPU, ticks per server CPU-second, latency from tick time to receipt, bytes
 * per tick and RSS, with ratios against tickwall.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SeededRandom } from '../feed/random.ts';
import { syntheticUniverse } from '../feed/universe.ts';
import { spawnFeed } from '../tests/support/feed-process.ts';
import { runClientLoad } from './client-load.ts';
import { fmt, printTable } from './table.ts';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '10,100,1000' },
    rate: { type: 'string', default: '5000' },
    universe: { type: 'string', default: '500' },
    'symbols-per-client': { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
    workers: { type: 'string', default: '2' },
    servers: { type: 'string', default: 'tickwall,naive-ws,socketio' },
    json: { type: 'string' },
  },
});
const clientCounts = values.clients.split(',').map(Number);
const seconds = Number(values.seconds);
const workerCount = Number(values.workers);
const perClient = Number(values['symbols-per-client']);

type ServerName = 'tickwall' | 'naive-ws' | 'socketio';
const SERVERS: Record<ServerName, { command: string[]; args: string[]; clients: string }> = {
  tickwall: {
    command: ['serve'],
    args: ['--universe', values.universe, '--rate', values.rate, '--seed', '1', '--max-clients', '100000', '--max-clients-per-ip', '100000'],
    clients: './feed-bench-clients.worker.js',
  },
  'naive-ws': { command: [], args: [], clients: './feed-bench-clients.worker.js' },
  socketio: { command: [], args: [], clients: './socketio-clients.worker.js' },
};

async function startServer(name: ServerName) {
  if (name === 'tickwall') return spawnFeed(SERVERS.tickwall.args, { command: SERVERS.tickwall.command });
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

interface Row {
  server: ServerName;
  clients: number;
  connected: number;
  ticksPerSecond: number;
  cpuPercent: number;
  ticksPerCpuSecond: number;
  p50: number;
  p99: number;
  max: number;
  bytesPerTick: number;
  rssMiB: number | null;
}

async function measure(name: ServerName, clients: number, sets: string[][]): Promise<Row> {
  const server = await startServer(name);
  try {
    const result = await runClientLoad({
      url: `${server.url.replace('http', 'ws')}/ws`,
      pid: server.process.pid!,
      clients,
      workers: workerCount,
      workerScript: SERVERS[name].clients,
      subscriptions: sets,
      seconds,
    });
    const cpu = result.cpuSeconds ?? Number.NaN;
    return {
      server: name,
      clients,
      connected: result.connected,
      ticksPerSecond: result.ticks / result.elapsedSeconds,
      cpuPercent: (cpu / result.elapsedSeconds) * 100,
      ticksPerCpuSecond: result.ticks / Math.max(cpu, 0.01),
      p50: result.histogram.percentile(0.5),
      p99: result.histogram.percentile(0.99),
      max: result.histogram.max,
      bytesPerTick: result.bytes / Math.max(result.ticks, 1),
      rssMiB: result.rssMiB,
    };
  } finally {
    await server.stop();
  }
}

const servers = values.servers.split(',') as ServerName[];
console.log(`bench:server  universe ${values.universe}, ${values.rate} ticks/s, ${perClient} symbols per client in 20 distinct sets, ${seconds} s per row`);
const rows: Row[] = [];
const failures: { server: ServerName; clients: number; reason: string }[] = [];
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
const baseline = (clients: number) => rows.find((r) => r.server === 'tickwall' && r.clients === clients);
printTable(
  ['clients', 'server', 'ticks/s delivered', 'server CPU %', 'ticks per CPU-s', 'vs tickwall', 'p50 ms', 'p99 ms', 'max ms', 'bytes/tick', 'RSS MiB'],
  [...rows.map((r) => {
    const base = baseline(r.clients);
    return [
      `${r.clients}${r.connected !== r.clients ? ` (${r.connected} up)` : ''}`,
      r.server,
      fmt(r.ticksPerSecond),
      fmt(r.cpuPercent, 1),
      fmt(r.ticksPerCpuSecond),
      base && r.ticksPerCpuSecond > 0 ? `${fmt(base.ticksPerCpuSecond / r.ticksPerCpuSecond, 1)}x` : 'n/a',
      fmt(r.p50, 1),
      fmt(r.p99, 1),
      fmt(r.max, 1),
      fmt(r.bytesPerTick, 1),
      fmt(r.rssMiB, 0),
    ];
  }), ...failures.map((f) => [String(f.clients), f.server, `saturated: ${f.reason}`, '', '', '', '', '', '', '', ''])],
);
console.log('"vs tickwall": how many times more ticks tickwall delivers per server CPU-second.');
if (values.json) writeFileSync(values.json, JSON.stringify({ config: values, rows, failures }, null, 2));
