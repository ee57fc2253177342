/**
 * `npm run faults`: the heavier fault scenarios, with real feed processes on
 * loopback. Prints one row per check: scenario, expected, observed, pass/fail,
 * and exits 1 if any failed. The fast fault cases run in `npm test`.
 */
import WebSocket from 'ws';
import { FeedConnection } from '../web/src/lib/feed-connection.ts';
import type { ServerMessage } from '../shared/protocol.ts';
import { spawnFeed, type FeedProcess } from '../tests/support/feed-process.ts';
import { rssMiB } from './process-stats.ts';
import { fmt, percentile, printTable } from './table.ts';

// The browser client's connection logic, run in Node against the real server.
(globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;

interface Check {
  scenario: string;
  expected: string;
  observed: string;
  pass: boolean;
}
const checks: Check[] = [];
const check = (scenario: string, expected: string, observed: string, pass: boolean) => checks.push({ scenario, expected, observed, pass });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Drops N browser-logic clients at once (kill -9 of the feed), restarts it, and records when each is back. */
async function reconnectStorm(clients: number, random: (() => number) | null): Promise<{ opens: number[]; resynced: number }> {
  const feed = await spawnFeed(['--max-clients-per-ip', String(clients * 2), '--seed', '3']);
  const port = new URL(feed.url).port;
  const wsUrl = feed.url.replace('http', 'ws') + '/ws';
  let restartedAt = 0;
  const opens: number[] = [];
  const epochs = new Set<string>();
  let firstEpoch = '';
  const connections = Array.from({ length: clients }, () => {
    let opened = 0;
    const connection: FeedConnection = new FeedConnection(
      wsUrl,
      {
        onMessage: (message: ServerMessage) => {
          if (message.type !== 'hello') return;
          if (!firstEpoch) firstEpoch = message.epoch;
          if (message.epoch !== firstEpoch) epochs.add(message.epoch);
          connection.send({ type: 'subscribe', symbols: ['AAPL'] });
        },
        onState: (state) => {
          if (state === 'open' && opened++ > 0) opens.push(Date.now() - restartedAt);
        },
      },
      undefined,
      random ?? (() => 0.999),
    );
    connection.start();
    return connection;
  });
  await sleep(3000);
  feed.process.kill('SIGKILL');
  await feed.stop();
  await sleep(1000);
  restartedAt = Date.now();
  const restarted: FeedProcess = await spawnFeed(['--port', port, '--max-clients-per-ip', String(clients * 2), '--seed', '4']);
  const deadline = Date.now() + 30_000;
  while (opens.length < clients && Date.now() < deadline) await sleep(100);
  connections.forEach((c) => c.stop());
  await restarted.stop();
  return { opens: opens.sort((a, b) => a - b), resynced: epochs.size };
}

function busiestWindow(times: number[], windowMs: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! > windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

async function herd(): Promise<void> {
  const clients = 500;
  const jittered = await reconnectStorm(clients, Math.random);
  const lockstep = await reconnectStorm(clients, null);
  const jitterPeak = busiestWindow(jittered.opens, 100);
  const lockstepPeak = busiestWindow(lockstep.opens, 100);
  check(
    `${clients} clients dropped by kill -9, feed restarted 1 s later`,
    'all reconnect and resynchronize to the new epoch',
    `${jittered.opens.length}/${clients} back; spread p10 ${fmt(percentile(jittered.opens, 0.1))} ms, p50 ${fmt(percentile(jittered.opens, 0.5))} ms, p90 ${fmt(percentile(jittered.opens, 0.9))} ms, max ${fmt(jittered.opens.at(-1))} ms`,
    jittered.opens.length === clients && jittered.resynced === 1,
  );
  check(
    'reconnect herd: busiest 100 ms, full jitter vs none',
    'jitter spreads reconnects: peak at most half the no-jitter peak',
    `jitter ${jitterPeak} vs none ${lockstepPeak} in the busiest 100 ms`,
    jitterPeak * 2 <= lockstepPeak,
  );
}

/**
 * A client that never reads, beside a normal one: conflated, then dropped by
 * the server (which logs it); the normal client's latency and the server's
 * memory are compared with an equally long phase without the slow client.
 */
async function slowConsumer(): Promise<void> {
  const phaseMs = 14_000;
  const feed = await spawnFeed(['--universe', '500', '--rate', '20000', '--seed', '5']);
  const wsUrl = feed.url.replace('http', 'ws') + '/ws';
  const latencies = { baseline: [] as number[], slow: [] as number[] };
  const rssPeak = { baseline: 0, slow: 0 };
  let phase: 'baseline' | 'slow' = 'baseline';
  let universe: string[] = [];
  const normal = new WebSocket(wsUrl);
  normal.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as ServerMessage;
    if (message.type === 'hello') {
      universe = message.symbols.map((s) => s.symbol);
      normal.send(JSON.stringify({ type: 'subscribe', symbols: universe.slice(0, 50) }));
    }
    if (message.type === 'ticks') for (const tick of message.ticks) latencies[phase].push(Date.now() - tick.time);
  });
  const sample = async (until: () => boolean) => {
    const started = Date.now();
    while (Date.now() - started < phaseMs || !until()) {
      await sleep(250);
      rssPeak[phase] = Math.max(rssPeak[phase], rssMiB(feed.process.pid!) ?? 0);
      if (Date.now() - started > 60_000) break;
    }
  };
  await sleep(2000); // warm-up, not measured
  latencies.baseline.length = 0;
  await sample(() => true);

  phase = 'slow';
  const slowStarted = Date.now();
  const slow = new WebSocket(wsUrl);
  slow.on('open', () => slow.send(JSON.stringify({ type: 'subscribe', symbols: universe })));
  slow.on('message', (data: Buffer) => {
    // Read the greeting, then never read again.
    if (JSON.parse(data.toString()).type === 'snapshot') (slow as unknown as { _socket: { pause(): void } })._socket.pause();
  });
  const dropped = () => /closed a slow consumer/.test(feed.output());
  await sample(dropped);
  const droppedAfter = dropped() ? (Date.now() - slowStarted) / 1000 : Number.NaN;
  normal.close();
  slow.terminate();
  await feed.stop();

  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const [base, during] = [sorted(latencies.baseline), sorted(latencies.slow)];
  check(
    'client that never reads (500 symbols, 20,000 ticks/s)',
    'conflated, then dropped by the server with 4001 (logged)',
    dropped() ? `dropped within ${fmt(droppedAfter, 1)} s (kernel buffers absorb the first seconds)` : 'never dropped',
    dropped(),
  );
  check(
    'normal client beside it',
    'p99 latency stays near its baseline (within 25 ms)',
    `p99 ${fmt(percentile(base, 0.99), 1)} ms alone, ${fmt(percentile(during, 0.99), 1)} ms beside the slow client`,
    percentile(during, 0.99) <= percentile(base, 0.99) + 25,
  );
  check(
    'server memory with the slow client',
    'RSS peak within 64 MiB of an equally long phase without it',
    `${fmt(rssPeak.baseline)} MiB without, ${fmt(rssPeak.slow)} MiB with`,
    rssPeak.slow - rssPeak.baseline < 64,
  );
}

