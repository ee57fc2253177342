import { SeededRandom } from '../../feed/random.ts';

export interface HistoryPoint {
  time: number;
  price: number;
  size: number;
}

/** Points preloaded into each benchmarked chart, so both pages draw the same 10,000-point series. */
export const CHART_POINTS = 10_000;
const SPACING_MS = 250;

/**
 * A deterministic random walk ending just before `endTime` at `endPrice`:
 * the "history" each chart starts with. The same seed gives both pages the
 * same series.
 */
export function seededHistory(seed: number, endTime: number, endPrice: number, count = CHART_POINTS): HistoryPoint[] {
  const random = new SeededRandom(seed);
  const points: HistoryPoint[] = new Array(count);
  let price = endPrice;
  for (let i = count - 1; i >= 0; i--) {
    points[i] = { time: endTime - (count - i) * SPACING_MS, price, size: 100 * (1 + random.int(10)) };
    price = Math.max(0.01, Math.round((price * (1 + 0.0004 * random.normal())) * 100) / 100);
  }
  return points;
}
