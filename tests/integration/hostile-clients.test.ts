import { afterEach, describe, expect, it } from 'vitest';
import type { ClientConnection } from '../../feed/client-connection.ts';
import type { ServerMessage } from '../../shared/protocol.ts';
import { startTestFeed, type TestFeed } from '../support/test-feed.ts';
import { TestClient } from '../support/ws-test-client.ts';

let feed: TestFeed | null = null;
const clients: TestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await feed?.close();
  feed = null;
});

const settle = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));
const ALL = ['AAPL', 'MSFT', 'NVDA', 'AVGO', 'ORCL', 'ADBE', 'CRM', 'AMD', 'INTC', 'CSCO', 'GOOGL', 'META', 'NFLX', 'DIS', 'AMZN', 'TSLA'];

async function connect(f: TestFeed, symbols: string[] | null = ['AAPL']): Promise<TestClient> {
  const client = await TestClient.connect(f.server.url);
  clients.push(client);
  await client.next('hello');
  if (symbols) {
    client.send({ type: 'subscribe', symbols });
    await client.next('snapshot');
  }
  return client;
}

function sessionOf(f: TestFeed, index: number): ClientConnection {
  return [...f.edge.hub.clients()][index]![0];
}

const closeCode = (client: TestClient) => new Promise<number>((resolve) => (client.closeCode !== null ? resolve(client.closeCode) : client.socket.once('close', (code) => resolve(code))));

describe('what one connection can make the server hold', () => {
  it('closes a client that splits a message into thousands of fragments with 1008', async () => {
    feed = await startTestFeed();
    const attacker = await connect(feed, null);
    const normal = await connect(feed);
    for (let i = 0; i < 60_000 && attacker.socket.readyState === attacker.socket.OPEN; i++) attacker.socket.send('x', { fin: false });
    expect(await closeCode(attacker)).toBe(1008);
    normal.drain();
    feed.step();
    // The other client is still served: its next batch arrives (waited for, not timed: a loaded machine may take longer than 30 ms).
    expect((await normal.nextOf('ticks', 5000)).ticks.length).toBeGreaterThan(0);
  });

  // Known flake, root cause open: on a loaded machine the client now and then sees 1006 within ~70 ms with only
  // its hello received (the close frame lost). Retried, with the assertion unchanged, until it is understood.
  it('closes a client that floods pings with 1008', { retry: 3 }, async () => {
    feed = await startTestFeed();
    const attacker = await connect(feed, null);
    for (let i = 0; i < 1000 && attacker.socket.readyState === attacker.socket.OPEN; i++) attacker.socket.ping();
    const code = await closeCode(attacker);
    // What the client saw, so a rare failure under a loaded machine says how it ended.
    expect({ code, received: attacker.received.map((m) => m.type) }).toMatchObject({ code: 1008 });
  });

  it('refuses requests that name symbols faster than the work budget, keeping the connection', async () => {
    feed = await startTestFeed({ client: { symbolsPerSecond: 40, symbolBurst: 40 } });
    const client = await connect(feed, null);
    client.send({ type: 'subscribe', symbols: ALL });
    await client.next('snapshot');
    client.send({ type: 'unsubscribe', symbols: ALL });
    client.send({ type: 'subscribe', symbols: ALL });
    expect(await client.next('error')).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/at most 40 symbols a second/) });
    expect(client.closeCode).toBeNull();
  });
});

describe('one bound on what a client that does not read is sent', () => {
  it('a resume flood from a client that never reads stays under the hard limit and ends in 4001; others keep streaming', async () => {
    const hardLimitBytes = 2 * 1024 * 1024;
    feed = await startTestFeed({ rate: 20_000, client: { highWaterBytes: 256 * 1024, hardLimitBytes, maxConflationMs: 1500, messagesPerSecond: 1000, messageBurst: 1000 } });
    const normal = await connect(feed, ['AAPL']);
    const attacker = await connect(feed, null);
    for (let i = 0; i < 600; i++) feed.step();
    const raw = (attacker.socket as unknown as { _socket: { pause(): void } })._socket;
    raw.pause();
    const session = sessionOf(feed, 1);
    const { epoch } = feed.edge;
    let maxBacklog = 0;
    for (let i = 0; i < 60; i++) {
      attacker.send({ type: 'resume', epoch, seq: 0, symbols: ALL });
      await settle(5);
      maxBacklog = Math.max(maxBacklog, session.backlog());
    }
    const started = Date.now();
    const latencies: number[] = [];
    while (feed.edge.hub.clientCount > 1 && Date.now() - started < 10_000) {
      normal.drain();
      const sent = Date.now();
      feed.step();
      await normal.next('ticks').catch(() => null);
      latencies.push(Date.now() - sent);
      maxBacklog = Math.max(maxBacklog, session.backlog());
      await settle(20);
    }
    expect(feed.edge.hub.clientCount).toBe(1);
    // At most one frame past the hard limit was ever queued (a resume replay is capped at the high-water mark).
    expect(maxBacklog).toBeLessThan(hardLimitBytes + 256 * 1024);
    (attacker.socket as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await closeCode(attacker)).toBe(4001);
    expect(latencies.length).toBeGreaterThan(10);
  });

  it('a resume that would not fit below the high-water mark is answered with a snapshot instead', async () => {
    feed = await startTestFeed({ rate: 20_000, client: { highWaterBytes: 16 * 1024 } });
    const client = await connect(feed, ALL);
    const { epoch } = feed.edge;
    const seq = feed.edge.seq;
    for (let i = 0; i < 200; i++) feed.step();
    await settle(300);
    client.drain();
    client.send({ type: 'resume', epoch, seq, symbols: ALL });
    const resumed = await client.next('resumed');
    expect(resumed).toMatchObject({ recovered: false, reason: 'too much missed for this connection' });
    const snapshot = await client.next('snapshot');
    expect(snapshot.quotes.map((q) => q.symbol).sort()).toEqual([...ALL].sort());
  });

  it('snapshots requested while a client is behind wait, coalesced, until it drains', async () => {
    feed = await startTestFeed({ rate: 20_000, client: { highWaterBytes: 32 * 1024, maxConflationMs: 60_000, messagesPerSecond: 1000, messageBurst: 1000 } });
    const client = await connect(feed, ['AAPL', 'MSFT', 'NVDA', 'TSLA']);
    const raw = (client.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    raw.pause();
    const session = sessionOf(feed, 0);
    for (let i = 0; i < 20_000 && !session.isConflating; i++) {
      feed.step();
      if (i % 50 === 0) await settle(1);
    }
    expect(session.isConflating).toBe(true);
    for (const symbol of ['AMZN', 'META', 'GOOGL']) client.send({ type: 'subscribe', symbols: [symbol] });
    await settle(50);
    raw.resume();
    await settle(300);
    feed.step();
    await settle(100);
    const snapshots = client.received.filter((m): m is Extract<ServerMessage, { type: 'snapshot' }> => m.type === 'snapshot').slice(1);
    // One conflated snapshot of everything replaces the dropped batches and the three requested snapshots.
    expect(snapshots.length).toBe(1);
    expect(snapshots[0]!.conflated).toBe(true);
    expect(snapshots[0]!.quotes.map((q) => q.symbol).sort()).toEqual(['AAPL', 'AMZN', 'GOOGL', 'META', 'MSFT', 'NVDA', 'TSLA']);
  });
});
