import { describe, expect, it } from 'vitest';
import type { HelloMessage, SnapshotMessage, TicksMessage } from '../../shared/protocol.ts';
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
/** Ticks at `time` ms after 10:00 New York time on a trading day. */
const T = Date.UTC(2026, 10, 20, 15, 0);
const ticks = (epoch: string, seq: number, price: number, time: number): TicksMessage => ({ type: 'ticks', epoch, seq, ticks: [{ symbol: 'AAPL', price, size: 10, time: T + time }] });

function streamed(mode: 'live' | 'replay') {
  const store = new MarketStore();
  store.applyHello(hello(mode, 'e1'));
  const aapl = store.quote('AAPL')!;
  store.applySnapshot(snapshot('e1', 0, null));
  store.applyTicks(ticks('e1', 1, 101, 1000));
  store.applyTicks(ticks('e1', 2, 102, 1050));
  return { store, aapl };
}

describe('MarketStore across outages', () => {
  it('tracks where a resume should pick up', () => {
    const { store, aapl } = streamed('live');
    expect(store.lastSeq).toBe(2);
    expect(aapl.last).toBe(102);
    expect(aapl.volume).toBe(20);
    expect(aapl.history.length).toBe(2);
  });

  it('keeps history across a recovered outage: a reconnect hello does not reset anything', () => {
    const { store, aapl } = streamed('live');
    store.applyHello(hello('live', 'e1'));
    store.applyTicks(ticks('e1', 5, 103, 1200));
    store.applyResumed({ type: 'resumed', recovered: true, epoch: 'e1', seq: 5 });
    expect(aapl.history.length).toBe(3);
    expect([0, 1, 2].map((i) => aapl.history.priceAt(i))).toEqual([101, 102, 103]);
  });

  it('marks an unrecovered gap as a break, then continues from the fresh snapshot', () => {
    const { store, aapl } = streamed('live');
    store.applyResumed({ type: 'resumed', recovered: false, epoch: 'e1', seq: 90, reason: 'too old' });
    store.applySnapshot(snapshot('e1', 90, 110));
    store.applyTicks(ticks('e1', 91, 111, 9000));
    const prices = Array.from({ length: aapl.history.length }, (_, i) => aapl.history.priceAt(i));
    expect(prices).toEqual([101, 102, 111]);
    expect([0, 1, 2].map((i) => aapl.history.breaksBefore(i))).toEqual([false, false, true]);
    expect(aapl.last).toBe(111);
  });

  it('live: a restarted feed (new epoch) keeps the history with a break', () => {
    const { store, aapl } = streamed('live');
    store.applySnapshot(snapshot('e2', 0, 99));
    expect(store.epoch).toBe('e2');
    store.applyTicks(ticks('e2', 1, 98, 2000));
    expect(aapl.history.length).toBe(3);
    expect(aapl.history.breaksBefore(2)).toBe(true);
    store.applyTicks(ticks('e1', 3, 500, 2100)); // a late batch of the old stream is ignored
    expect(aapl.last).toBe(98);
  });

  it('replay: a seek (new epoch) starts the views afresh', () => {
    const { store, aapl } = streamed('replay');
    store.applySnapshot(snapshot('e2', 40, 120));
    expect(aapl.history.length).toBe(0);
    expect(aapl.history.resets).toBe(1);
    expect(aapl.last).toBe(120);
  });

  it('notes a conflated snapshot so the UI can say so', () => {
    const { store } = streamed('live');
    store.applySnapshot({ ...snapshot('e1', 9, 105), conflated: true });
    expect(store.conflatedAt).not.toBeNull();
    expect(store.lastSeq).toBe(9);
  });
});
