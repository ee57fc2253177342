import type { BarColumns } from '../protocol.ts';

/**
 * OHLCV bars of one symbol at one interval, field by field (uPlot's
 * columnar layout) in fixed chunks, with a capacity: at the limit the
 * oldest bar is dropped. A bar's open, high, low and close are NaN until a
 * print that sets the price arrives (a bar may hold volume-only prints
 * alone).
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

/** Bars as they travel, stored: null prices become NaN, VWAP becomes turnover. */
export function storedFromColumns(columns: BarColumns): StoredBars {
  const n = columns.time.length;
  const out = allocate(n);
  for (let i = 0; i < n; i++) {
    out.time[i] = columns.time[i]!;
    out.open[i] = columns.open[i] ?? Number.NaN;
    out.high[i] = columns.high[i] ?? Number.NaN;
    out.low[i] = columns.low[i] ?? Number.NaN;
    out.close[i] = columns.close[i] ?? Number.NaN;
    out.volume[i] = columns.volume[i]!;
    out.count[i] = columns.count[i]!;
    out.turnover[i] = (columns.vwap[i] ?? 0) * columns.volume[i]!;
  }
  return out;
}

export function emptyColumns(): BarColumns {
  return { time: [], open: [], high: [], low: [], close: [], volume: [], count: [], vwap: [] };
}

/**
 * Bars per storage chunk. Storage grows and shrinks a chunk at a time and
 * is never copied: with thousands of symbols whose series fill in step
 * (every symbol gets its next minute bar in the same minute), doubling an
 * array would allocate and copy all of them at once, a jump of hundreds of
 * MiB in a server with 5,000 symbols. A chunk is 4 KiB (64 bars x 8
 * fields x 8 bytes); the one emptied by eviction is reused for the next.
 */
const CHUNK_BARS = 64;
const CHUNK_SHIFT = 6;
const CHUNK_MASK = CHUNK_BARS - 1;
// Each chunk holds its fields one after another (field-major), CHUNK_BARS values each.
const TIME = 0;
const OPEN = CHUNK_BARS;
const HIGH = 2 * CHUNK_BARS;
const LOW = 3 * CHUNK_BARS;
const CLOSE = 4 * CHUNK_BARS;
const VOLUME = 5 * CHUNK_BARS;
const COUNT = 6 * CHUNK_BARS;
const TURNOVER = 7 * CHUNK_BARS;
const CHUNK_VALUES = COLUMNS.length * CHUNK_BARS;

export class BarSeries {
  /** Oldest first; the oldest bar is at `head` within the first chunk. */
  private chunks: Float64Array[] = [];
  private head = 0;
  private count = 0;
  private spare: Float64Array | null = null;

