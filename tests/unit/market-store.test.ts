import { describe, expect, it } from 'vitest';
import type { BarsMessage, HelloMessage, SnapshotMessage, TicksMessage } from '../../shared/protocol.ts';
import { MarketStore } from '../../web/src/lib/market-store.svelte.ts';

const hello = (mode: 'live' | 'replay', epoch: string): HelloMessage => ({
  type: 'hello',
  protocol: 2,
  serverTime: 0,
  mode,
  epoch,
  batchIntervalMs: 50,
  heartbeatMs: 1000,
  timeZone: 'America/New_York',
  symbols: [{ symbol: 'AAPL', name: 'Apple', sector: 'Technology', prevClose: 100, tickSize: 0.01 }],
});
const snapshot = (epoch: string, seq: number, last: number | null): SnapshotMessage => ({
  type: 'snapshot',
  epoch,
  seq,
  quotes: [{ symbol: 'AAPL', last, bid: null, ask: null, day: last ? '2026-11-20' : null, open: last, high: last, low: last, close: last, prevClose: 100, volume: last ? 100 : 0, time: last ? 1 : null }],
});
/** 10:00 New York time on a trading day: the start of a 5-minute bar. */
const T = Date.UTC(2026, 10, 20, 15, 0);
const ticks = (epoch: string, seq: number, price: number, time: number): TicksMessage => ({ type: 'ticks', epoch, seq, ticks: [{ symbol: 'AAPL', price, size: 10, time: T + time }] });
/** The session as the feed sends it after a snapshot: one 5-minute bar before T. */
const session = (epoch: string, seq: number, id?: string): BarsMessage => ({
  type: 'bars',
  ...(id ? { id } : {}),
  epoch,
  seq,
  interval: '5m',
  series: [{ symbol: 'AAPL', bars: { time: [T - 300_000], open: [99], high: [100.5], low: [98.5], close: [100], volume: [500], count: [5], vwap: [99.7] } }],
});

function streamed(mode: 'live' | 'replay') {
  const store = new MarketStore('5m');
  store.applyHello(hello(mode, 'e1'));
  const aapl = store.quote('AAPL')!;
  store.applySnapshot(snapshot('e1', 0, null));
  store.applyBars(session('e1', 0));
  store.applyTicks(ticks('e1', 1, 101, 1000));
  store.applyTicks(ticks('e1', 2, 102, 1050));
  return { store, aapl };
}

describe('MarketStore', () => {
  it('loads the session from bars, then moves it with every tick', () => {
    const { store, aapl } = streamed('live');
    expect(store.lastSeq).toBe(2);
    expect(aapl.last).toBe(102);
    expect(aapl.volume).toBe(20);
    const bars = aapl.session!.columns();
    expect(bars.time).toEqual([T - 300_000, T]);
    expect(bars.open).toEqual([99, 101]);
    expect(bars.close).toEqual([100, 102]);
    expect(bars.volume).toEqual([500, 20]);
  });

  it('keeps the session across a recovered outage: a reconnect hello does not reset anything', () => {
    const { store, aapl } = streamed('live');
    store.applyHello(hello('live', 'e1'));
    store.applyTicks(ticks('e1', 5, 103, 1200));
    expect(aapl.session!.columns().close).toEqual([100, 103]);
  });

  it('a new epoch (a restarted feed or a seek) starts afresh; its session replaces the old and late batches of the old stream are ignored', () => {
    for (const mode of ['live', 'replay'] as const) {
      const { store, aapl } = streamed(mode);
      store.applySnapshot(snapshot('e2', 0, 99));
      expect(aapl.session!.length).toBe(0);
      expect(aapl.last).toBe(99);
      store.applyBars(session('e1', 2)); // for the old epoch: ignored
      expect(aapl.session!.length).toBe(0);
      store.applyBars(session('e2', 0));
      store.applyTicks(ticks('e1', 3, 500, 2100));
      expect(aapl.last).toBe(99);
      expect(aapl.session!.columns().close).toEqual([100]);
    }
  });

  it('hands an answer to whoever asked, once, and drops answers pending from an earlier connection', () => {
    const { store } = streamed('live');
    const answers: string[] = [];
    store.expectHistory('h1', (bars) => answers.push(bars.id!));
    store.applyBars(session('e1', 2, 'h1'));
    store.applyBars(session('e1', 2, 'h1'));
    expect(answers).toEqual(['h1']);
    store.expectHistory('h2', (bars) => answers.push(bars.id!));
    store.applyHello(hello('live', 'e1'));
    store.applyBars(session('e1', 2, 'h2'));
    expect(answers).toEqual(['h1']);
  });

  it('a heatmap cell keeps no bars', () => {
    const store = new MarketStore('5m');
    store.applyHello(hello('live', 'e1'));
    expect(store.quote('AAPL', false)!.session).toBeNull();
  });

  it('notes a conflated snapshot so the UI can say so', () => {
    const { store } = streamed('live');
    store.applySnapshot({ ...snapshot('e1', 9, 105), conflated: true });
    expect(store.conflatedAt).not.toBeNull();
    expect(store.lastSeq).toBe(9);
  });
});
