/**
 * The lowest and highest value over bars 0..n-1, kept as prefix extremes so
 * that replacing bars from `from` on recomputes only those: the y range of a
 * live chart follows its last bar without a pass over the whole series.
 */
import { checkReplaceFrom, ensureFloat64 } from './growable.ts';

export class RunningExtent {
  private lows = new Float64Array(0);
  private highs = new Float64Array(0);
  private count = 0;

  get length(): number {
    return this.count;
  }

  /** Drops bars from `from` on; the next push()es replace them. */
  truncate(from: number): void {
    checkReplaceFrom(from, this.count);
    this.count = from;
  }

  /** Adds the next bar's range; NaN ends are ignored (a bar may have no price, an overlay no value yet). */
  push(low: number, high: number): void {
    const i = this.count;
    this.lows = ensureFloat64(this.lows, i + 1, i);
    this.highs = ensureFloat64(this.highs, i + 1, i);
    const lowBefore = i > 0 ? this.lows[i - 1]! : Number.POSITIVE_INFINITY;
    const highBefore = i > 0 ? this.highs[i - 1]! : Number.NEGATIVE_INFINITY;
    this.lows[i] = low < lowBefore ? low : lowBefore; // NaN compares false: keeps the prefix
    this.highs[i] = high > highBefore ? high : highBefore;
    this.count = i + 1;
  }

  /** Lowest over all bars; +Infinity when none had a value. */
  get low(): number {
    return this.count > 0 ? this.lows[this.count - 1]! : Number.POSITIVE_INFINITY;
  }

  /** Highest over all bars; -Infinity when none had a value. */
  get high(): number {
    return this.count > 0 ? this.highs[this.count - 1]! : Number.NEGATIVE_INFINITY;
  }
}
