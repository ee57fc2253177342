import { afterEach, describe, expect, it } from 'vitest';
import { LiveBars } from '../../shared/bars/live-bars.ts';
import { calendarFor } from '../../shared/market-calendar.ts';
import type { BarColumns, BarsMessage, TicksMessage } from '../../shared/protocol.ts';
import { startTestFeed, TEST_START_TIME, type TestFeed } from '../support/test-feed.ts';
import { TestClient } from '../support/ws-test-client.ts';

const SYMBOLS = ['AAPL', 'MSFT', 'KO'];
const calendar = calendarFor('us-equity');
let feed: TestFeed | null = null;
const clients: TestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await feed?.close();
  feed = null;
});

async function connect(f: TestFeed): Promise<TestClient> {
  const client = await TestClient.connect(f.server.url);
  clients.push(client);
  await client.next('hello');
  return client;
}

/** Subscribes with the session's 1-minute bars and returns them, as a client would hold them. */
async function subscribeWithHistory(client: TestClient): Promise<Map<string, LiveBars>> {
  client.send({ type: 'subscribe', symbols: SYMBOLS, history: { interval: '1m' } });
  await client.next('snapshot');
  const bars = await client.next('bars');
  expect(bars.id).toBeUndefined();
  return new Map(bars.series.map((s) => [s.symbol, load(s.bars)]));
}

function load(columns: BarColumns): LiveBars {
  const live = new LiveBars('1m', calendar, 5000);
  live.load(columns);
  return live;
}

/** Applies every ticks message up to the feed's current seq. */
async function catchUp(client: TestClient, bars: Map<string, LiveBars>, seq: number): Promise<void> {
  for (;;) {
    const message = (await client.nextAny()) as TicksMessage;
    expect(message.type).toBe('ticks');
    for (const tick of message.ticks) bars.get(tick.symbol)!.apply(tick);
    if (message.seq >= seq) return;
  }
}

/** Everything but VWAP exactly; VWAP (a float sum in a different order) to a millionth. */
function expectSameBars(actual: BarColumns, expected: BarColumns): void {
  expect({ ...actual, vwap: [] }).toEqual({ ...expected, vwap: [] });
  actual.vwap.forEach((v, i) => expect(v).toBeCloseTo(expected.vwap[i]!, 6));
}

describe('session history on subscribe', () => {
  it('a client subscribing five minutes in gets the whole session, then live ticks with no gap or overlap', async () => {
    feed = await startTestFeed({ rate: 400 });
    const early = await connect(feed);
    const earlyBars = await subscribeWithHistory(early);
    const aapl = earlyBars.get('AAPL')!.columns();
    // The simulated past: the session from the pre-market open at 04:00 New York to the start, 10:00.
    expect(aapl.time[0]).toBe(TEST_START_TIME - 6 * 3_600_000);
    expect(aapl.time.at(-1)).toBe(TEST_START_TIME - 60_000);

    for (let i = 0; i < 300; i++) feed.step(1000);
    await catchUp(early, earlyBars, feed.edge.seq);

    const late = await connect(feed);
    const lateBars = await subscribeWithHistory(late);
    for (const symbol of SYMBOLS) {
      const columns = lateBars.get(symbol)!.columns();
      expect(columns.time.at(-1)).toBeGreaterThanOrEqual(TEST_START_TIME + 4 * 60_000);
      expectSameBars(columns, earlyBars.get(symbol)!.columns());
    }

    for (let i = 0; i < 60; i++) feed.step(1000);
    await catchUp(early, earlyBars, feed.edge.seq);
    await catchUp(late, lateBars, feed.edge.seq);
    for (const symbol of SYMBOLS) {
      const server = feed.edge.streamState.barsOf(symbol)!.bars('1m', TEST_START_TIME - 6 * 3_600_000);
      expectSameBars(lateBars.get(symbol)!.columns(), server);
      expectSameBars(earlyBars.get(symbol)!.columns(), server);
    }
  });

  it('a resume that cannot replay what was missed sends the whole session again after the snapshot', async () => {
    feed = await startTestFeed({ rate: 400 });
    for (let i = 0; i < 30; i++) feed.step(1000);
    const client = await connect(feed);
    client.send({ type: 'resume', epoch: 'long-gone', seq: 3, symbols: SYMBOLS, history: { interval: '1m' } });
    expect((await client.next('resumed')).recovered).toBe(false);
    await client.next('snapshot');
    const bars = (await client.next('bars')) as BarsMessage;
    expect(bars.series.map((s) => s.symbol)).toEqual(SYMBOLS);
    for (const { symbol, bars: columns } of bars.series) {
      expectSameBars(columns, feed.edge.streamState.barsOf(symbol)!.bars('1m', TEST_START_TIME - 6 * 3_600_000));
    }
  });

  it('sends the session only for the symbols history names, e.g. a wall\'s tiles and not its heatmap', async () => {
    feed = await startTestFeed();
    const client = await connect(feed);
    client.send({ type: 'subscribe', symbols: SYMBOLS, history: { interval: '5m', symbols: ['KO'] } });
    expect(((await client.next('snapshot')).quotes as { symbol: string }[]).map((q) => q.symbol)).toEqual(SYMBOLS);
    const bars = (await client.next('bars')) as BarsMessage;
    expect(bars.interval).toBe('5m');
    expect(bars.series.map((s) => s.symbol)).toEqual(['KO']);
  });

  it('answers a history request for daily bars with the simulated past, ending in today', async () => {
    feed = await startTestFeed({ historyDays: 30 });
    const client = await connect(feed);
    client.send({ type: 'history', id: 'year', symbols: ['AAPL'], interval: '1d' });
    const reply = (await client.next('bars')) as BarsMessage;
    const days = reply.series[0]!.bars;
    expect(reply.id).toBe('year');
    expect(days.time.length).toBe(31);
    const snapshot = feed.edge.snapshot(['AAPL']).quotes[0]!;
    expect(days.close.at(-2)).toBe(snapshot.prevClose);
    expect(days.open.at(-1)).toBe(snapshot.open);
    expect(days.volume.at(-1)).toBe(snapshot.volume);
  });
});
