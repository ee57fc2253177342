import { describe, expect, it } from 'vitest';
import { LiveBars } from '../../shared/bars/live-bars.ts';
import { calendarFor } from '../../shared/market-calendar.ts';
import type { Tick } from '../../shared/protocol.ts';
import { sessionSpan, sparklineGeometry, sparklineLineWidth } from '../../web/src/lib/sparkline.ts';

const us = calendarFor('us-equity');
/** 20 Nov 2026 in New York (EST). */
const ny = (hh: number, mm: number, ss = 0) => Date.UTC(2026, 10, 20, hh + 5, mm, ss);
const tick = (time: number, price: number, extra: Partial<Tick> = {}): Tick => ({ symbol: 'X', price, size: 100, time, ...extra });

function session(...ticks: Tick[]): LiveBars {
  const bars = new LiveBars('1m', us, 1920);
  ticks.forEach((t) => bars.apply(t));
  return bars;
}

describe('sparkline geometry', () => {
  it('ends at the shown price even when the newest bar trails it, below the reference line when the tile is down', () => {
    const bars = session(tick(ny(9, 30), 101), tick(ny(10, 0), 102), tick(ny(10, 30), 100.5));
    // The quote has moved on (a print the bar does not hold yet): the tile shows 99.
    const drawn = sparklineGeometry({ bars, calendar: us, reference: 100, last: 99 }, 300, 100)!;
    expect(drawn.endPrice).toBe(99);
    expect(drawn.direction).toBe('down');
    expect(drawn.ys.at(-1)!).toBeGreaterThan(drawn.referenceY!);
    expect(drawn.xs).toHaveLength(3);
  });

  it('colours by the shown price against the reference, as the tile does: up, down, or flat at it', () => {
    const bars = session(tick(ny(9, 30), 99), tick(ny(10, 0), 101));
    const at = (last: number) => sparklineGeometry({ bars, calendar: us, reference: 100, last }, 300, 100)!;
    expect(at(100.01).direction).toBe('up');
    expect(at(100.01).ys.at(-1)!).toBeLessThan(at(100.01).referenceY!);
    expect(at(99.99).direction).toBe('down');
    expect(at(100).direction).toBe('flat');
    expect(at(100).ys.at(-1)).toBeCloseTo(at(100).referenceY!, 9);
    expect(sparklineGeometry({ bars, calendar: us, reference: null, last: 101 }, 300, 100)!.direction).toBe('flat');
  });

  it('a volume-only print moves neither the price nor the end of the line', () => {
    const bars = session(tick(ny(9, 30), 100), tick(ny(9, 31), 120, { volumeOnly: true }));
    const drawn = sparklineGeometry({ bars, calendar: us, reference: 99, last: 100 }, 300, 100)!;
    expect(drawn.endPrice).toBe(100);
    expect(drawn.direction).toBe('up');
  });

  it('spans the trading day from the pre-market open, and keeps the line inside the canvas', () => {
    expect(sessionSpan(us, ny(10, 0))).toEqual({ from: ny(4, 0), to: ny(20, 0) });
    const bars = session(tick(ny(4, 0), 90), tick(ny(12, 0), 110), tick(ny(19, 59), 95));
    const drawn = sparklineGeometry({ bars, calendar: us, reference: 100, last: 95 }, 160, 40)!;
    expect(drawn.xs[0]).toBe(0);
    expect(drawn.xs.at(-1)!).toBeCloseTo((959 / 960) * 160, 9);
    for (const y of drawn.ys) expect(y).toBeGreaterThanOrEqual(drawn.lineWidth / 2);
    for (const y of drawn.ys) expect(y).toBeLessThanOrEqual(40 - drawn.lineWidth / 2);
  });

  it('draws a lone bar as a short level line, and nothing without bars', () => {
    const drawn = sparklineGeometry({ bars: session(tick(ny(9, 30), 100)), calendar: us, reference: 99, last: 100 }, 300, 100)!;
    expect(drawn.xs).toHaveLength(2);
    expect(drawn.ys[0]).toBe(drawn.ys[1]);
    expect(sparklineGeometry({ bars: session(), calendar: us, reference: 99, last: 100 }, 300, 100)).toBeNull();
  });
});

describe('sparkline line width', () => {
  it('grows with the sparkline: a watchlist row 1.5 px (2 device px), a 4K wall tile 4 to 7 px', () => {
    expect(sparklineLineWidth(100, 26, 1)).toBe(2);
    expect(sparklineLineWidth(456, 297, 1)).toBe(7);
    expect(sparklineLineWidth(294, 124, 1)).toBe(4);
    expect(sparklineLineWidth(228, 148, 1)).toBe(3);
    expect(sparklineLineWidth(5000, 5000, 1)).toBe(8);
  });

  it('is never more than a twelfth of a short sparkline', () => {
    expect(sparklineLineWidth(600, 24, 1)).toBe(2);
  });

  it('is a whole number of device pixels, and the same physical width at any pixel ratio', () => {
    // A 4K screen at pixel ratio 2 lays out 1920 CSS px: the tile is half as many CSS px, drawn at twice the density.
    expect(sparklineLineWidth(228, 148, 2) * 2).toBe(7);
    expect(sparklineLineWidth(456, 297, 1) * 1).toBe(7);
    for (const ratio of [1, 1.25, 1.5, 2, 3]) expect(Number.isInteger(Math.round(sparklineLineWidth(300, 80, ratio) * ratio * 1e9) / 1e9)).toBe(true);
  });
});