async function upgradeStatus(url: string, options: WebSocket.ClientOptions = {}, path = '/ws'): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url.replace('http', 'ws') + path, options);
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.on('error', () => resolve(0));
  });
}

async function security(): Promise<void> {
  const feed = await spawnFeed(['--token', 'fault-token', '--allow-origin', 'https://wall.example.com']);
  try {
    const authorised = `${feed.url.replace('http', 'ws')}/ws?token=fault-token`;
    check('foreign Origin', '403 at the upgrade', String(await upgradeStatus(feed.url, { origin: 'https://evil.example.net' }, '/ws?token=fault-token')), (await upgradeStatus(feed.url, { origin: 'https://evil.example.net' }, '/ws?token=fault-token')) === 403);
    const noToken = await upgradeStatus(feed.url);
    const wrongToken = await upgradeStatus(feed.url, {}, '/ws?token=nope');
    check('missing or wrong token', '401 at the upgrade, no data sent', `${noToken} / ${wrongToken}`, noToken === 401 && wrongToken === 401);
    check('token never logged', 'the token does not appear in the output', feed.output().includes('fault-token') ? 'found in output' : 'absent', !feed.output().includes('fault-token'));

    const big = new WebSocket(authorised);
    await new Promise((resolve) => big.once('open', resolve));
    const bigClosed = new Promise<number>((resolve) => big.once('close', (code) => resolve(code)));
    big.send('x'.repeat(100 * 1024));
    const bigCode = await bigClosed;
    check('frame over maxPayload (64 KiB)', 'closed with 1009', String(bigCode), bigCode === 1009);

    const flood = new WebSocket(authorised);
    await new Promise((resolve) => flood.once('open', resolve));
    const floodClosed = new Promise<number>((resolve) => flood.once('close', (code) => resolve(code)));
    for (let i = 0; i < 500; i++) flood.send('{"type":"unsubscribe","symbols":["AAPL"]}');
    const floodCode = await floodClosed;
    check('message flood (500 at once)', 'rate-limited, closed with 1008', String(floodCode), floodCode === 1008);

    const traversal = await fetch(`${feed.url}/..%2f..%2fpackage.json`).then((r) => r.status);
    check('path traversal on the static server', '404, nothing outside dist/ served', String(traversal), traversal === 404);
    const plain = await fetch(`${feed.url}/ws`).then((r) => r.status);
    check('plain HTTP on /ws', '426', String(plain), plain === 426);
  } finally {
    await feed.stop();
  }
}

console.log('faults: running (about a minute)...');
await herd();
await slowConsumer();
await security();
printTable(
  ['scenario', 'expected', 'observed', 'result'],
  checks.map((c) => [c.scenario, c.expected, c.observed, c.pass ? 'pass' : 'FAIL']),
);
const failed = checks.filter((c) => !c.pass).length;
console.log(`${checks.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