  /** At most `capacity` bars are held; at the limit the oldest is dropped for a new one. */
  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError('capacity must be at least 1');
  }

  get length(): number {
    return this.count;
  }

  /** Bytes held now (typed arrays only): what the bounds in the README are stated in. At most (capacity / 64 + 2) chunks of 4 KiB. */
  get byteLength(): number {
    return (this.chunks.length + (this.spare ? 1 : 0)) * CHUNK_VALUES * 8;
  }

  at(i: number): Bar {
    const abs = this.head + i;
    const c = this.chunks[abs >>> CHUNK_SHIFT]!;
    const k = abs & CHUNK_MASK;
    return { time: c[TIME + k]!, open: c[OPEN + k]!, high: c[HIGH + k]!, low: c[LOW + k]!, close: c[CLOSE + k]!, volume: c[VOLUME + k]!, count: c[COUNT + k]!, turnover: c[TURNOVER + k]! };
  }

  timeAt(i: number): number {
    const abs = this.head + i;
    return this.chunks[abs >>> CHUNK_SHIFT]![TIME + (abs & CHUNK_MASK)]!;
  }

  closeAt(i: number): number {
    const abs = this.head + i;
    return this.chunks[abs >>> CHUNK_SHIFT]![CLOSE + (abs & CHUNK_MASK)]!;
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
    const i = this.barFor(start);
    if (i === -1) return false;
    const abs = this.head + i;
    const c = this.chunks[abs >>> CHUNK_SHIFT]!;
    const k = abs & CHUNK_MASK;
    if (price !== null) {
      if (Number.isNaN(c[OPEN + k]!)) {
        c[OPEN + k] = c[HIGH + k] = c[LOW + k] = price;
      } else {
        if (price > c[HIGH + k]!) c[HIGH + k] = price;
        if (price < c[LOW + k]!) c[LOW + k] = price;
      }
      c[CLOSE + k] = price;
    }
    c[VOLUME + k] = addVolume(c[VOLUME + k]!, size);
    c[COUNT + k]! += 1;
    c[TURNOVER + k]! += tradePrice * size;
    return true;
  }

  /**
   * Counts a whole bar's prints into the bar starting at `start` (a minute
   * into its day, say), as add() would have counted them one by one.
   */
  addBar(start: number, bar: Bar): boolean {
    const i = this.barFor(start);
    if (i === -1) return false;
    const abs = this.head + i;
    const c = this.chunks[abs >>> CHUNK_SHIFT]!;
    const k = abs & CHUNK_MASK;
    if (!Number.isNaN(bar.open)) {
      if (Number.isNaN(c[OPEN + k]!)) {
        c[OPEN + k] = bar.open;
        c[HIGH + k] = bar.high;
        c[LOW + k] = bar.low;
      } else {
        if (bar.high > c[HIGH + k]!) c[HIGH + k] = bar.high;
        if (bar.low < c[LOW + k]!) c[LOW + k] = bar.low;
      }
      c[CLOSE + k] = bar.close;
    }
    c[VOLUME + k] = addVolume(c[VOLUME + k]!, bar.volume);
    c[COUNT + k]! += bar.count;
    c[TURNOVER + k]! += bar.turnover;
    return true;
  }

  /** Appends a whole bar after the last (loading history); an earlier one replaces the bar with its time, if held. */
  push(bar: Bar): void {
    const i = bar.time > this.lastTime ? this.append(bar.time) : this.find(bar.time);
    if (i === -1) return;
    const abs = this.head + i;
    const c = this.chunks[abs >>> CHUNK_SHIFT]!;
    const k = abs & CHUNK_MASK;
    c[OPEN + k] = bar.open;
    c[HIGH + k] = bar.high;
    c[LOW + k] = bar.low;
    c[CLOSE + k] = bar.close;
    c[VOLUME + k] = bar.volume;
    c[COUNT + k] = bar.count;
    c[TURNOVER + k] = bar.turnover;
  }

  /** A copy of every bar held, oldest first. */
  stored(): StoredBars {
    const out = allocate(this.count);
    this.forEachRun((chunk, from, length, at) => {
      COLUMNS.forEach((column, f) => out[column].set(chunk.subarray(f * CHUNK_BARS + from, f * CHUNK_BARS + from + length), at));
    });
    return out;
  }

  /** Replaces every bar with a stored copy (the newest `capacity` of them if there are more). */
  restore(stored: StoredBars): void {
    const length = stored.time.length;
    const keep = Math.min(length, this.capacity);
    this.clear();
    for (let at = 0; at < keep; at += CHUNK_BARS) {
      const chunk = new Float64Array(CHUNK_VALUES);
      const from = length - keep + at;
      const n = Math.min(CHUNK_BARS, keep - at);
      COLUMNS.forEach((column, f) => chunk.set(stored[column].subarray(from, from + n), f * CHUNK_BARS));
      this.chunks.push(chunk);
    }
    this.count = keep;
  }

  /** Drops the bars that start before `time`. */
  evictBefore(time: number): void {
    while (this.count > 0 && this.timeAt(0) < time) this.dropOldest();
  }

  /** Drops every bar and the storage with them. */
  clear(): void {
    this.chunks = [];
    this.spare = null;
    this.head = 0;
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

  /** The index of the bar starting at `start`, appended if it is the newest; -1 if it is older than every bar held. */
  private barFor(start: number): number {
    if (this.count > 0) {
      const last = this.lastTime;
      if (start === last) return this.count - 1;
      if (start < last) return this.find(start);
    }
    return this.append(start);
  }

  private append(time: number): number {
    if (this.count === this.capacity) this.dropOldest();
    const abs = this.head + this.count;
    if (abs >>> CHUNK_SHIFT === this.chunks.length) {
      this.chunks.push(this.spare ?? new Float64Array(CHUNK_VALUES));
      this.spare = null;
    }
    const c = this.chunks[abs >>> CHUNK_SHIFT]!;
    const k = abs & CHUNK_MASK;
    c[TIME + k] = time;
    c[OPEN + k] = c[HIGH + k] = c[LOW + k] = c[CLOSE + k] = Number.NaN;
    c[VOLUME + k] = c[COUNT + k] = c[TURNOVER + k] = 0;
    return this.count++;
  }

  private dropOldest(): void {
    this.count--;
    if (++this.head === CHUNK_BARS) {
      // Keep the emptied chunk for the next append: a full ring allocates nothing.
      this.spare = this.chunks.shift()!;
      this.head = 0;
    }
  }

  private find(time: number): number {
    const i = this.lowerBound(time);
    return i < this.count && this.timeAt(i) === time ? i : -1;
  }

  /** Calls back with each chunk's stretch of bars, oldest first, and where it starts in the series. */
  private forEachRun(run: (chunk: Float64Array, from: number, length: number, at: number) => void): void {
    let at = 0;
    for (let c = 0; at < this.count; c++) {
      const from = c === 0 ? this.head : 0;
      const length = Math.min(CHUNK_BARS - from, this.count - at);
      run(this.chunks[c]!, from, length, at);
      at += length;
    }
  }
}

function allocate(size: number): Record<Column, Float64Array> {
  return Object.fromEntries(COLUMNS.map((column) => [column, new Float64Array(size)])) as Record<Column, Float64Array>;
}

/**
 * Volumes add in steps of 1e-8 at the finest (a satoshi: crypto trades in
 * fractions), so the sum of 1.6587195 and 4.97615853 is 6.63487803, not
 * 6.634878029999999. Whole shares are unaffected.
 */
export function addVolume(total: number, size: number): number {
  return Math.round((total + size) * 1e8) / 1e8;
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
