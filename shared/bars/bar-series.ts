import type { BarColumns } from '../protocol.ts';

/**
 * OHLCV bars of one symbol at one interval, as columns (uPlot's layout:
 * one typed array per field), in a ring with a capacity: the oldest bar is
 * overwritten. A bar's open, high, low and close are NaN until a print that
 * sets the price arrives (a bar may hold volume-only prints alone).
 *
 * Updating the last bar is the common case and costs a few comparisons; a
 * print for an earlier bar still held updates it; a print older than every
 * bar held is not counted (the policy at the limit).
 */
export interface Bar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** Prints counted. */
  count: number;
  /** Sum of price x size over the prints counted toward volume: VWAP = turnover / volume. */
  turnover: number;
}

/** Bars as they travel and are drawn (the protocol's BarColumns): one array per field; null where a bar has no price. */
export type { BarColumns };

export const COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume', 'count', 'turnover'] as const;
type Column = (typeof COLUMNS)[number];

/**
 * Bars as stored: one Float64Array per field (NaN prices for a bar without
 * a price-setting print), all the same length, oldest first. How a series
 * is copied whole (a stream's start, a checkpoint): a copy of eight arrays,
 * not one object per bar.
 */
export type StoredBars = Readonly<Record<Column, Float64Array>>;

export function emptyStoredBars(): StoredBars {
  return allocate(0);
}

export function emptyColumns(): BarColumns {
  return { time: [], open: [], high: [], low: [], close: [], volume: [], count: [], vwap: [] };
}

export class BarSeries {
  private columns: Record<Column, Float64Array>;
  private start = 0;
  private count = 0;

  constructor(
    readonly capacity: number,
    initialCapacity = Math.min(capacity, 64),
  ) {
    if (!(capacity >= 1)) throw new RangeError('capacity must be at least 1');
    this.columns = allocate(initialCapacity);
  }

  get length(): number {
    return this.count;
  }

  /** Bytes held now (typed arrays only): what the bounds in the README are stated in. */
  get byteLength(): number {
    return this.columns.time.length * COLUMNS.length * 8;
  }

  at(i: number): Bar {
    const k = this.index(i);
    const c = this.columns;
    return { time: c.time[k]!, open: c.open[k]!, high: c.high[k]!, low: c.low[k]!, close: c.close[k]!, volume: c.volume[k]!, count: c.count[k]!, turnover: c.turnover[k]! };
  }

  timeAt(i: number): number {
    return this.columns.time[this.index(i)]!;
  }

  closeAt(i: number): number {
    return this.columns.close[this.index(i)]!;
  }

  /** Start time of the last bar, or -Infinity when empty. */
  get lastTime(): number {
    return this.count === 0 ? Number.NEGATIVE_INFINITY : this.timeAt(this.count - 1);
  }

  /**
   * Counts one print into the bar starting at `start`. `price` is null for a
   * print that counts toward volume only. Returns false if the print is
   * older than every bar held and was not counted.
   */
  add(start: number, price: number | null, size: number, tradePrice: number): boolean {
    let i: number;
    if (this.count > 0 && start === this.lastTime) i = this.count - 1;
    else if (start > this.lastTime) i = this.append(start);
    else {
      const found = this.find(start);
      if (found === -1) return false;
      i = found;
    }
    const k = this.index(i);
    const c = this.columns;
    if (price !== null) {
      if (Number.isNaN(c.open[k]!)) {
        c.open[k] = c.high[k] = c.low[k] = price;
      } else {
        if (price > c.high[k]!) c.high[k] = price;
        if (price < c.low[k]!) c.low[k] = price;
      }
      c.close[k] = price;
    }
    c.volume[k]! += size;
    c.count[k]! += 1;
    c.turnover[k]! += tradePrice * size;
    return true;
  }

  /**
   * Counts a whole bar's prints into the bar starting at `start` (a minute
   * into its day, say), as add() would have counted them one by one.
   */
  addBar(start: number, bar: Bar): boolean {
    let i: number;
    if (this.count > 0 && start === this.lastTime) i = this.count - 1;
    else if (start > this.lastTime) i = this.append(start);
    else {
      i = this.find(start);
      if (i === -1) return false;
    }
    const k = this.index(i);
    const c = this.columns;
    if (!Number.isNaN(bar.open)) {
      if (Number.isNaN(c.open[k]!)) {
        c.open[k] = bar.open;
        c.high[k] = bar.high;
        c.low[k] = bar.low;
      } else {
        if (bar.high > c.high[k]!) c.high[k] = bar.high;
        if (bar.low < c.low[k]!) c.low[k] = bar.low;
      }
      c.close[k] = bar.close;
    }
    c.volume[k]! += bar.volume;
    c.count[k]! += bar.count;
    c.turnover[k]! += bar.turnover;
    return true;
  }

