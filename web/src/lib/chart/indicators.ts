/**
 * The chart's overlays (SMA, EMA, session VWAP), computed bar by bar so that
 * a live chart never recomputes its history: `replace(from, inputs)` drops
 * the outputs from bar `from` on and computes those of the new inputs only.
 * That covers both ways a live series changes: the last bar replaced (its
 * close moved) and new bars appended. Each keeps, per bar, the state the
 * next bar needs, so restarting at any bar costs nothing extra.
 *
 * A missing input (null or NaN: a bar of volume-only prints has no close)
 * gives a missing output (null) and is left out of the window, as if the bar
 * were not there; the line then simply continues past it.
 *
 * Pure: no chart.js, no DOM; unit-tested against direct computation.
 */
import { checkReplaceFrom, ensureFloat64, ensureInt32 } from './growable.ts';

export type Input = number | null;

function isPresent(value: Input | undefined): value is number {
  return value !== null && value !== undefined && !Number.isNaN(value);
}

/** Outputs per bar, NaN for none; the common part of every indicator here. */
abstract class BarSeries {
  protected out = new Float64Array(0);
  protected count = 0;

  /** How many bars have an output (present or null). */
  get length(): number {
    return this.count;
  }

  /** The value at a bar, or null where there is none (warm-up, missing input, out of range). */
  at(index: number): number | null {
    const value = index >= 0 && index < this.count ? this.out[index]! : Number.NaN;
    return Number.isNaN(value) ? null : value;
  }

  /** The value at a bar with NaN for none: what a chart point wants, without a null check per bar. */
  rawAt(index: number): number {
    return index >= 0 && index < this.count ? this.out[index]! : Number.NaN;
  }

  protected prepare(from: number, added: number): void {
    checkReplaceFrom(from, this.count);
    this.out = ensureFloat64(this.out, from + added, from);
    this.count = from + added;
  }
}

/**
 * Mean of the last `period` present inputs. The present inputs are kept in
 * order (`present`), with, per bar, how many of them it and the bars before it
 * hold: the window at any bar is then one slice, and restarting at bar `from`
 * just truncates the list at the count bar `from - 1` had.
 */
export class SimpleMovingAverage extends BarSeries {
  private present = new Float64Array(0);
  private presentThrough = new Int32Array(0);

  constructor(readonly period: number) {
    super();
    checkPeriod(period);
  }

  /** Bars from `from` on (from <= length) become `inputs`; the series is then from + inputs.length bars long. */
  replace(from: number, inputs: ArrayLike<Input>): void {
    this.prepare(from, inputs.length);
    this.presentThrough = ensureInt32(this.presentThrough, this.count, from);
    let seen = from > 0 ? this.presentThrough[from - 1]! : 0;
    this.present = ensureFloat64(this.present, seen + inputs.length, seen);
    for (let k = 0; k < inputs.length; k++) {
      const value = inputs[k];
      let result = Number.NaN;
      if (isPresent(value)) {
        this.present[seen++] = value;
        // Summed afresh per bar (period additions) rather than kept as a running sum, which drifts over a long session.
        if (seen >= this.period) result = sum(this.present, seen - this.period, seen) / this.period;
      }
      this.out[from + k] = result;
      this.presentThrough[from + k] = seen;
    }
  }
}

/**
 * Exponential moving average with alpha = 2 / (period + 1), seeded with the
 * simple mean of the first `period` present inputs (TradingView's ta.ema):
 * nothing before that. The EMA after each present input is kept by its
 * position among the present inputs, which is all a restart needs.
 */
export class ExponentialMovingAverage extends BarSeries {
  private readonly alpha: number;
  private present = new Float64Array(0);
  private emaOfPresent = new Float64Array(0);
  private presentThrough = new Int32Array(0);

  constructor(readonly period: number) {
    super();
    checkPeriod(period);
    this.alpha = 2 / (period + 1);
  }

  /** Bars from `from` on (from <= length) become `inputs`. */
  replace(from: number, inputs: ArrayLike<Input>): void {
    this.prepare(from, inputs.length);
    this.presentThrough = ensureInt32(this.presentThrough, this.count, from);
    let seen = from > 0 ? this.presentThrough[from - 1]! : 0;
    this.present = ensureFloat64(this.present, seen + inputs.length, seen);
    this.emaOfPresent = ensureFloat64(this.emaOfPresent, seen + inputs.length, seen);
    for (let k = 0; k < inputs.length; k++) {
      const value = inputs[k];
      let result = Number.NaN;
      if (isPresent(value)) {
        this.present[seen++] = value;
        if (seen === this.period) result = sum(this.present, 0, seen) / this.period;
        else if (seen > this.period) result = this.alpha * value + (1 - this.alpha) * this.emaOfPresent[seen - 2]!;
        this.emaOfPresent[seen - 1] = result;
      }
      this.out[from + k] = result;
      this.presentThrough[from + k] = seen;
    }
  }
}

/**
 * Session VWAP: cumulative turnover over cumulative volume since the
 * session's first bar, starting over at each bar marked as a session start.
 * A bar's turnover is its own VWAP times its volume (its prints' sum of
 * price x size, exactly). Bars without a VWAP (only volume-only prints, which
 * set no price) add nothing: their volume has no price to weigh.
 */
export class SessionVwap extends BarSeries {
  private turnover = new Float64Array(0);
  private volume = new Float64Array(0);

  /**
   * Bars from `from` on become these: per bar its VWAP (null when none), volume,
   * and whether it opens a session (the first bar always does).
   */
  replace(from: number, vwaps: ArrayLike<Input>, volumes: ArrayLike<number>, sessionStarts: ArrayLike<boolean | number>): void {
    const added = vwaps.length;
    if (volumes.length !== added || sessionStarts.length !== added) throw new RangeError('vwap, volume and session-start columns differ in length');
    this.prepare(from, added);
    this.turnover = ensureFloat64(this.turnover, this.count, from);
    this.volume = ensureFloat64(this.volume, this.count, from);
    for (let k = 0; k < added; k++) {
      const i = from + k;
      const restart = i === 0 || Boolean(sessionStarts[k]);
      let turnover = restart ? 0 : this.turnover[i - 1]!;
      let volume = restart ? 0 : this.volume[i - 1]!;
      const vwap = vwaps[k];
      const size = volumes[k]!;
      if (isPresent(vwap) && size > 0) {
        turnover += vwap * size;
        volume += size;
      }
      this.turnover[i] = turnover;
      this.volume[i] = volume;
      this.out[i] = volume > 0 ? turnover / volume : Number.NaN;
    }
  }
}

function sum(values: Float64Array, from: number, to: number): number {
  let total = 0;
  for (let i = from; i < to; i++) total += values[i]!;
  return total;
}

function checkPeriod(period: number): void {
  if (!Number.isInteger(period) || period < 1) throw new RangeError(`an indicator period must be a positive integer, got ${period}`);
}
