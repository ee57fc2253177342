import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage, TicksMessage } from '../../shared/protocol.ts';
import { spawnFeed, SESSION_START, type FeedProcess } from '../support/feed-process.ts';
import { RedisServer } from '../support/redis-server.ts';
import { TestClient } from '../support/ws-test-client.ts';
import { eventually } from '../support/bus-contract.ts';

/**
 * Scale-out with real processes: one `tickwall feed` publishing to a real
 * redis-server, `tickwall edge` processes serving real WebSocket clients.
 * Needs redis-server (CI installs it); fails, not skips, without it.
 */
let redis: RedisServer;
const processes: FeedProcess[] = [];
const clients: TestClient[] = [];
let prefixes = 0;

beforeAll(async () => {
  redis = await RedisServer.start();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(processes.map((p) => p.stop('SIGKILL')));
  await redis?.stop();
});

async function cluster(edges: number): Promise<{ prefix: string; feed: FeedProcess; edges: FeedProcess[] }> {
  const prefix = `scale${++prefixes}`;
  const common = ['--redis', redis.url, '--redis-prefix', prefix];
  const feed = await spawnFeed([...common, '--start', SESSION_START, '--seed', '7', '--rate', '400'], { command: ['feed'], timeoutMs: 40_000 });
  processes.push(feed);
  const started = await Promise.all(Array.from({ length: edges }, () => edge(prefix)));
  return { prefix, feed, edges: started };
}

