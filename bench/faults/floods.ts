import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type { ServerMessage } from '../../shared/protocol.ts';
import { spawnFeed, LIVE_CLOCK } from '../../tests/support/feed-process.ts';
import { rssMiB } from '../process-stats.ts';
import { fmt, percentile } from '../table.ts';
import { check, sleep, sorted } from './checks.ts';

interface Attacker {
  stop(): void;
  /** How each of its connections ended, by close code. */
  closes: Map<number, number>;
}

/**
 * One attack, run in a loop of connections until stopped: whenever the
 * server cuts a connection, it opens another and starts over.
 */
function attacker(wsUrl: string, onHello: (socket: WebSocket, hello: Extract<ServerMessage, { type: 'hello' }>) => NodeJS.Timeout): Attacker {
  const closes = new Map<number, number>();
  let stopped = false;
  let socket: WebSocket | null = null;
  let timer: NodeJS.Timeout | undefined;
  const connect = () => {
    if (stopped) return;
    const current = new WebSocket(wsUrl);
    socket = current;
    current.once('message', (data: Buffer) => {
      const hello = JSON.parse(data.toString()) as ServerMessage;
      if (hello.type === 'hello') timer = onHello(current, hello);
    });
    current.on('close', (code) => {
      clearInterval(timer);
      if (stopped) return;
      closes.set(code, (closes.get(code) ?? 0) + 1);
      setTimeout(connect, 100);
    });
    current.on('error', () => {});
  };
  connect();
  return {
    closes,
    stop() {
      stopped = true;
      clearInterval(timer);
      socket?.terminate();
    },
  };
}

const pauseReading = (socket: WebSocket) => (socket as unknown as { _socket?: { pause(): void } })._socket?.pause();
const count = (closes: Map<number, number>) => [...closes.values()].reduce((a, b) => a + b, 0);
const describeCloses = (closes: Map<number, number>) => [...closes].map(([code, n]) => `${n}x ${code}`).join(', ') || 'none';

/**
 * The resume and subscribe floods of the hostile-input issue, beside a
 * normal client: its latency (tick time to receipt) and the server's RSS
 * during the attack are compared with an equally long phase before it.
 */
export async function floods(): Promise<void> {
  const phaseMs = 22_000;
  // A 5 s resume window fills during the warm-up, so the baseline is at steady state (a 60 s one would still be growing).
  const feed = await spawnFeed([...LIVE_CLOCK, '--universe', '5000', '--rate', '5000', '--seed', '9', '--resume-seconds', '5']);
  const wsUrl = feed.url.replace('http', 'ws') + '/ws';
  const latencies = { baseline: [] as number[], attack: [] as number[] };
  const rssPeak = { baseline: 0, attack: 0 };
  let phase: 'baseline' | 'attack' = 'baseline';
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
  const sample = async () => {
    const started = Date.now();
    while (Date.now() - started < phaseMs) {
      await sleep(250);
      rssPeak[phase] = Math.max(rssPeak[phase], rssMiB(feed.process.pid!) ?? 0);
    }
  };
  await sleep(7000); // warm-up, not measured
  latencies.baseline.length = 0;
  await sample();

  phase = 'attack';
  const attackers = {
    // Resumes from the stream's start for 500 symbols at just under the message rate limit, never reading.
    resume: attacker(wsUrl, (socket, hello) => {
      pauseReading(socket);
      return setInterval(() => socket.send(JSON.stringify({ type: 'resume', epoch: hello.epoch, seq: 0, symbols: universe.slice(0, 500) })), 55);
    }),
    // Alternates subscribe and unsubscribe of all 5,000 symbols as fast as the rate limit allows, reading everything.
    subscribe: attacker(wsUrl, (socket) => {
      let on = false;
      return setInterval(() => socket.send(JSON.stringify({ type: (on = !on) ? 'subscribe' : 'unsubscribe', symbols: universe })), 55);
    }),
    // The same within the symbol budget (two 5,000-symbol requests a second), never reading.
    silent: attacker(wsUrl, (socket) => {
      pauseReading(socket);
      let on = false;
      return setInterval(() => socket.send(JSON.stringify({ type: (on = !on) ? 'subscribe' : 'unsubscribe', symbols: universe })), 500);
    }),
  };
  await sample();
  Object.values(attackers).forEach((a) => a.stop());
  normal.close();
  await feed.stop();
  // A client that does not read never sees the close frame (it ends as 1006 on its side); the server logs the code it sent.
  const slowConsumerCuts = (feed.output().match(/closed a slow consumer/g) ?? []).length;

  const [base, during] = [sorted(latencies.baseline), sorted(latencies.attack)];
  check(
    'resume flood (500 symbols from seq 0, 18/s, never reads)',
    'each connection cut with 4001 at the documented limit (10 s behind)',
    `connections ended: ${describeCloses(attackers.resume.closes)} as the attacker saw them`,
    count(attackers.resume.closes) > 0,
  );
  check(
    'subscribe/unsubscribe flood of 5,000 symbols (18/s, reads)',
    'requests over the symbol budget refused; persistent abuse closed with 1008',
    `connections ended: ${describeCloses(attackers.subscribe.closes)}`,
    (attackers.subscribe.closes.get(1008) ?? 0) > 0,
  );
  check(
    'subscribe flood within the budget, never reads',
    'conflated, then cut with 4001',
    `connections ended: ${describeCloses(attackers.silent.closes)} as the attacker saw them; ${slowConsumerCuts} cut with 4001 in the server's log (both non-reading attackers)`,
    count(attackers.silent.closes) > 0 && slowConsumerCuts >= count(attackers.silent.closes) + count(attackers.resume.closes),
  );
  check(
    'normal client beside the three floods (50 symbols)',
    'p99 latency within 25 ms of its baseline',
    `p99 ${fmt(percentile(base, 0.99), 1)} ms before, ${fmt(percentile(during, 0.99), 1)} ms during (p50 ${fmt(percentile(base, 0.5), 1)} / ${fmt(percentile(during, 0.5), 1)})`,
    percentile(during, 0.99) <= percentile(base, 0.99) + 25,
  );
  check(
    'server memory during the floods',
    'RSS peak within 64 MiB of the phase before',
    `${fmt(rssPeak.baseline)} MiB before, ${fmt(rssPeak.attack)} MiB during`,
    rssPeak.attack - rssPeak.baseline < 64,
  );
}

