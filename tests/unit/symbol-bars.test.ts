import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barStartOf, type BarInterval } from '../../shared/bars/bar-interval.ts';
import { SymbolBars } from '../../shared/bars/symbol-bars.ts';
import { calendarFor } from '../../shared/market-calendar.ts';
import type { Tick } from '../../shared/protocol.ts';

const us = calendarFor('us-equity');
/** New York wall time, given the UTC offset in force that day (-4 EDT, -5 EST). */
const ny = (y: number, m: number, d: number, hh: number, mm: number, ss = 0, ms = 0, offset = -4) => Date.UTC(y, m - 1, d, hh - offset, mm, ss, ms);
const t = (time: number, price: number, size = 100, extra: Partial<Tick> = {}): Tick => ({ symbol: 'X', price, size, time, ...extra });

function bars(...ticks: Tick[]): SymbolBars {
  const symbolBars = new SymbolBars(us);
  for (const tick of ticks) symbolBars.apply(tick);
  return symbolBars;
}

describe('SymbolBars', () => {
  it('builds 1-minute OHLCV with count and VWAP; a print exactly on a bar edge opens the next bar', () => {
    const b = bars(t(ny(2013, 10, 7, 10, 0, 0), 10, 100), t(ny(2013, 10, 7, 10, 0, 30), 12, 300), t(ny(2013, 10, 7, 10, 0, 59, 999), 9, 100), t(ny(2013, 10, 7, 10, 1, 0), 11, 50));
    expect(b.bars('1m')).toEqual({
      time: [ny(2013, 10, 7, 10, 0), ny(2013, 10, 7, 10, 1)],
      open: [10, 11],
      high: [12, 11],
      low: [9, 11],
      close: [9, 11],
      volume: [500, 50],
      count: [3, 1],
      vwap: [(1000 + 3600 + 900) / 500, 11],
    });
  });

  it('a volume-only print adds volume and VWAP but never a price; a bar of only such prints has no price', () => {
    const b = bars(t(ny(2013, 10, 7, 10, 0, 1), 10, 100), t(ny(2013, 10, 7, 10, 0, 2), 50, 100, { volumeOnly: true }), t(ny(2013, 10, 7, 10, 1, 5), 20, 10, { volumeOnly: true }));
    const m = b.bars('1m');
    expect([m.open, m.high, m.low, m.close, m.volume]).toEqual([
      [10, null],
      [10, null],
      [10, null],
      [10, null],
      [200, 10],
    ]);
    expect(m.vwap[0]).toBe(30);
  });

  it('daily bars count the regular session only, one per trading day, skipping the weekend and holidays', () => {
    const b = bars(
      t(ny(2013, 11, 27, 8, 0, 0, 0, -5), 5, 1000), // pre-market: not in the daily bar
      t(ny(2013, 11, 27, 9, 30, 0, 0, -5), 10),
      t(ny(2013, 11, 27, 15, 59, 0, 0, -5), 11),
      t(ny(2013, 11, 27, 17, 0, 0, 0, -5), 99), // after hours
      t(ny(2013, 11, 29, 12, 0, 0, 0, -5), 12), // Friday after Thanksgiving (EST), an early close at 13:00
      t(ny(2013, 11, 29, 13, 30, 0, 0, -5), 13), // after the early close
    );
    const d = b.bars('1d');
    expect(d.time).toEqual([ny(2013, 11, 27, 0, 0, 0, 0, -5), ny(2013, 11, 29, 0, 0, 0, 0, -5)]);
    expect([d.open, d.close, d.volume]).toEqual([
      [10, 12],
      [11, 12],
      [200, 100],
    ]);
  });

  it('aligns bars to local time across the DST change (2013-11-03)', () => {
    const b = bars(t(ny(2013, 11, 1, 10, 7), 1), t(ny(2013, 11, 4, 10, 7, 0, 0, -5), 2));
    expect(b.bars('1h').time).toEqual([ny(2013, 11, 1, 10, 0), ny(2013, 11, 4, 10, 0, 0, 0, -5)]);
    expect(b.bars('15m').time).toEqual([ny(2013, 11, 1, 10, 0), ny(2013, 11, 4, 10, 0, 0, 0, -5)]);
  });

  it('starts a new bar on a day change, even for prints a second apart', () => {
    const b = bars(t(ny(2013, 10, 7, 23, 59, 59, 500), 1), t(ny(2013, 10, 8, 0, 0, 0, 500), 2));
    expect(b.bars('1h').time).toEqual([ny(2013, 10, 7, 23, 0), ny(2013, 10, 8, 0, 0)]);
  });

  it('derived intervals equal aggregating the prints directly, for any prints', () => {
    const prints = fc.array(
      fc.record({ offset: fc.integer({ min: 0, max: 16 * 3_600_000 }), price: fc.integer({ min: 1, max: 10_000 }), size: fc.integer({ min: 1, max: 500 }), volumeOnly: fc.boolean() }),
      { minLength: 1, maxLength: 200 },
    );
    fc.assert(
      fc.property(prints, fc.constantFrom<BarInterval>('5m', '15m', '30m', '1h'), (raw, interval) => {
        const ticks = raw
          .map(({ offset, price, size, volumeOnly }) => t(ny(2013, 10, 7, 4, 0) + offset, price / 100, size, volumeOnly ? { volumeOnly: true } : {}))
          .sort((a, b) => a.time - b.time);
        const derived = bars(...ticks).bars(interval);
        // Direct: one bar series at the target interval, by the same rule.
        const direct = new Map<number, Tick[]>();
        for (const tick of ticks) {
          const start = barStartOf(interval, tick.time, us);
          direct.set(start, [...(direct.get(start) ?? []), tick]);
        }
        expect(derived.time).toEqual([...direct.keys()]);
        derived.time.forEach((start, i) => {
          const group = direct.get(start)!;
          const priced = group.filter((x) => !x.volumeOnly);
          expect(derived.volume[i]).toBe(group.reduce((sum, x) => sum + x.size, 0));
          expect(derived.count[i]).toBe(group.length);
          expect(derived.open[i]).toBe(priced[0]?.price ?? null);
          expect(derived.close[i]).toBe(priced.at(-1)?.price ?? null);
          expect(derived.high[i]).toBe(priced.length ? Math.max(...priced.map((x) => x.price)) : null);
          expect(derived.low[i]).toBe(priced.length ? Math.min(...priced.map((x) => x.price)) : null);
        });
      }),
      { numRuns: 300, seed: 12 },
    );
  });

  it('keeps 1-second bars for the last ten minutes only, and honours a range and a limit', () => {
    const b = bars(...Array.from({ length: 30 }, (_, i) => t(ny(2013, 10, 7, 10, 0) + i * 60_000, 10 + i)));
    expect(b.bars('1s').time.length).toBe(11); // 10:19:00 back to 10:29:00
    const m = b.bars('1m', ny(2013, 10, 7, 10, 5), ny(2013, 10, 7, 10, 20), 3);
    expect(m.time).toEqual([ny(2013, 10, 7, 10, 17), ny(2013, 10, 7, 10, 18), ny(2013, 10, 7, 10, 19)]);
  });

  it('round-trips its whole history, as a stream start carries it', () => {
    const b = bars(t(ny(2013, 10, 7, 10, 0, 1), 10), t(ny(2013, 10, 7, 10, 0, 2), 11, 10, { volumeOnly: true }), t(ny(2013, 10, 8, 11, 0), 12));
    const copy = new SymbolBars(us);
    copy.load(b.history());
    expect(copy.history()).toEqual(b.history());
    expect(copy.bars('5m')).toEqual(b.bars('5m'));
  });

  it('crypto: daily bars are UTC days, every print counts', () => {
    const crypto = new SymbolBars(calendarFor('24x7'));
    crypto.apply({ symbol: 'BTCUSD', price: 7000, size: 0.5, time: Date.UTC(2018, 3, 4, 23, 59) });
    crypto.apply({ symbol: 'BTCUSD', price: 7100, size: 0.25, time: Date.UTC(2018, 3, 5, 0, 1) });
    expect(crypto.bars('1d')).toMatchObject({ time: [Date.UTC(2018, 3, 4), Date.UTC(2018, 3, 5)], volume: [0.5, 0.25] });
  });
});
