import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TicksMessage } from '../../shared/protocol.ts';
import { TestClient } from '../support/ws-test-client.ts';
import { startTestFeed, type TestFeed } from '../support/test-feed.ts';

let feed: TestFeed;
let clients: TestClient[];

beforeEach(async () => {
  feed = await startTestFeed();
  clients = [];
});
afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await feed.close();
});

async function connect(): Promise<TestClient> {
  const client = await TestClient.connect(feed.server.url);
  clients.push(client);
  return client;
}

/** Steps the feed until the client has received `count` ticks batches. */
async function collectBatches(client: TestClient, count: number): Promise<TicksMessage[]> {
  const batches: TicksMessage[] = [];
  while (batches.length < count) {
    feed.step();
    const pending = client.drain().filter((m): m is TicksMessage => m.type === 'ticks');
    batches.push(...pending);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return batches;
}

describe('feed server over real WebSockets', () => {
  it('greets with hello, answers subscribe with a snapshot, then streams only subscribed ticks', async () => {
    const client = await connect();
    const hello = await client.next('hello');
    expect(hello).toMatchObject({ protocol: 2, mode: 'live', epoch: 'test-epoch', batchIntervalMs: 50, timeZone: 'America/New_York' });
    expect(hello.symbols.length).toBe(32);
    expect(hello.symbols.find((s) => s.symbol === 'AAPL')).toMatchObject({ name: 'Apple Inc.', sector: 'Technology', tickSize: 0.01 });

    feed.step(1000); // some history before subscribing, so the snapshot has content
    client.send({ type: 'subscribe', symbols: ['AAPL', 'MSFT'] });
    const snapshot = await client.next('snapshot');
    expect(snapshot.epoch).toBe('test-epoch');
    expect(snapshot.seq).toBe(1);
    expect(snapshot.quotes.map((q) => q.symbol).sort()).toEqual(['AAPL', 'MSFT']);
    for (const quote of snapshot.quotes) {
      expect(quote.last).toBeGreaterThan(0);
      expect(quote.volume).toBeGreaterThan(0);
      expect(quote.low!).toBeLessThanOrEqual(quote.high!);
    }

    const batches = await collectBatches(client, 10);
    const seqs = batches.map((b) => b.seq);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]!);
    expect(seqs[0]).toBeGreaterThan(snapshot.seq);
    const symbols = new Set(batches.flatMap((b) => b.ticks.map((t) => t.symbol)));
    expect([...symbols].sort()).toEqual(['AAPL', 'MSFT']);
    for (const t of batches.flatMap((b) => b.ticks)) {
      expect(t).toEqual({ symbol: t.symbol, price: expect.any(Number), size: expect.any(Number), time: expect.any(Number), bid: expect.any(Number), ask: expect.any(Number) });
    }
  });

  it('gives two clients with different subscriptions exactly theirs, from the same feed-wide sequence', async () => {
    const a = await connect();
    const b = await connect();
    await a.next('hello');
    await b.next('hello');
    a.send({ type: 'subscribe', symbols: ['AAPL'] });
    b.send({ type: 'subscribe', symbols: ['NVDA', 'TSLA'] });
    await a.next('snapshot');
    await b.next('snapshot');

    const sent: { seq: number; symbols: string[] }[] = [];
    const stop = feed.producer.onBatch((batch) => sent.push({ seq: batch.seq, symbols: batch.ticks.map((t) => t.symbol) }));
    for (let i = 0; i < 40; i++) feed.step();
    stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const aBatches = a.drain() as TicksMessage[];
    const bBatches = b.drain() as TicksMessage[];

    const expected = (wanted: string[]) =>
      sent
        .map(({ seq, symbols }) => ({ seq, count: symbols.filter((s) => wanted.includes(s)).length }))
        .filter((e) => e.count > 0);
    expect(aBatches.map((m) => ({ seq: m.seq, count: m.ticks.length }))).toEqual(expected(['AAPL']));
    expect(bBatches.map((m) => ({ seq: m.seq, count: m.ticks.length }))).toEqual(expected(['NVDA', 'TSLA']));
    expect(aBatches.every((m) => m.ticks.every((t) => t.symbol === 'AAPL'))).toBe(true);
  });

  it('stops sending a symbol after unsubscribe', async () => {
    const client = await connect();
    await client.next('hello');
    client.send({ type: 'subscribe', symbols: ['AAPL', 'NVDA'] });
    await client.next('snapshot');
    client.send({ type: 'unsubscribe', symbols: ['AAPL'] });
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.drain();
    const batches = await collectBatches(client, 5);
    expect(new Set(batches.flatMap((b) => b.ticks.map((t) => t.symbol)))).toEqual(new Set(['NVDA']));
  });

  it('answers bad messages with their codes, keeps the connection open, and keeps other clients streaming', async () => {
    const bad = await connect();
    const good = await connect();
    await bad.next('hello');
    await good.next('hello');
    good.send({ type: 'subscribe', symbols: ['AAPL'] });
    await good.next('snapshot');

    const cases: [unknown, string][] = [
      ['{nope', 'bad_json'],
      [{ type: 'launch' }, 'unknown_type'],
      [{ type: 'subscribe', symbols: 'AAPL' }, 'bad_message'],
      [{ symbols: ['AAPL'] }, 'bad_message'],
      [{ type: 'subscribe', symbols: ['NOTREAL'] }, 'unknown_symbol'],
    ];
    for (const [frame, code] of cases) {
      bad.send(frame);
      const error = await bad.next('error');
      expect(error.code).toBe(code);
      expect(error.message).toBeTruthy();
    }
    bad.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await bad.next('error')).code).toBe('unsupported_frame');

    // A mixed request applies the known symbols and reports the unknown one.
    bad.send({ type: 'subscribe', symbols: ['MSFT', 'NOTREAL'] });
    const snapshot = await bad.next('snapshot');
    expect(snapshot.quotes.map((q) => q.symbol)).toEqual(['MSFT']);
    expect(await bad.next('error')).toMatchObject({ code: 'unknown_symbol', symbols: ['NOTREAL'] });

    const goodBatches = await collectBatches(good, 3);
    expect(goodBatches.every((b) => b.ticks.every((t) => t.symbol === 'AAPL'))).toBe(true);
    const badBatches = await collectBatches(bad, 3);
    expect(badBatches.every((b) => b.ticks.every((t) => t.symbol === 'MSFT'))).toBe(true);
    expect(bad.closeCode).toBeNull();
  });

  it('does not resend a snapshot for symbols already subscribed', async () => {
    const client = await connect();
    await client.next('hello');
    client.send({ type: 'subscribe', symbols: ['AAPL'] });
    await client.next('snapshot');
    client.send({ type: 'subscribe', symbols: ['AAPL', 'KO'] });
    const snapshot = await client.next('snapshot');
    expect(snapshot.quotes.map((q) => q.symbol)).toEqual(['KO']);
  });

  it('closes a client that sends a frame larger than maxPayload with 1009', async () => {
    const client = await connect();
    await client.next('hello');
    client.send('x'.repeat(70 * 1024));
    await expect(client.nextAny(3000)).rejects.toThrow(/closed \(1009\)/);
  });

  it('answers plain HTTP on /ws with 426 and unknown upgrade paths with 404', async () => {
    const response = await fetch(`${feed.server.url}/ws`);
    expect(response.status).toBe(426);
    await expect(TestClient.connect(feed.server.url, '/elsewhere')).rejects.toThrow(/404/);
  });
});
