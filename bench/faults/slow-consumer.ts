import WebSocket from 'ws';
import type { ServerMessage } from '../../shared/protocol.ts';
import { spawnFeed, LIVE_CLOCK } from '../../tests/support/feed-process.ts';
import { rssMiB } from '../process-stats.ts';
import { fmt, percentile } from '../table.ts';
import { check, sleep, sorted } from './checks.ts';

/**
 * A client that never reads, beside a normal one: conflated, then dropped by
 * the server (which logs it); the normal client's latency and the server's
 * memory are compared with an equally long phase without the slow client.
 */
export async function slowConsumer(): Promise<void> {
  const phaseMs = 14_000;
  const feed = await spawnFeed([...LIVE_CLOCK, '--universe', '500', '--rate', '20000', '--seed', '5']);
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

