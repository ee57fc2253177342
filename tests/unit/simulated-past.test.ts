import { describe, expect, it } from 'vitest';
import { simulatePast, type PastConfig } from '../../feed/simulated-past.ts';
import { DEFAULT_UNIVERSE } from '../../feed/universe.ts';
import { calendarFor } from '../../shared/market-calendar.ts';
import { localToEpoch } from '../../shared/zoned-time.ts';

const NY = 'America/New_York';
const calendar = calendarFor('us-equity');
/** An instant in New York: ny(2026, 11, 20, 10, 30) is 10:30 on Friday 20 November 2026. */
const ny = (year: number, month: number, day: number, hour: number, minute = 0) => localToEpoch(NY, { year, month, day }, (hour * 60 + minute) * 60_000);
const universe = DEFAULT_UNIVERSE.slice(0, 6);
const past = (at: number, config: Partial<PastConfig> = {}) => simulatePast({ universe, seed: 42, ticksPerSecond: 300, calendar, at, days: 30, ...config });
const FRIDAY_1030 = ny(2026, 11, 20, 10, 30);

describe('simulatePast', () => {
  it('is the same for the same seed and time, and a later time on the same day only adds bars', () => {
    const a = past(FRIDAY_1030);
    expect(past(FRIDAY_1030)).toEqual(a);
    const later = past(ny(2026, 11, 20, 14, 0));
    for (const { symbol } of universe) {
      const early = a.history.get(symbol)!;
      const late = later.history.get(symbol)!;
      expect(late.d1.close.subarray(0, 30)).toEqual(early.d1.close.subarray(0, 30));
      // Every complete minute before 10:30 is unchanged; the 10:29 minute was complete too.
      const complete = early.m1.time.length;
      expect(late.m1.time.subarray(0, complete)).toEqual(early.m1.time);
      expect(late.m1.close.subarray(0, complete)).toEqual(early.m1.close);
      expect(late.m1.volume.subarray(0, complete)).toEqual(early.m1.volume);
    }
    expect(past(FRIDAY_1030, { seed: 43 }).history.get('AAPL')!.m1.close).not.toEqual(a.history.get('AAPL')!.m1.close);
  });

  it('starts the session at the pre-market open and ends it at `at`, on the tick grid', () => {
    const { history, sessionDay } = past(FRIDAY_1030);
    expect(sessionDay).toBe('2026-11-20');
    const aapl = history.get('AAPL')!;
    expect(aapl.m1.time[0]).toBeGreaterThanOrEqual(ny(2026, 11, 20, 4, 0));
    expect(aapl.m1.time.at(-1)).toBe(ny(2026, 11, 20, 10, 29));
    expect(aapl.m1.time.length).toBeGreaterThan(300);
    for (let i = 0; i < aapl.m1.time.length; i++) {
      const [o, h, l, c] = [aapl.m1.open[i]!, aapl.m1.high[i]!, aapl.m1.low[i]!, aapl.m1.close[i]!];
      expect(l).toBeLessThanOrEqual(Math.min(o, c));
      expect(h).toBeGreaterThanOrEqual(Math.max(o, c));
      for (const price of [o, h, l, c]) expect(Math.round(price * 100) / 100).toBe(price);
    }
  });

  it('makes the previous close the last daily close, and today\'s quote the regular session so far', () => {
    const { quotes, history } = past(FRIDAY_1030);
    for (const meta of universe) {
      const quote = quotes.find((q) => q.symbol === meta.symbol)!;
      const d1 = history.get(meta.symbol)!.d1;
      const n = d1.time.length;
      expect(d1.time[n - 1]).toBe(ny(2026, 11, 20, 0, 0));
      expect(d1.close[n - 2]).toBe(meta.prevClose);
      expect(quote).toMatchObject({ day: '2026-11-20', prevClose: meta.prevClose, open: d1.open[n - 1], high: d1.high[n - 1], low: d1.low[n - 1], close: d1.close[n - 1], volume: d1.volume[n - 1] });
      const m1 = history.get(meta.symbol)!.m1;
      expect(quote.last).toBe(m1.close.at(-1));
      expect(quote.bid!).toBeLessThan(quote.ask!);
    }
  });

  it('has daily bars on trading days only: no weekends, no Thanksgiving, and a short day after it', () => {
    const { history } = past(ny(2026, 12, 1, 12, 0), { days: 40 });
    const days = [...history.get('AAPL')!.d1.time].map((t) => calendar.localDate(t));
    expect(days.every((d) => calendar.isTradingDay(d))).toBe(true);
    const keys = days.map((d) => `${d.month}-${d.day}`);
    expect(keys).not.toContain('11-26');
    expect(keys).toContain('11-27');
    const volume = (key: string) => history.get('AAPL')!.d1.volume[keys.indexOf(key)]!;
    // 27 Nov 2026 closes at 13:00: about half a regular day's trading.
    expect(volume('11-27')).toBeLessThan(0.8 * volume('11-24'));
  });

  it('on a holiday, the session is the last trading day, complete', () => {
    const { sessionDay, history, quotes } = past(ny(2026, 11, 26, 12, 0));
    expect(sessionDay).toBe('2026-11-25');
    expect(history.get('AAPL')!.m1.time.at(-1)!).toBeGreaterThanOrEqual(ny(2026, 11, 25, 19, 0));
    expect(quotes.find((q) => q.symbol === 'AAPL')!.day).toBe('2026-11-25');
  });

  it('before the pre-market opens, the quote is still the previous trading day\'s, as a live feed\'s would be', () => {
    const monday = past(ny(2026, 11, 23, 3, 0));
    expect(monday.sessionDay).toBe('2026-11-20');
    const atOpen = past(ny(2026, 11, 23, 4, 0));
    expect(atOpen.sessionDay).toBe('2026-11-23');
    const aapl = atOpen.quotes.find((q) => q.symbol === 'AAPL')!;
    const d1 = atOpen.history.get('AAPL')!.d1;
    expect(atOpen.history.get('AAPL')!.m1.time.length).toBe(0);
    expect(aapl).toMatchObject({ day: '2026-11-20', last: d1.close.at(-1), close: d1.close.at(-1), prevClose: d1.close.at(-2) });
    expect(d1.close.at(-1)).toBe(universe[0]!.prevClose);
  });

  it('rejects a history length out of range', () => {
    expect(() => past(FRIDAY_1030, { days: -1 })).toThrow(/days must be 0 to 5000/);
  });
});
