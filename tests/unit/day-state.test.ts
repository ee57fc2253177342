import { describe, expect, it } from 'vitest';
import { DayState } from '../../feed/day-state.ts';

/** A Friday in November 2026, 10:00 New York time: inside the regular session. */
const T = Date.UTC(2026, 10, 20, 15, 0);

describe('DayState', () => {
  const meta = [{ symbol: 'AAPL', name: 'Apple', sector: 'Technology', prevClose: 100, tickSize: 0.01 }];

  it('starts with no trades and the previous close', () => {
    const state = new DayState(meta);
    expect(state.snapshot(['AAPL'])).toEqual([
      { symbol: 'AAPL', last: null, bid: null, ask: null, day: null, open: null, high: null, low: null, close: null, prevClose: 100, volume: 0, time: null },
    ]);
  });

  it('tracks open, high, low, last, quote and volume', () => {
    const state = new DayState(meta);
    state.apply([
      { symbol: 'AAPL', price: 101, size: 100, time: T + 1, bid: 100.99, ask: 101 },
      { symbol: 'AAPL', price: 99.5, size: 50, time: T + 2, bid: 99.5, ask: 99.51 },
      { symbol: 'AAPL', price: 100.25, size: 10, time: T + 3 },
      { symbol: 'NOPE', price: 1, size: 1, time: T + 4 },
    ]);
    expect(state.snapshot(['AAPL', 'NOPE'])).toEqual([
      { symbol: 'AAPL', last: 100.25, bid: 99.5, ask: 99.51, day: '2026-11-20', open: 101, high: 101, low: 99.5, close: 100.25, prevClose: 100, volume: 160, time: T + 3 },
    ]);
  });

  it('hands out copies that later ticks do not change', () => {
    const state = new DayState(meta);
    const [before] = state.snapshot(['AAPL']);
    state.apply([{ symbol: 'AAPL', price: 101, size: 100, time: T }]);
    expect(before!.last).toBeNull();
  });
});
