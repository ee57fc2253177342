import { inRegularSession, type MarketCalendar } from '../market-calendar.ts';

/** The bar intervals a chart offers. 1s, 1m and 1d are stored; the others are derived from 1m. */
export const BAR_INTERVALS = ['1s', '1m', '5m', '15m', '30m', '1h', '1d'] as const;
export type BarInterval = (typeof BAR_INTERVALS)[number];
export type StoredInterval = '1s' | '1m' | '1d';

export const INTRADAY_MS: Readonly<Record<Exclude<BarInterval, '1d'>, number>> = {
  '1s': 1_000,
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
};

/** Which stored series an interval's bars come from. */
export function sourceOf(interval: BarInterval): StoredInterval {
  return interval === '1s' || interval === '1d' ? interval : '1m';
}

/**
 * Where the bar holding an instant starts: intraday bars are aligned to the
 * exchange's local midnight (so an hour bar is a local clock hour in any
 * zone), a daily bar starts at local midnight of its trading day.
 */
export function barStartOf(interval: BarInterval, time: number, calendar: MarketCalendar): number {
  const day = calendar.dayOf(time);
  if (interval === '1d') return day.start;
  const ms = INTRADAY_MS[interval];
  return day.start + Math.floor((time - day.start) / ms) * ms;
}

/**
 * The bar a print counts in at an interval: the start of that bar, or null
 * when the interval does not count it. Intraday bars count every print;
 * a daily bar counts the regular session only, as a quote's day statistics
 * do. The one rule the feed's SymbolBars and a client's LiveBars share.
 */
export function barOfPrint(interval: BarInterval, time: number, calendar: MarketCalendar): number | null {
  if (interval !== '1d') return barStartOf(interval, time, calendar);
  const day = calendar.dayOf(time);
  return inRegularSession(day, time) ? day.start : null;
}
