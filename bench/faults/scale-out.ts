import type { ServerMessage, TicksMessage } from '../../shared/protocol.ts';
import { spawnFeed, LIVE_CLOCK, type FeedProcess } from '../../tests/support/feed-process.ts';
import { RedisServer } from '../../tests/support/redis-server.ts';
import { TestClient } from '../../tests/support/ws-test-client.ts';
import { fmt } from '../table.ts';
import { check, sleep } from './checks.ts';

const CLIENTS_PER_EDGE = 20;
const ticksOf = (messages: ServerMessage[]) => messages.filter((m): m is TicksMessage => m.type === 'ticks');

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<number | null> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) return null;
    await sleep(20);
  }
  return Date.now() - started;
}

/**
 * Scale-out faults with real processes: a redis-server, one `tickwall feed`
 * and two `tickwall edge`s, 20 clients on each edge. Redis killed and
 * restarted, Redis paused, an edge killed, the feed killed.
 */
export async function scaleOut(): Promise<void> {
  const redis = await RedisServer.start();
  const processes: FeedProcess[] = [];
  const clients: TestClient[] = [];
  try {
    const common = ['--redis', redis.url];
    const feed = await spawnFeed([...common, ...LIVE_CLOCK, '--rate', '2000', '--seed', '5'], { command: ['feed'], timeoutMs: 60_000 });
    processes.push(feed);
    const edges = await Promise.all([0, 1].map(() => spawnFeed([...common, '--max-clients-per-ip', '1000'], { command: ['edge'], timeoutMs: 60_000 })));
    processes.push(...edges);
    for (const edge of edges) {
      while ((await fetch(`${edge.url}/healthz`)).status !== 200) await sleep(100);
      for (let i = 0; i < CLIENTS_PER_EDGE; i++) {
        const client = await TestClient.connect(edge.url);
        await client.next('hello');
        client.send({ type: 'subscribe', symbols: ['AAPL', 'MSFT', 'NVDA'] });
        clients.push(client);
      }
    }
    await waitFor(() => clients.every((c) => ticksOf(c.received).length > 5), 20_000);

    // Redis killed and restarted empty: each client exactly one new epoch (one snapshot of it), live again.
    const before = clients.map((c) => ({ epoch: ticksOf(c.received).at(-1)!.epoch, snapshots: c.received.filter((m) => m.type === 'snapshot').length }));
    await redis.kill();
    await redis.launch();
    const restartedAfter = await waitFor(() => clients.every((c, i) => ticksOf(c.received).at(-1)!.epoch !== before[i]!.epoch), 20_000);
    const resets = clients.map((c, i) => c.received.filter((m) => m.type === 'snapshot').length - before[i]!.snapshots);
    check(
      'scale-out: Redis SIGKILL and restart (2 edges, 40 clients)',
      'every client exactly one reset, live again within 5 s',
      restartedAfter === null ? 'not live again within 20 s' : `live again after ${fmt(restartedAfter / 1000, 1)} s; resets per client ${Math.min(...resets)} to ${Math.max(...resets)}`,
      restartedAfter !== null && restartedAfter <= 5000 && resets.every((n) => n === 1),
    );

    // Redis hung: stale within 2 s, live again after it resumes.
    redis.pause();
    const staleAfter = await waitFor(() => clients.every((c) => c.lastHeartbeat?.stale !== undefined), 10_000);
    redis.resume();
    const counts = clients.map((c) => ticksOf(c.received).length);
    const liveAfter = await waitFor(() => clients.every((c, i) => ticksOf(c.received).length > counts[i]! && c.lastHeartbeat?.stale === undefined), 20_000);
    check(
      'scale-out: Redis paused with SIGSTOP, then SIGCONT',
      'every client told stale within 2 s; live again after',
      `stale after ${staleAfter === null ? '>10 s' : `${fmt(staleAfter / 1000, 1)} s`}; live ${liveAfter === null ? 'not within 20 s' : `${fmt(liveAfter / 1000, 1)} s after SIGCONT`}`,
      staleAfter !== null && staleAfter <= 2000 && liveAfter !== null,
    );

    // An edge killed: its clients resume on the other edge with nothing lost or repeated.
    const victims = clients.slice(0, CLIENTS_PER_EDGE);
    const positions = victims.map((c) => ticksOf(c.received).at(-1)!);
    await edges[0]!.stop('SIGKILL');
    let recovered = 0;
    let gaps = 0;
    for (const position of positions) {
      const moved = await TestClient.connect(edges[1]!.url);
      clients.push(moved);
      await moved.next('hello');
      moved.send({ type: 'resume', epoch: position.epoch, seq: position.seq, symbols: ['AAPL', 'MSFT', 'NVDA'] });
      const answer = await moved.nextOf('resumed');
      if (answer.recovered) recovered++;
      const first = ticksOf(moved.received)[0];
      if (first && first.seq <= position.seq) gaps++;
    }
    check(
      'scale-out: an edge SIGKILLed, its 20 clients resume on the other',
      'all recovered, none repeated',
      `${recovered}/20 recovered, ${gaps} repeated a batch`,
      recovered === positions.length && gaps === 0,
    );

    // The feed killed: edges say stale (3 s without its sign of life).
    await feed.stop('SIGKILL');
    const survivors = clients.slice(CLIENTS_PER_EDGE);
    const feedStale = await waitFor(() => survivors.every((c) => /feed/.test(c.lastHeartbeat?.stale ?? '')), 15_000);
    check('scale-out: the feed SIGKILLed', 'every client told stale; the edge keeps serving', feedStale === null ? 'not within 15 s' : `stale after ${fmt(feedStale / 1000, 1)} s`, feedStale !== null);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await redis.stop();
  }
}
