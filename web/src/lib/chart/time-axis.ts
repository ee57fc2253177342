/**
 * Which bars get a time-axis label. The axis is by bar index, so chart.js's
 * own tick generation (round numbers of bars) says nothing about time;
 * instead every bar carries a weight (what boundary it starts: a year, a
 * month, a day, an hour, five minutes...) and the labels are the most
 * important boundaries that fit side by side.
 */
import { MAX_TICK_WEIGHT } from './bar-timeline.ts';

export interface AxisSpan {
  /** The x scale's range in bar-index units, and its width in pixels. */
  min: number;
  max: number;
  width: number;
}

/**
 * Bar indices to label, in order: first the lowest weight at which the
 * labels would fit at `minSpacing` pixels if evenly spread, then, where two
 * still come closer than that, the more important one kept (the later on a
 * tie). O(bars).
 */
export function chooseTicks(weights: Uint8Array, count: number, span: AxisSpan, minSpacing: number): number[] {
  const scale = span.max > span.min ? span.width / (span.max - span.min) : 0;
  if (count === 0 || !(scale > 0)) return [];
  const pixel = (index: number) => (index - span.min) * scale;
  const room = Math.max(1, Math.floor(span.width / minSpacing));

  const histogram = new Uint32Array(MAX_TICK_WEIGHT + 1);
  for (let i = 0; i < count; i++) histogram[weights[i]!]!++;
  let threshold = MAX_TICK_WEIGHT;
  for (let weight = MAX_TICK_WEIGHT, total = 0; weight >= 1; weight--) {
    total += histogram[weight]!;
    if (total > room) break;
    threshold = weight;
  }

  const kept: number[] = [];
  for (let i = 0; i < count; i++) {
    const weight = weights[i]!;
    if (weight < threshold) continue;
    let keep = true;
    while (kept.length > 0) {
      const last = kept[kept.length - 1]!;
      if (pixel(i) - pixel(last) >= minSpacing) break;
      // A tie goes to the later bar: the first bar's day label gives way to the next day's start.
      if (weight >= weights[last]!) kept.pop();
      else {
        keep = false;
        break;
      }
    }
    if (keep) kept.push(i);
  }
  return kept;
}
