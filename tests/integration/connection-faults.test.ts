import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SnapshotMessage, TicksMessage, Tick } from '../../shared/protocol.ts';
import { startTestFeed, type TestFeed } from '../support/test-feed.ts';
import { TestClient } from '../support/ws-test-client.ts';

let feed: TestFeed | null = null;
const clients: TestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await feed?.close();
  feed = null;
});

async function connect(f: TestFeed, symbols: string[] | null = ['AAPL', 'NVDA'], path = '/ws', options: WebSocket.ClientOptions = {}): Promise<TestClient> {
  const client = await TestClient.connect(f.server.url, path, options);
  clients.push(client);
  await client.next('hello');
  if (symbols) {
    client.send({ type: 'subscribe', symbols });
    await client.next('snapshot');
  }
  return client;
}

const settle = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));
const ticksOf = (messages: unknown[]) => (messages as TicksMessage[]).filter((m) => m.type === 'ticks');

function expectUpgradeRefused(url: string, status: number, options: WebSocket.ClientOptions = {}, path = '/ws'): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.replace('http', 'ws') + path, options);
    socket.on('open', () => reject(new Error('the upgrade was accepted')));
    socket.on('message', () => reject(new Error('data was sent before refusing')));
    socket.on('unexpected-response', (_req, res) => {
      try {
        expect(res.statusCode).toBe(status);
        resolve();
      } catch (error) {
        reject(error);
      }
    });
    socket.on('error', () => {});
  });
}

describe('resume after a reconnect', () => {
  it('replays exactly the missed batches for the client\'s symbols, then continues live', async () => {
    feed = await startTestFeed();
    const steady = await connect(feed);
    const flaky = await connect(feed);
    feed.step();
    await settle();
    const seen = ticksOf(flaky.drain());
    const last = seen.at(-1)!;
    await flaky.close();
    for (let i = 0; i < 20; i++) feed.step();

    const again = await connect(feed, null);
    again.send({ type: 'resume', epoch: last.epoch, seq: last.seq, symbols: ['AAPL', 'NVDA'] });
    const replayed: TicksMessage[] = [];
    for (;;) {
      const message = await again.nextAny();
      if (message.type === 'resumed') {
        expect(message).toMatchObject({ recovered: true, epoch: 'test-epoch', seq: feed.edge.seq });
        break;
      }
      replayed.push(message as TicksMessage);
    }
    feed.step();
    await settle();
    const live = ticksOf(again.drain());
    const steadyAll = ticksOf(steady.drain());
    const expected = steadyAll.filter((m) => m.seq > last.seq);
    expect([...replayed, ...live].map((m) => [m.seq, m.ticks])).toEqual(expected.map((m) => [m.seq, m.ticks]));
  });

  it.each([
    ['a position older than the buffer holds', (seq: number) => ({ epoch: 'test-epoch', seq: Math.max(0, seq - 50) }), 'too old'],
    ['a seq from the future', (seq: number) => ({ epoch: 'test-epoch', seq: seq + 10 }), 'seq from the future'],
    ['another epoch (the feed restarted)', (seq: number) => ({ epoch: 'old-epoch', seq }), 'epoch changed'],
  ])('answers %s with recovered: false and fresh snapshots, never a silent gap', async (_, position, reason) => {
    feed = await startTestFeed({ edge: { recentBatches: { maxBatches: 10, maxAgeMs: 60_000, maxTicks: 100_000 } } });
    for (let i = 0; i < 30; i++) feed.step();
    const client = await connect(feed, null);
    client.send({ type: 'resume', ...position(feed.edge.seq), symbols: ['AAPL'] });
    expect(await client.next('resumed')).toMatchObject({ recovered: false, epoch: 'test-epoch', reason });
    const snapshot = (await client.next('snapshot')) as SnapshotMessage;
    expect(snapshot.quotes.map((q) => q.symbol)).toEqual(['AAPL']);
    expect(snapshot.seq).toBe(feed.edge.seq);
  });

  it('loses and duplicates nothing over 100 disconnect-and-resume cycles', async () => {
    feed = await startTestFeed();
    const symbols = ['AAPL', 'NVDA', 'TSLA'];
    const reference = await connect(feed, symbols);
    let client = await connect(feed, symbols);
    const received: Tick[] = [];
    let position = { epoch: 'test-epoch', seq: feed.edge.seq };
    for (let cycle = 0; cycle < 100; cycle++) {
      feed.step();
      feed.step();
      await settle(5);
      for (const m of ticksOf(client.drain())) {
        received.push(...m.ticks);
        position = { epoch: m.epoch, seq: m.seq };
      }
      await client.close();
      clients.splice(clients.indexOf(client), 1);
      feed.step(); // published while this client is away
      client = await connect(feed, null);
      client.send({ type: 'resume', ...position, symbols });
      for (;;) {
        const message = await client.nextAny();
        if (message.type === 'resumed') {
          expect(message.recovered).toBe(true);
          break;
        }
        const batch = message as TicksMessage;
        received.push(...batch.ticks);
        position = { epoch: batch.epoch, seq: batch.seq };
      }
    }
    await settle();
    const expected = ticksOf(reference.drain()).flatMap((m) => m.ticks);
    expect(expected.length).toBeGreaterThan(1000);
    expect(received).toEqual(expected.slice(0, received.length));
    expect(received.length).toBe(expected.length);
  });
});

