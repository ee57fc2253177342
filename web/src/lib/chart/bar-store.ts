/**
 * The chart's own copy of the bars it draws, as growable Float64Array
 * columns with NaN for a missing price. Replacing a tail writes only the
 * replaced slots; the columns are what every other per-bar computation (the
 * timeline, the overlays, the y range) reads from.
 */
import { checkReplaceFrom, ensureFloat64 } from './growable.ts';

/**
 * Bars as the chart takes them: BarColumns from the feed (nullable arrays)
 * fits, and so do the worker's Float64Array columns, where NaN stands for null.
 * Oldest first; every column of the same length. Counts are not drawn.
 */
export interface ChartBars {
  readonly time: ArrayLike<number>;
  readonly open: ArrayLike<number | null>;
  readonly high: ArrayLike<number | null>;
  readonly low: ArrayLike<number | null>;
  readonly close: ArrayLike<number | null>;
  readonly volume: ArrayLike<number>;
  readonly vwap: ArrayLike<number | null>;
}

const COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume', 'vwap'] as const;
type ColumnName = (typeof COLUMNS)[number];

export class BarStore {
  time = new Float64Array(0);
  open = new Float64Array(0);
  high = new Float64Array(0);
  low = new Float64Array(0);
  close = new Float64Array(0);
  volume = new Float64Array(0);
  vwap = new Float64Array(0);
  private count = 0;

  get length(): number {
    return this.count;
  }

  /** Bars from `from` on (from <= length) become `tail`. */
  replace(from: number, tail: ChartBars): void {
    checkReplaceFrom(from, this.count);
    const added = tail.time.length;
    for (const name of COLUMNS) {
      if (tail[name].length !== added) throw new RangeError(`bar column ${name} has ${tail[name].length} values, time has ${added}`);
    }
    for (const name of COLUMNS) this.write(name, from, tail[name]);
    this.count = from + added;
  }

  /** True when a bar has a price (not only volume-only prints). */
  hasPrice(index: number): boolean {
    return !Number.isNaN(this.close[index]!);
  }

  /** The close of the nearest bar before `index` that has one, or NaN. */
  previousClose(index: number): number {
    for (let i = index - 1; i >= 0; i--) if (this.hasPrice(i)) return this.close[i]!;
    return Number.NaN;
  }

  /** The first bar with a price, or -1. */
  firstPriced(): number {
    for (let i = 0; i < this.count; i++) if (this.hasPrice(i)) return i;
    return -1;
  }

  /** The last bar with a price, or -1. */
  lastPriced(): number {
    for (let i = this.count - 1; i >= 0; i--) if (this.hasPrice(i)) return i;
    return -1;
  }

  private write(name: ColumnName, from: number, values: ArrayLike<number | null>): void {
    const column = ensureFloat64(this[name], from + values.length, from);
    for (let k = 0; k < values.length; k++) column[from + k] = values[k] ?? Number.NaN;
    this[name] = column;
  }
}
