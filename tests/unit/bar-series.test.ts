import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BarSeries, type Bar } from '../../shared/bars/bar-series.ts';

/** The same rules on a plain array: what BarSeries must hold whatever its chunking. */
class ReferenceSeries {
  bars: Bar[] = [];
  constructor(private readonly capacity: number) {}
  add(start: number, price: number | null, size: number): void {
    let bar = this.bars.find((b) => b.time === start);
    if (!bar) {
      if (this.bars.length > 0 && start < this.bars[this.bars.length - 1]!.time) return;
      bar = { time: start, open: NaN, high: NaN, low: NaN, close: NaN, volume: 0, count: 0, turnover: 0 };
      this.bars.push(bar);
      if (this.bars.length > this.capacity) this.bars.shift();
    }
    if (price !== null) {
      if (Number.isNaN(bar.open)) bar.open = bar.high = bar.low = price;
      bar.high = Math.max(bar.high, price);
      bar.low = Math.min(bar.low, price);
      bar.close = price;
    }
    bar.volume += size;
    bar.count += 1;
    bar.turnover += (price ?? 1) * size;
  }
  evictBefore(time: number): void {
    this.bars = this.bars.filter((b) => b.time >= time);
  }
}

const all = (series: BarSeries) => Array.from({ length: series.length }, (_, i) => series.at(i));

type Step = { kind: 'add'; dt: number; price: number | null; size: number } | { kind: 'evict'; back: number } | { kind: 'roundtrip' };

describe('BarSeries', () => {
  it('holds what a plain array would, across chunk boundaries, wraps, evictions and store/restore', () => {
    const step = fc.oneof(
      { weight: 20, arbitrary: fc.record({ kind: fc.constant('add' as const), dt: fc.integer({ min: -2, max: 4 }), price: fc.option(fc.integer({ min: 1, max: 500 }), { freq: 5 }), size: fc.integer({ min: 1, max: 9 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('evict' as const), back: fc.integer({ min: 0, max: 200 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('roundtrip' as const) }) },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.array(step, { minLength: 100, maxLength: 1500 }), (capacity, steps: Step[]) => {
        const series = new BarSeries(capacity);
        const reference = new ReferenceSeries(capacity);
        let time = 0;
        for (const s of steps) {
          if (s.kind === 'add') {
            time = Math.max(0, time + s.dt);
            const price = s.price;
            series.add(time, price, s.size, price ?? 1);
            reference.add(time, price, s.size);
          } else if (s.kind === 'evict') {
            series.evictBefore(time - s.back);
            reference.evictBefore(time - s.back);
          } else {
            series.restore(series.stored());
          }
          expect(series.length).toBe(reference.bars.length);
        }
        expect(all(series)).toEqual(reference.bars);
        // The bound: never more than the chunks the capacity needs, plus one partly drained and one spare.
        expect(series.byteLength).toBeLessThanOrEqual((Math.ceil(capacity / 64) + 2) * 4096);
      }),
      { numRuns: 200 },
    );
  });

  it('restores the newest `capacity` bars of a longer copy', () => {
    const source = new BarSeries(1000);
    for (let t = 0; t < 500; t++) source.add(t, t + 1, 1, t + 1);
    const small = new BarSeries(100);
    small.restore(source.stored());
    expect(small.length).toBe(100);
    expect(small.timeAt(0)).toBe(400);
    expect(small.closeAt(99)).toBe(500);
  });

  it('a full ring reuses its storage: byteLength stays flat while bars roll over', () => {
    const series = new BarSeries(128);
    for (let t = 0; t < 200; t++) series.add(t, 1, 1, 1);
    const held = series.byteLength;
    for (let t = 200; t < 5000; t++) series.add(t, 1, 1, 1);
    expect(series.byteLength).toBe(held);
    expect(series.timeAt(0)).toBe(5000 - 128);
  });
});
