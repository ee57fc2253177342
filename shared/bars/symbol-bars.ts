import type { MarketCalendar } from '../market-calendar.ts';
import type { Tick } from '../protocol.ts';
import { setsPrice } from '../trade-rules.ts';
import { barOfPrint, barStartOf, INTRADAY_MS, sourceOf, type BarInterval, type StoredInterval } from './bar-interval.ts';
import { appendColumns, BarSeries, emptyColumns, type Bar, type BarColumns, type StoredBars } from './bar-series.ts';

/**
 * How much history one symbol keeps, and the policy at the limit (the
 * oldest bars go). Bars exist only for periods with prints, so a quiet
 * symbol costs far less than these; see the README's bounds table for the
 * bytes.
 */
export interface HistoryLimits {
  /** 1-second bars: at most this many, and none older than maxSecondsAgeMs before the newest. */
  maxSecondBars: number;
  maxSecondsAgeMs: number;
  /** 1-minute bars: two extended sessions (04:00-20:00) by default. */
  maxMinuteBars: number;
  /** Daily bars: about twenty years. */
  maxDailyBars: number;
}

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = { maxSecondBars: 600, maxSecondsAgeMs: 10 * 60_000, maxMinuteBars: 1920, maxDailyBars: 5000 };

/** A symbol's stored bars, as they travel in a stream's start (or a checkpoint). */
export interface SymbolHistory {
  s1: StoredBars;
  m1: StoredBars;
  d1: StoredBars;
}

/**
 * One symbol's bars at the stored intervals, built from its prints by the
 * same rule as its day state (shared/trade-rules.ts): 1-second and
 * 1-minute bars count every print, in every session; daily bars count the
 * regular session, so a daily bar is exactly the day's open, high, low,
 * close and volume. Volume-only prints add volume but never move a price.
 * Other intervals are derived from the 1-minute bars, which equals building
 * them from the prints directly.
 */
export class SymbolBars {
  readonly s1: BarSeries;
  readonly m1: BarSeries;
  readonly d1: BarSeries;

  constructor(
    private readonly calendar: MarketCalendar,
    private readonly limits: HistoryLimits = DEFAULT_HISTORY_LIMITS,
  ) {
    this.s1 = new BarSeries(limits.maxSecondBars);
    this.m1 = new BarSeries(limits.maxMinuteBars);
    this.d1 = new BarSeries(limits.maxDailyBars);
  }

  apply(tick: Tick): void {
    const price = setsPrice(tick) ? tick.price : null;
    const second = barOfPrint('1s', tick.time, this.calendar)!;
    this.s1.add(second, price, tick.size, tick.price);
    this.m1.add(barOfPrint('1m', tick.time, this.calendar)!, price, tick.size, tick.price);
    const day = barOfPrint('1d', tick.time, this.calendar);
    if (day !== null) this.d1.add(day, price, tick.size, tick.price);
    if (second - this.s1.timeAt(0) > this.limits.maxSecondsAgeMs) this.s1.evictBefore(second - this.limits.maxSecondsAgeMs);
  }

  /**
   * A whole minute of prints at once (a simulated past made a minute at a
   * time): stored as a 1-minute bar and, in the regular session, counted
   * into its day, as apply() would have counted the prints.
   */
  applyMinute(bar: Bar): void {
    this.m1.addBar(barOfPrint('1m', bar.time, this.calendar)!, bar);
    const day = barOfPrint('1d', bar.time, this.calendar);
    if (day !== null) this.d1.addBar(day, bar);
  }

  /** The bars of an interval starting in [from, to), the newest `limit` of them. */
  bars(interval: BarInterval, from = Number.NEGATIVE_INFINITY, to = Number.POSITIVE_INFINITY, limit = Number.POSITIVE_INFINITY): BarColumns {
    const stored = this.series(sourceOf(interval));
    if (interval === sourceOf(interval)) return stored.slice(from, to, limit);
    // Derived: widen the range to whole target bars, aggregate, then keep the newest `limit`.
    const first = stored.lowerBound(Number.isFinite(from) ? barStartOf(interval, from, this.calendar) : from);
    const end = stored.lowerBound(to);
    const out = emptyColumns();
    let current: Bar | null = null;
    for (let i = first; i < end; i++) {
      const bar = stored.at(i);
      const start = barStartOf(interval, bar.time, this.calendar);
      if (current && current.time !== start) {
        appendColumns(out, current);
        current = null;
      }
      current = current ? merge(current, bar) : { ...bar, time: start };
    }
    if (current) appendColumns(out, current);
    return trim(out, limit);
  }

  /** Everything stored, for a stream's start or a checkpoint. */
  history(): SymbolHistory {
    return { s1: this.s1.stored(), m1: this.m1.stored(), d1: this.d1.stored() };
  }

  /** Replaces everything stored with this history. */
  load(history: SymbolHistory): void {
    this.s1.restore(history.s1);
    this.m1.restore(history.m1);
    this.d1.restore(history.d1);
  }

  clear(): void {
    this.s1.clear();
    this.m1.clear();
    this.d1.clear();
  }

  get byteLength(): number {
    return this.s1.byteLength + this.m1.byteLength + this.d1.byteLength;
  }

  series(interval: StoredInterval): BarSeries {
    return interval === '1s' ? this.s1 : interval === '1m' ? this.m1 : this.d1;
  }
}

/** Two consecutive bars as one: the first's open, the extremes, the last's close, everything summed. */
export function merge(a: Bar, b: Bar): Bar {
  const aPriced = !Number.isNaN(a.open);
  const bPriced = !Number.isNaN(b.open);
  return {
    time: a.time,
    open: aPriced ? a.open : b.open,
    high: !aPriced ? b.high : !bPriced ? a.high : Math.max(a.high, b.high),
    low: !aPriced ? b.low : !bPriced ? a.low : Math.min(a.low, b.low),
    close: bPriced ? b.close : a.close,
    volume: a.volume + b.volume,
    count: a.count + b.count,
    turnover: a.turnover + b.turnover,
  };
}

function trim(columns: BarColumns, limit: number): BarColumns {
  const drop = columns.time.length - limit;
  if (!(drop > 0)) return columns;
  return Object.fromEntries(Object.entries(columns).map(([key, values]) => [key, (values as unknown[]).slice(drop)])) as unknown as BarColumns;
}

/** The interval's bar length in ms, or null for daily bars (trading days vary). */
export function intervalMs(interval: BarInterval): number | null {
  return interval === '1d' ? null : INTRADAY_MS[interval];
}
