import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BAR_INTERVALS, type BarInterval } from '../../shared/bars/bar-interval.ts';
import { LiveBars } from '../../shared/bars/live-bars.ts';
import { SymbolBars } from '../../shared/bars/symbol-bars.ts';
import { calendarFor } from '../../shared/market-calendar.ts';
import type { Tick } from '../../shared/protocol.ts';

const us = calendarFor('us-equity');
/** 7 Oct 2013 in New York (EDT). */
const ny = (hh: number, mm: number, ss = 0) => Date.UTC(2013, 9, 7, hh + 4, mm, ss);
const t = (time: number, price: number, size = 100, extra: Partial<Tick> = {}): Tick => ({ symbol: 'X', price, size, time, ...extra });

describe('LiveBars (a client\'s bars)', () => {
  it('loaded from the feed\'s bars at a split point and fed the rest of the prints, equals the feed\'s bars after all of them, at every interval', () => {
    const prints = fc.array(
      fc.record({ offset: fc.integer({ min: 0, max: 16 * 3_600_000 }), price: fc.integer({ min: 1, max: 10_000 }), size: fc.integer({ min: 1, max: 500 }), volumeOnly: fc.boolean() }),
      { minLength: 1, maxLength: 150 },
    );
    fc.assert(
      fc.property(prints, fc.nat(), fc.constantFrom<BarInterval>(...BAR_INTERVALS.filter((i) => i !== '1s')), (raw, cut, interval) => {
        const ticks = raw.map(({ offset, price, size, volumeOnly }) => t(ny(4, 0) + offset, price / 100, size, volumeOnly ? { volumeOnly: true } : {})).sort((a, b) => a.time - b.time);
        const split = cut % (ticks.length + 1);
        const feed = new SymbolBars(us);
        ticks.slice(0, split).forEach((tick) => feed.apply(tick));
        const client = new LiveBars(interval, us, 10_000);
        client.load(feed.bars(interval));
        ticks.slice(split).forEach((tick) => {
          feed.apply(tick);
          client.apply(tick);
        });
        const expected = feed.bars(interval);
        const actual = client.columns();
        expect({ ...actual, vwap: [] }).toEqual({ ...expected, vwap: [] });
        actual.vwap.forEach((v, i) => expect(v).toBeCloseTo(expected.vwap[i]!, 9));
      }),
      { numRuns: 300, seed: 21 },
    );
  });

  it('says what changed: everything after a load, the last bar as it moves, a new bar, an earlier bar a late print lands in', () => {
    const bars = new LiveBars('1m', us, 100);
    bars.load({ time: [ny(10, 0), ny(10, 1)], open: [10, 11], high: [10, 11], low: [10, 11], close: [10, 11], volume: [100, 100], count: [1, 1], vwap: [10, 11] });
    expect(bars.takeChanges()).toEqual({ reset: true });
    expect(bars.takeChanges()).toBeNull();
    bars.apply(t(ny(10, 1, 30), 11.5));
    expect(bars.takeChanges()).toEqual({ reset: false, from: 1 });
    bars.apply(t(ny(10, 2, 0), 12));
    expect(bars.takeChanges()).toEqual({ reset: false, from: 2 });
    bars.apply(t(ny(10, 0, 59), 9.5));
    bars.apply(t(ny(10, 2, 1), 12.1));
    expect(bars.takeChanges()).toEqual({ reset: false, from: 0 });
    expect(bars.columns(0).low).toEqual([9.5, 11, 12]);
    expect(bars.columns(2)).toMatchObject({ time: [ny(10, 2)], close: [12.1], volume: [200], count: [2] });
  });

  it('at its capacity drops the oldest bar and says to start over', () => {
    const bars = new LiveBars('1m', us, 2);
    bars.apply(t(ny(10, 0), 10));
    bars.apply(t(ny(10, 1), 11));
    bars.takeChanges();
    bars.apply(t(ny(10, 2), 12));
    expect(bars.takeChanges()).toEqual({ reset: true });
    expect(bars.columns().time).toEqual([ny(10, 1), ny(10, 2)]);
  });

  it('a daily series does not count pre-market or after-hours prints; a volume-only print moves no price', () => {
    const bars = new LiveBars('1d', us, 10);
    expect(bars.apply(t(ny(8, 0), 50))).toBe(false);
    expect(bars.apply(t(ny(9, 30), 10))).toBe(true);
    expect(bars.apply(t(ny(12, 0), 99, 300, { volumeOnly: true }))).toBe(true);
    expect(bars.apply(t(ny(16, 0), 70))).toBe(false);
    expect(bars.columns()).toMatchObject({ time: [Date.UTC(2013, 9, 7, 4)], open: [10], high: [10], low: [10], close: [10], volume: [400], count: [2] });
  });
});
