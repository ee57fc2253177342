import type { MarketCalendar } from '../market-calendar.ts';
import type { BarColumns, Tick } from '../protocol.ts';
import { setsPrice } from '../trade-rules.ts';
import { barOfPrint, type BarInterval } from './bar-interval.ts';
import { appendColumns, BarSeries, emptyColumns, storedFromColumns } from './bar-series.ts';

/** What changed since a reader last looked: bars from `from` on, or everything (`reset`: loaded, cleared, or the oldest bar dropped). */
export type BarChanges = { reset: true } | { reset: false; from: number };

/**
 * One symbol's bars at one interval as a client holds them: loaded from a
 * `bars` message, then updated by every tick after it by the feed's own
 * rule (barOfPrint, setsPrice), so the current bar moves with each print
 * and never waits for the bar to close. Bounded by `capacity` bars; at the
 * limit the oldest goes.
 *
 * Readers (a chart, a sparkline) follow it with takeChanges(): the lowest
 * bar that changed since they last asked, usually the last one.
 */
export class LiveBars {
  private readonly series: BarSeries;
  private changedFrom = Number.POSITIVE_INFINITY;
  private resetPending = true;

  constructor(
    readonly interval: BarInterval,
    private readonly calendar: MarketCalendar,
    readonly capacity: number,
  ) {
    this.series = new BarSeries(capacity);
  }

  get length(): number {
    return this.series.length;
  }

  /** Replaces every bar with these (a bars message). */
  load(columns: BarColumns): void {
    this.series.restore(storedFromColumns(columns));
    this.resetPending = true;
  }

  clear(): void {
    this.series.clear();
    this.resetPending = true;
  }

  /** Counts a print; false if it does not count at this interval (outside the regular session for daily bars) or is older than every bar held. */
  apply(tick: Tick): boolean {
    const start = barOfPrint(this.interval, tick.time, this.calendar);
    if (start === null) return false;
    const full = this.series.length === this.capacity;
    const appends = start > this.series.lastTime;
    if (!this.series.add(start, setsPrice(tick) ? tick.price : null, tick.size, tick.price)) return false;
    if (appends && full) this.resetPending = true;
    else this.changedFrom = Math.min(this.changedFrom, appends ? this.series.length - 1 : this.series.lowerBound(start));
    return true;
  }

  /** What changed since the last call, or null if nothing did. */
  takeChanges(): BarChanges | null {
    const changes: BarChanges | null = this.resetPending ? { reset: true } : Number.isFinite(this.changedFrom) ? { reset: false, from: this.changedFrom } : null;
    this.resetPending = false;
    this.changedFrom = Number.POSITIVE_INFINITY;
    return changes;
  }

  /** Bars from index `from` on, as columns. */
  columns(from = 0): BarColumns {
    const out = emptyColumns();
    for (let i = Math.max(0, from); i < this.series.length; i++) appendColumns(out, this.series.at(i));
    return out;
  }

  timeAt(i: number): number {
    return this.series.timeAt(i);
  }

  closeAt(i: number): number {
    return this.series.closeAt(i);
  }

  /** Start of the newest bar, or -Infinity when there is none. */
  get lastTime(): number {
    return this.series.lastTime;
  }
}