describe('liveness', () => {
  it('sends heartbeats so a quiet feed is told apart from a dead link', async () => {
    feed = await startTestFeed({ edge: { heartbeatMs: 100 } });
    const client = await connect(feed, null);
    await settle(450);
    expect(client.heartbeats).toBeGreaterThanOrEqual(3);
  });

  it('terminates a client that stops answering pings and drops it from fan-out', async () => {
    feed = await startTestFeed({ pingIntervalMs: 100 });
    const client = await connect(feed);
    expect(feed.edge.hub.clientCount).toBe(1);
    // A peer that stops reading never answers: the server must notice by itself.
    (client.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const started = Date.now();
    while (feed.edge.hub.clientCount > 0 && Date.now() - started < 2000) await settle(20);
    expect(feed.edge.hub.clientCount).toBe(0);
    expect(Date.now() - started).toBeLessThan(400); // 2 missed pongs: within 3 intervals
  });
});

describe('slow consumers', () => {
  it('conflates a client that falls behind, and sends one flagged snapshot once it drains', async () => {
    feed = await startTestFeed({ rate: 20_000, client: { highWaterBytes: 32 * 1024, maxConflationMs: 60_000 } });
    const client = await connect(feed, ['AAPL', 'MSFT', 'NVDA', 'TSLA', 'AMZN', 'META']);
    const raw = (client.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    raw.pause();
    const session = [...feed.edge.hub.clients()][0]![0];
    // The kernel's socket buffers absorb a few MB before the server sees any backlog.
    for (let i = 0; i < 20_000 && !session.isConflating; i++) {
      feed.step();
      if (i % 50 === 0) await settle(1);
    }
    expect(session.isConflating).toBe(true);
    raw.resume();
    await settle(300);
    feed.step();
    await settle(100);
    const conflated = client.received.find((m): m is SnapshotMessage => m.type === 'snapshot' && m.conflated === true);
    expect(conflated).toBeDefined();
    expect(conflated!.quotes.find((q) => q.symbol === 'AAPL')!.volume).toBe(feed.edge.streamState.day.snapshot(['AAPL'])[0]!.volume - sumAfter(client, 'AAPL', conflated!.seq));
    expect(session.isConflating).toBe(false);
  });

  it('closes a client that does not drain in time with 4001, while a normal client keeps streaming', async () => {
    feed = await startTestFeed({ rate: 20_000, client: { highWaterBytes: 16 * 1024, maxConflationMs: 200 } });
    const stuck = await connect(feed, ['AAPL', 'MSFT', 'NVDA', 'TSLA']);
    const normal = await connect(feed, ['AAPL']);
    (stuck.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const started = Date.now();
    const closed = new Promise<number>((resolve) => stuck.socket.once('close', (code) => resolve(code)));
    while (feed.edge.hub.clientCount > 1 && Date.now() - started < 10_000) {
      for (let i = 0; i < 20; i++) feed.step();
      await settle(20);
    }
    expect(feed.edge.hub.clientCount).toBe(1);
    (stuck.socket as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await closed).toBe(4001);
    normal.drain();
    feed.step();
    await settle();
    expect(ticksOf(normal.drain()).length).toBe(1);
  });
});

function sumAfter(client: TestClient, symbol: string, seq: number): number {
  return ticksOf(client.received)
    .filter((m) => m.seq > seq)
    .flatMap((m) => m.ticks)
    .filter((t) => t.symbol === symbol)
    .reduce((sum, t) => sum + t.size, 0);
}

describe('hostile clients', () => {
  it('closes a client that floods messages with 1008', async () => {
    feed = await startTestFeed();
    const client = await connect(feed, null);
    for (let i = 0; i < 200; i++) client.send({ type: 'unsubscribe', symbols: ['AAPL'] });
    const closed = await new Promise<number>((resolve) => client.socket.once('close', (code) => resolve(code)));
    expect(closed).toBe(1008);
    expect(client.received.some((m) => m.type === 'error' && m.code === 'rate_limited')).toBe(true);
  });

  it('closes a client that keeps sending bad messages with 1008, after answering each', async () => {
    feed = await startTestFeed({ client: { maxErrors: 5, messagesPerSecond: 1000, messageBurst: 1000 } });
    const client = await connect(feed, null);
    for (let i = 0; i < 8; i++) client.send('{oops');
    const closed = await new Promise<number>((resolve) => client.socket.once('close', (code) => resolve(code)));
    expect(closed).toBe(1008);
    expect(client.received.filter((m) => m.type === 'error' && m.code === 'bad_json').length).toBe(6);
  });

  it('limits subscriptions per client', async () => {
    feed = await startTestFeed({ client: { maxSubscriptions: 3 } });
    const client = await connect(feed, ['AAPL', 'MSFT']);
    client.send({ type: 'subscribe', symbols: ['NVDA', 'TSLA'] });
    expect(await client.next('error')).toMatchObject({ code: 'too_many_subscriptions' });
    expect([...feed.edge.hub.subscriptions([...feed.edge.hub.clients()][0]![0])].sort()).toEqual(['AAPL', 'MSFT']);
  });

  it('limits connections per address (429) and in total (503)', async () => {
    feed = await startTestFeed({ maxClientsPerIp: 2, maxClients: 10 });
    await connect(feed, null);
    await connect(feed, null);
    await expectUpgradeRefused(feed.server.url, 429);
    await feed.close();
    feed = await startTestFeed({ maxClients: 1 });
    await connect(feed, null);
    await expectUpgradeRefused(feed.server.url, 503);
  });

  it('refuses a foreign Origin with 403 before any data; allows its own and listed origins', async () => {
    feed = await startTestFeed({ allowedOrigins: ['https://wall.example.com'] });
    await expectUpgradeRefused(feed.server.url, 403, { origin: 'https://evil.example.net' });
    await connect(feed, null, '/ws', { origin: 'https://wall.example.com' });
    await connect(feed, null, '/ws', { origin: feed.server.url });
    await connect(feed, null, '/ws', { origin: 'http://localhost:5173' });
  });

  it('requires the token when one is set: 401 before any tick, by query or bearer header', async () => {
    feed = await startTestFeed({ token: 's3cret-token' });
    await expectUpgradeRefused(feed.server.url, 401);
    await expectUpgradeRefused(feed.server.url, 401, {}, '/ws?token=wrong');
    await connect(feed, ['AAPL'], '/ws?token=s3cret-token');
    await connect(feed, ['AAPL'], '/ws', { headers: { authorization: 'Bearer s3cret-token' } });
  });
});
