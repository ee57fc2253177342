import { describe, expect, it } from 'vitest';
import { calendarFor } from '../../shared/market-calendar.ts';
import type { Tick } from '../../shared/protocol.ts';
import { applyTrade, referencePrice, type TradedQuote } from '../../shared/trade-rules.ts';

const us = calendarFor('us-equity');
/** New York wall time on a date in October 2013 (EDT, UTC-4). */
const at = (day: number, hh: number, mm: number) => Date.UTC(2013, 9, day, hh + 4, mm);
const print = (time: number, price: number, size = 100, extra: Partial<Tick> = {}): Tick => ({ symbol: 'IBM', price, size, time, ...extra });
const empty = (prevClose: number | null = 180): TradedQuote => ({ last: null, bid: null, ask: null, day: null, open: null, high: null, low: null, close: null, prevClose, volume: 0, time: null });

function apply(quote: TradedQuote, ...prints: Tick[]): TradedQuote {
  for (const p of prints) applyTrade(quote, p, us);
  return quote;
}

describe('trade rules', () => {
  it('the day counts the regular session; the last price follows every session', () => {
    const quote = apply(empty(), print(at(7, 4, 1), 181.5), print(at(7, 9, 30), 182, 200), print(at(7, 12, 0), 183, 300), print(at(7, 16, 30), 184, 50));
    expect(quote).toMatchObject({ day: '2013-10-07', last: 184, open: 182, high: 183, low: 182, close: 183, volume: 500, prevClose: 180 });
  });

  it('a volume-only print counts toward volume but moves no price', () => {
    const quote = apply(empty(), print(at(7, 10, 0), 182), print(at(7, 10, 1), 190, 5000, { volumeOnly: true }));
    expect(quote).toMatchObject({ last: 182, high: 182, close: 182, volume: 5100 });
  });

  it('the first print of a new trading day rolls the day: yesterday\'s close becomes the previous close', () => {
    const quote = apply(empty(), print(at(4, 15, 59), 179), print(at(4, 18, 0), 178), print(at(7, 8, 0), 177.5));
    expect(quote).toMatchObject({ day: '2013-10-07', prevClose: 179, last: 177.5, open: null, high: null, close: null, volume: 0 });
  });

  it('ignores a late print from a day already closed', () => {
    const quote = apply(empty(), print(at(7, 10, 0), 182), print(at(4, 15, 0), 1));
    expect(quote).toMatchObject({ day: '2013-10-07', last: 182, volume: 100 });
  });

  it('keeps the bid and ask, and the time of the last print', () => {
    const quote = apply(empty(), print(at(7, 10, 0), 182, 100, { bid: 181.99, ask: 182.01 }), print(at(7, 10, 1), 182, 10, { volumeOnly: true }));
    expect(quote).toMatchObject({ bid: 181.99, ask: 182.01, time: at(7, 10, 1) });
  });

  it('measures change from the previous close, or from the open when there is none', () => {
    expect(referencePrice({ prevClose: 100, open: 101 })).toEqual({ price: 100, kind: 'prev close' });
    expect(referencePrice({ prevClose: null, open: 101 })).toEqual({ price: 101, kind: 'open' });
  });

  it('crypto trades 24x7: every print is in session, days change at midnight UTC', () => {
    const crypto = calendarFor('24x7');
    const quote = empty(7000);
    applyTrade(quote, { symbol: 'BTCUSD', price: 7100, size: 0.5, time: Date.UTC(2018, 3, 4, 23, 59) }, crypto);
    applyTrade(quote, { symbol: 'BTCUSD', price: 7200, size: 0.25, time: Date.UTC(2018, 3, 5, 0, 1) }, crypto);
    expect(quote).toMatchObject({ day: '2018-04-05', prevClose: 7100, open: 7200, volume: 0.25 });
  });
});
