import WebSocket from 'ws';
import type { ServerMessage } from '../../shared/protocol.ts';
import { spawnFeed, type FeedProcess, LIVE_CLOCK } from '../../tests/support/feed-process.ts';
import { FeedConnection } from '../../web/src/lib/feed-connection.ts';
import { fmt, percentile } from '../table.ts';
import { check, sleep } from './checks.ts';

// The browser client's connection logic, run in Node against the real server.
(globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;

/** Drops N browser-logic clients at once (kill -9 of the feed), restarts it, and records when each is back. */
async function reconnectStorm(clients: number, random: (() => number) | null): Promise<{ opens: number[]; resynced: number }> {
  const feed = await spawnFeed([...LIVE_CLOCK, '--max-clients-per-ip', String(clients * 2), '--seed', '3']);
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
  const restarted: FeedProcess = await spawnFeed([...LIVE_CLOCK, '--port', port, '--max-clients-per-ip', String(clients * 2), '--seed', '4']);
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

export async function herd(): Promise<void> {
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