/**
 * Many connections from one address, each within its own limits: 200 that
 * alternate subscribing and unsubscribing all 5,000 symbols (reading
 * everything), then 50 that keep resuming one symbol from far back. A
 * per-connection budget cannot stop this; the shared, time-sliced work queue
 * must. The normal client's latency is compared with a phase before.
 */
export async function addressFlood(): Promise<void> {
  const phaseMs = 15_000;
  const feed = await spawnFeed([...LIVE_CLOCK, '--universe', '5000', '--rate', '5000', '--seed', '9', '--resume-seconds', '5']);
  const wsUrl = feed.url.replace('http', 'ws') + '/ws';
  const latencies = { baseline: [] as number[], setup: [] as number[], subscribe: [] as number[], resume: [] as number[] };
  let phase: keyof typeof latencies = 'baseline';
  let universe: string[] = [];
  let maxGap = { baseline: 0, setup: 0, subscribe: 0, resume: 0 };
  let lastMessage = Date.now();
  const normal = new WebSocket(wsUrl);
  normal.on('message', (data: Buffer) => {
    const now = Date.now();
    maxGap[phase] = Math.max(maxGap[phase], now - lastMessage);
    lastMessage = now;
    const message = JSON.parse(data.toString()) as ServerMessage;
    if (message.type === 'hello') {
      universe = message.symbols.map((s) => s.symbol);
      normal.send(JSON.stringify({ type: 'subscribe', symbols: universe.slice(0, 50) }));
    }
    if (message.type === 'ticks') for (const tick of message.ticks) latencies[phase].push(now - tick.time);
  });
  await sleep(7000);
  latencies.baseline.length = 0;
  maxGap = { baseline: 0, setup: 0, subscribe: 0, resume: 0 };
  await sleep(phaseMs);

  /** Starts a flood in its own process; resolves, when stopped, with how its connections ended. */
  const flood = (mode: 'subscribe' | 'resume', connections: number, intervalMs: number) => {
    const script = fileURLToPath(new URL('./flood-client.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, wsUrl, mode, String(connections), String(intervalMs), '127.0.0.10'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      return output.trim();
    };
  };

  // Each flood is measured from 3 s after it starts: its own start (a process, 200 handshakes) is not the attack.
  phase = 'setup';
  const stopSubscribers = flood('subscribe', 200, 1100);
  await sleep(3000);
  phase = 'subscribe';
  await sleep(phaseMs);
  const subscriberCloses = await stopSubscribers();

  phase = 'setup';
  const stopResumers = flood('resume', 50, 66);
  await sleep(3000);
  phase = 'resume';
  await sleep(phaseMs);
  const resumerCloses = await stopResumers();
  normal.close();
  await feed.stop();

  const p99 = (values: number[]) => percentile(sorted(values), 0.99);
  for (const attack of ['subscribe', 'resume'] as const) {
    check(
      attack === 'subscribe' ? '200 connections from one address flooding 5,000-symbol subscribes' : '50 connections from one address flooding resumes from seq 0',
      'normal client, from 3 s after the flood starts: p99 within 25 ms of its baseline, no silence over 1 s',
      `p99 ${fmt(p99(latencies.baseline), 1)} ms before, ${fmt(p99(latencies[attack]), 1)} ms during; longest silence ${fmt(maxGap[attack])} ms (before: ${fmt(maxGap.baseline)} ms); attackers' connections ended ${attack === 'subscribe' ? subscriberCloses : resumerCloses}`,
      p99(latencies[attack]) <= p99(latencies.baseline) + 25 && maxGap[attack] < 1000,
    );
  }
}
