import { describe, expect, it } from 'vitest';
import { ExponentialMovingAverage, SessionVwap, SimpleMovingAverage, type Input } from '../../web/src/lib/chart/indicators.ts';

// Direct, whole-series definitions to check the incremental ones against.

function directSma(inputs: Input[], period: number): (number | null)[] {
  const present: number[] = [];
  return inputs.map((value) => {
    if (value === null) return null;
    present.push(value);
    if (present.length < period) return null;
    return present.slice(-period).reduce((a, b) => a + b, 0) / period;
  });
}

function directEma(inputs: Input[], period: number): (number | null)[] {
  const alpha = 2 / (period + 1);
  const present: number[] = [];
  let ema: number | null = null;
  return inputs.map((value) => {
    if (value === null) return null;
    present.push(value);
    if (present.length < period) return null;
    ema = present.length === period ? present.reduce((a, b) => a + b, 0) / period : alpha * value + (1 - alpha) * ema!;
    return ema;
  });
}

interface VwapBar {
  vwap: number | null;
  volume: number;
  start: boolean;
}

function directVwap(bars: VwapBar[]): (number | null)[] {
  let turnover = 0;
  let volume = 0;
  return bars.map((bar, i) => {
    if (i === 0 || bar.start) turnover = volume = 0;
    if (bar.vwap !== null && bar.volume > 0) {
      turnover += bar.vwap * bar.volume;
      volume += bar.volume;
    }
    return volume > 0 ? turnover / volume : null;
  });
}

function valuesOf(series: { length: number; at(i: number): number | null }): (number | null)[] {
  return Array.from({ length: series.length }, (_, i) => series.at(i));
}