  /** Appends a whole bar after the last (loading history); an earlier one replaces the bar with its time, if held. */
  push(bar: Bar): void {
    let i: number;
    if (bar.time > this.lastTime) i = this.append(bar.time);
    else {
      i = this.find(bar.time);
      if (i === -1) return;
    }
    const k = this.index(i);
    for (const column of COLUMNS) this.columns[column][k] = bar[column];
  }

  /** A copy of every bar held, oldest first. */
  stored(): StoredBars {
    const out = allocate(this.count);
    const slots = this.columns.time.length;
    const firstRun = Math.min(this.count, slots - this.start);
    for (const column of COLUMNS) {
      const from = this.columns[column];
      out[column].set(from.subarray(this.start, this.start + firstRun));
      out[column].set(from.subarray(0, this.count - firstRun), firstRun);
    }
    return out;
  }

  /** Replaces every bar with a stored copy (the newest `capacity` of them if there are more). */
  restore(stored: StoredBars): void {
    const length = stored.time.length;
    const keep = Math.min(length, this.capacity);
    if (this.columns.time.length < keep) this.columns = allocate(Math.min(this.capacity, Math.max(keep, 64)));
    for (const column of COLUMNS) this.columns[column].set(stored[column].subarray(length - keep));
    this.start = 0;
    this.count = keep;
  }

  /** Drops the bars that start before `time`. */
  evictBefore(time: number): void {
    while (this.count > 0 && this.timeAt(0) < time) {
      this.start = (this.start + 1) % this.columns.time.length;
      this.count--;
    }
  }

  clear(): void {
    this.start = 0;
    this.count = 0;
  }

  /** Index of the first bar starting at or after `time` (length if none). */
  lowerBound(time: number): number {
    let low = 0;
    let high = this.count;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.timeAt(mid) < time) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The bars starting in [from, to), the newest `limit` of them, as columns. */
  slice(from: number, to: number, limit = Number.POSITIVE_INFINITY): BarColumns {
    const end = this.lowerBound(to);
    const first = Math.max(this.lowerBound(from), end - limit);
    const out = emptyColumns();
    for (let i = first; i < end; i++) appendColumns(out, this.at(i));
    return out;
  }

  private append(time: number): number {
    if (this.count === this.columns.time.length && this.count < this.capacity) this.grow();
    const slots = this.columns.time.length;
    let k: number;
    if (this.count < slots) {
      k = (this.start + this.count) % slots;
      this.count++;
    } else {
      k = this.start;
      this.start = (this.start + 1) % slots;
    }
    const c = this.columns;
    c.time[k] = time;
    c.open[k] = c.high[k] = c.low[k] = c.close[k] = Number.NaN;
    c.volume[k] = c.count[k] = c.turnover[k] = 0;
    return this.count - 1;
  }

  private find(time: number): number {
    const i = this.lowerBound(time);
    return i < this.count && this.timeAt(i) === time ? i : -1;
  }

  private index(i: number): number {
    return (this.start + i) % this.columns.time.length;
  }

  private grow(): void {
    const next = Math.min(this.capacity, this.columns.time.length * 2);
    const grown = allocate(next);
    const slots = this.columns.time.length;
    const firstRun = Math.min(this.count, slots - this.start);
    for (const column of COLUMNS) {
      const from = this.columns[column];
      grown[column].set(from.subarray(this.start, this.start + firstRun));
      grown[column].set(from.subarray(0, this.count - firstRun), firstRun);
    }
    this.columns = grown;
    this.start = 0;
  }
}

function allocate(size: number): Record<Column, Float64Array> {
  return Object.fromEntries(COLUMNS.map((column) => [column, new Float64Array(size)])) as Record<Column, Float64Array>;
}

const orNull = (value: number) => (Number.isNaN(value) ? null : value);

export function appendColumns(out: BarColumns, bar: Bar): void {
  out.time.push(bar.time);
  out.open.push(orNull(bar.open));
  out.high.push(orNull(bar.high));
  out.low.push(orNull(bar.low));
  out.close.push(orNull(bar.close));
  out.volume.push(bar.volume);
  out.count.push(bar.count);
  out.vwap.push(bar.volume > 0 ? bar.turnover / bar.volume : null);
}
