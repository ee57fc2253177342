import { describe, expect, it } from 'vitest';
import { DayState } from '../../feed/day-state.ts';

describe('DayState', () => {
  const meta = [{ symbol: 'AAPL', name: 'Apple', sector: 'Technology', prevClose: 100, tickSize: 0.01 }];

  it('starts with no trades and the previous close', () => {
    const state = new DayState(meta);
    expect(state.snapshot(['AAPL'])).toEqual([
      { symbol: 'AAPL', last: null, bid: null, ask: null, open: null, high: null, low: null, prevClose: 100, volume: 0, time: null },
    ]);
  });

  it('tracks open, high, low, last, quote and volume', () => {
    const state = new DayState(meta);
    state.apply([
      { symbol: 'AAPL', price: 101, size: 100, time: 1, bid: 100.99, ask: 101 },
      { symbol: 'AAPL', price: 99.5, size: 50, time: 2, bid: 99.5, ask: 99.51 },
      { symbol: 'AAPL', price: 100.25, size: 10, time: 3 },
      { symbol: 'NOPE', price: 1, size: 1, time: 4 },
    ]);
    expect(state.snapshot(['AAPL', 'NOPE'])).toEqual([
      { symbol: 'AAPL', last: 100.25, bid: 99.5, ask: 99.51, open: 101, high: 101, low: 99.5, prevClose: 100, volume: 160, time: 3 },
    ]);
  });

  it('hands out copies that later ticks do not change', () => {
    const state = new DayState(meta);
    const [before] = state.snapshot(['AAPL']);
    state.apply([{ symbol: 'AAPL', price: 101, size: 100, time: 1 }]);
    expect(before!.last).toBeNull();
  });
});