function expectClose(actual: (number | null)[], expected: (number | null)[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((value, i) => {
    const want = expected[i]!;
    if (want === null) expect(value, `bar ${i}`).toBeNull();
    else expect(value, `bar ${i}`).toBeCloseTo(want, 9);
  });
}

const CLOSES: Input[] = [10, 10.5, 10.25, null, 11, 11.5, 11.25, 12, null, null, 12.5, 12.25, 13, 12.75];

describe('SimpleMovingAverage', () => {
  it('matches a direct computation, skipping missing closes', () => {
    const sma = new SimpleMovingAverage(3);
    sma.replace(0, CLOSES);
    expectClose(valuesOf(sma), directSma(CLOSES, 3));
    // Spot-check literal values: the first full window is 10, 10.5, 10.25.
    expect(sma.at(1)).toBeNull();
    expect(sma.at(2)).toBeCloseTo((10 + 10.5 + 10.25) / 3, 12);
    expect(sma.at(3)).toBeNull();
    expect(sma.at(4)).toBeCloseTo((10.5 + 10.25 + 11) / 3, 12);
  });

  it('gives the same values fed bar by bar, with the live bar replaced several times', () => {
    const sma = new SimpleMovingAverage(4);
    const series: Input[] = [];
    for (const close of CLOSES) {
      series.push(null);
      const i = series.length - 1;
      // The live bar ticks through a few prices (and a volume-only state) before settling.
      for (const interim of [close === null ? 1 : close - 0.3, null, close === null ? 2 : close + 0.7, close]) {
        series[i] = interim;
        sma.replace(i, [interim]);
        expectClose(valuesOf(sma), directSma(series, 4));
      }
    }
    expectClose(valuesOf(sma), directSma(CLOSES, 4));
  });

  it('replaces a tail of several bars, shorter or longer than before', () => {
    const sma = new SimpleMovingAverage(3);
    sma.replace(0, CLOSES);
    const replaced: Input[] = [...CLOSES.slice(0, 6), 20, 21];
    sma.replace(6, [20, 21]);
    expectClose(valuesOf(sma), directSma(replaced, 3));
    const extended: Input[] = [...replaced.slice(0, 2), 9, 8, 7, null, 6];
    sma.replace(2, [9, 8, 7, null, 6]);
    expectClose(valuesOf(sma), directSma(extended, 3));
    sma.replace(0, []);
    expect(sma.length).toBe(0);
  });

  it('rejects a gap and a bad period', () => {
    const sma = new SimpleMovingAverage(2);
    sma.replace(0, [1, 2]);
    expect(() => sma.replace(3, [4])).toThrow(RangeError);
    expect(() => new SimpleMovingAverage(0)).toThrow(RangeError);
  });
});

describe('ExponentialMovingAverage', () => {
  it('seeds with the simple mean and matches a direct computation', () => {
    const ema = new ExponentialMovingAverage(3);
    ema.replace(0, CLOSES);
    expectClose(valuesOf(ema), directEma(CLOSES, 3));
    const seed = (10 + 10.5 + 10.25) / 3;
    expect(ema.at(2)).toBeCloseTo(seed, 12);
    expect(ema.at(4)).toBeCloseTo(0.5 * 11 + 0.5 * seed, 12);
  });

  it('follows a live last bar replaced several times, then new bars', () => {
    const ema = new ExponentialMovingAverage(5);
    const series: Input[] = [];
    for (const close of CLOSES) {
      series.push(null);
      const i = series.length - 1;
      for (const interim of [close === null ? null : close + 1, close === null ? 3 : close - 2, close]) {
        series[i] = interim;
        ema.replace(i, [interim]);
        expectClose(valuesOf(ema), directEma(series, 5));
      }
    }
    expectClose(valuesOf(ema), directEma(CLOSES, 5));
  });

  it('handles a long series appended in chunks like one computed at once', () => {
    const long: Input[] = Array.from({ length: 2_000 }, (_, i) => (i % 97 === 13 ? null : 100 + Math.sin(i / 17) * 5 + (i % 7) * 0.01));
    const whole = new ExponentialMovingAverage(20);
    whole.replace(0, long);
    const chunked = new ExponentialMovingAverage(20);
    for (let from = 0; from < long.length; from += 333) chunked.replace(from, long.slice(from, from + 333));
    expectClose(valuesOf(chunked), directEma(long, 20));
    expectClose(valuesOf(whole), directEma(long, 20));
  });
});

describe('SessionVwap', () => {
  const BARS: VwapBar[] = [
    { vwap: 100, volume: 200, start: true },
    { vwap: 101, volume: 100, start: false },
    { vwap: null, volume: 50, start: false }, // volume-only prints: no price to weigh
    { vwap: 102, volume: 300, start: false },
    { vwap: 90, volume: 100, start: true }, // next trading day
    { vwap: 92, volume: 300, start: false },
    { vwap: null, volume: 0, start: false },
  ];
  const columns = (bars: VwapBar[]) => [bars.map((b) => b.vwap), bars.map((b) => b.volume), bars.map((b) => b.start)] as const;

  it('accumulates turnover over volume and restarts each session', () => {
    const vwap = new SessionVwap();
    vwap.replace(0, ...columns(BARS));
    expectClose(valuesOf(vwap), directVwap(BARS));
    expect(vwap.at(1)).toBeCloseTo((100 * 200 + 101 * 100) / 300, 12);
    expect(vwap.at(2)).toBeCloseTo((100 * 200 + 101 * 100) / 300, 12);
    expect(vwap.at(4)).toBe(90);
    expect(vwap.at(5)).toBeCloseTo((90 * 100 + 92 * 300) / 400, 12);
  });

  it('replaces the live bar several times and appends', () => {
    const vwap = new SessionVwap();
    const series: VwapBar[] = [];
    for (const bar of BARS) {
      series.push(bar);
      const i = series.length - 1;
      for (const interim of [{ ...bar, vwap: null, volume: 10 }, { ...bar, volume: bar.volume / 2 }, bar]) {
        series[i] = interim;
        vwap.replace(i, ...columns([interim]));
        expectClose(valuesOf(vwap), directVwap(series));
      }
    }
    // A session with no priced bar yet has no VWAP.
    const quiet = new SessionVwap();
    quiet.replace(0, [null], [25], [true]);
    expect(quiet.at(0)).toBeNull();
  });

  it('rejects columns of different lengths', () => {
    expect(() => new SessionVwap().replace(0, [1], [1, 2], [true])).toThrow(RangeError);
  });
});