async function edge(prefix: string): Promise<FeedProcess> {
  const started = await spawnFeed(['--redis', redis.url, '--redis-prefix', prefix], { command: ['edge'], timeoutMs: 40_000 });
  processes.push(started);
  // Listening comes first; ready once the feed's stream has been read.
  const deadline = Date.now() + 20_000;
  while ((await fetch(`${started.url}/healthz`)).status !== 200) {
    if (Date.now() > deadline) throw new Error(`the edge did not become ready:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return started;
}

async function subscribed(url: string, symbols = ['AAPL', 'MSFT']): Promise<TestClient> {
  const client = await TestClient.connect(url);
  clients.push(client);
  await client.next('hello');
  client.send({ type: 'subscribe', symbols });
  await client.nextOf('snapshot');
  return client;
}

const ticksOf = (messages: ServerMessage[]) => messages.filter((m): m is TicksMessage => m.type === 'ticks');

describe('one feed on Redis, several edges', () => {
  it('clients on two edges get identical batches; a client moved from one edge to the other resumes exactly', async () => {
    const { edges } = await cluster(2);
    const [a, b] = [await subscribed(edges[0]!.url), await subscribed(edges[1]!.url)];
    await eventually(() => expect(ticksOf(a.received).length).toBeGreaterThan(20), 15_000);
    await eventually(() => expect(ticksOf(b.received).length).toBeGreaterThan(20), 15_000);
    const bySeq = new Map(ticksOf(b.received).map((t) => [`${t.epoch}:${t.seq}`, t.ticks]));
    const common = ticksOf(a.received).filter((t) => bySeq.has(`${t.epoch}:${t.seq}`));
    expect(common.length).toBeGreaterThan(10);
    for (const batch of common) expect(batch.ticks).toEqual(bySeq.get(`${batch.epoch}:${batch.seq}`));

    // Move a client from edge A to edge B: it resumes from its last batch with nothing lost or repeated.
    const seen = ticksOf(a.received);
    const last = seen.at(-1)!;
    await a.close();
    const moved = await TestClient.connect(edges[1]!.url);
    clients.push(moved);
    await moved.next('hello');
    moved.send({ type: 'resume', epoch: last.epoch, seq: last.seq, symbols: ['AAPL', 'MSFT'] });
    const resumed = await moved.nextOf('resumed');
    expect(resumed).toMatchObject({ recovered: true, epoch: last.epoch });
    await eventually(() => expect(ticksOf(moved.received).length).toBeGreaterThan(5), 10_000);
    const after = ticksOf(moved.received);
    // Contiguous from the last seq it had (a batch with none of its symbols is not sent, so compare with what B's own client got).
    const reference = ticksOf(b.received).filter((t) => t.seq > last.seq && t.seq <= after.at(-1)!.seq);
    expect(after.filter((t) => t.seq <= reference.at(-1)!.seq).map((t) => [t.seq, t.ticks])).toEqual(reference.map((t) => [t.seq, t.ticks]));
  }, 120_000);

  it('an edge killed with SIGKILL: its client reconnects to another edge and resumes exactly; the feed killed: edges say stale, and a restarted feed is followed in a new epoch', async () => {
    const { prefix, feed, edges } = await cluster(2);
    const [victim, other] = [await subscribed(edges[0]!.url), await subscribed(edges[1]!.url)];
    await eventually(() => expect(ticksOf(victim.received).length).toBeGreaterThan(10), 15_000);
    await edges[0]!.stop('SIGKILL');
    await eventually(() => expect(victim.closeCode).toBe(1006));
    const last = ticksOf(victim.received).at(-1)!;
    const again = await TestClient.connect(edges[1]!.url);
    clients.push(again);
    await again.next('hello');
    again.send({ type: 'resume', epoch: last.epoch, seq: last.seq, symbols: ['AAPL', 'MSFT'] });
    expect(await again.nextOf('resumed')).toMatchObject({ recovered: true });
    await eventually(() => expect(ticksOf(again.received).length).toBeGreaterThan(3), 10_000);
    const reference = ticksOf(other.received).filter((t) => t.seq > last.seq);
    const replayed = ticksOf(again.received).filter((t) => t.seq <= reference.at(-1)!.seq);
    expect(replayed.map((t) => t.seq)).toEqual(reference.slice(0, replayed.length).map((t) => t.seq));
    expect(replayed[0]!.seq).toBe(reference[0]!.seq);

    // The feed dies: the edge keeps serving what it has and says the stream is stale.
    await feed.stop('SIGKILL');
    await eventually(() => expect(other.lastHeartbeat?.stale).toMatch(/feed/), 10_000);
    const restarted = await spawnFeed(['--redis', redis.url, '--redis-prefix', prefix, '--start', SESSION_START, '--seed', '7', '--rate', '400'], { command: ['feed'], timeoutMs: 40_000 });
    processes.push(restarted);
    await eventually(() => {
      expect(ticksOf(other.received).at(-1)!.epoch).not.toBe(last.epoch);
      expect(other.lastHeartbeat?.stale).toBeUndefined();
    }, 20_000);
  }, 180_000);

  it('a replay publishes through Redis: an edge serves it, and a client on the edge steers the shared replay clock', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tickwall-scale-')), 'day.jsonl');
    const lean = fileURLToPath(new URL('../../data/lean/minute/', import.meta.url));
    const bin = fileURLToPath(new URL('../../bin/tickwall.js', import.meta.url));
    const imported = spawnSync(process.execPath, [bin, 'import', 'lean', join(lean, 'spy/20131007_trade.zip'), join(lean, 'ibm/20131007_trade.zip'), '--out', out], { encoding: 'utf8' });
    expect(imported.status, imported.stderr).toBe(0);
    const prefix = `replay${++prefixes}`;
    const feed = await spawnFeed(['--redis', redis.url, '--redis-prefix', prefix, '--paused', '--from', '10:00', '--speed', '60'], { command: ['replay', out], timeoutMs: 40_000 });
    processes.push(feed);
    expect((await fetch(`${feed.url}/healthz`)).status).toBe(200);
    const served = await edge(prefix);
    const client = await subscribed(served.url, ['SPY', 'IBM']);
    expect(client.received[0]).toMatchObject({ type: 'hello', mode: 'replay' });
    expect(ticksOf(client.received)).toHaveLength(0);
    client.send({ type: 'control', action: 'play' });
    await eventually(() => expect(ticksOf(client.received).length).toBeGreaterThan(3), 15_000);
    const status = client.received.filter((m): m is Extract<ServerMessage, { type: 'replay' }> => m.type === 'replay').at(-1)!;
    expect(status.state).toBe('playing');
    // Recorded time, from 10:00 New York on 7 October 2013.
    expect(ticksOf(client.received)[0]!.ticks[0]!.time).toBeGreaterThanOrEqual(Date.parse('2013-10-07T14:00:00Z'));
  }, 120_000);

  it('an edge started after the feed answers history and snapshots as one started before it', async () => {
    const { prefix, edges } = await cluster(1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const late = await edge(prefix);
    const [early, fresh] = [await subscribed(edges[0]!.url, ['AAPL']), await subscribed(late.url, ['AAPL'])];
    for (const client of [early, fresh]) client.send({ type: 'history', id: 'h', symbols: ['AAPL'], interval: '1d', limit: 50 });
    const [a, b] = [await early.nextOf('bars'), await fresh.nextOf('bars')];
    // Daily bars: the simulated past plus today's, identical wherever they are served from (today's may differ by a batch in flight).
    const daily = (m: typeof a) => m.series.find((s) => s.symbol === 'AAPL')!.bars;
    expect(daily(a).time.length).toBeGreaterThan(40);
    expect(daily(b).time).toEqual(daily(a).time);
    expect(daily(b).close.slice(0, -1)).toEqual(daily(a).close.slice(0, -1));
  }, 120_000);

  it('Redis SIGKILLed and restarted empty: one new epoch, one fresh snapshot per client, live again; paused with SIGSTOP: stale, then live', async () => {
    const { edges } = await cluster(2);
    const watchers = [await subscribed(edges[0]!.url), await subscribed(edges[1]!.url)];
    await eventually(() => watchers.forEach((w) => expect(ticksOf(w.received).length).toBeGreaterThan(5)), 15_000);
    const epochBefore = ticksOf(watchers[0]!.received).at(-1)!.epoch;
    const snapshotsBefore = watchers.map((w) => w.received.filter((m) => m.type === 'snapshot').length);

    await redis.kill();
    await redis.launch();
    // Live again in a new epoch: every client got exactly one snapshot of it, and ticks of it follow.
    await eventually(() => {
      for (const w of watchers) {
        const last = ticksOf(w.received).at(-1)!;
        expect(last.epoch).not.toBe(epochBefore);
      }
    }, 15_000);
    for (const [i, w] of watchers.entries()) {
      const snapshots = w.received.filter((m): m is Extract<ServerMessage, { type: 'snapshot' }> => m.type === 'snapshot').slice(snapshotsBefore[i]!);
      expect(snapshots.map((s) => s.epoch)).toEqual([ticksOf(w.received).at(-1)!.epoch]);
    }

    // Redis stops answering: edges keep the connection and flag the stream stale; then recover.
    redis.pause();
    try {
      await eventually(() => watchers.forEach((w) => expect(w.lastHeartbeat?.stale).toMatch(/Redis/)), 10_000);
    } finally {
      redis.resume();
    }
    const count = watchers.map((w) => ticksOf(w.received).length);
    await eventually(() => watchers.forEach((w, i) => expect(ticksOf(w.received).length).toBeGreaterThan(count[i]! + 3)), 15_000);
    await eventually(() => watchers.forEach((w) => expect(w.lastHeartbeat?.stale).toBeUndefined()), 10_000);
  }, 180_000);
});
