/**
 * The chart.js datasets the bar chart is made of, and how their point arrays
 * follow the bars. Points are plain objects chart.js reads as they are
 * (parsing is off); a replaced bar's point is changed in place and new bars'
 * points are pushed in one call, so chart.js (which watches push and splice
 * on its data arrays) sees exactly the tail change and nothing is re-parsed.
 */
import type { ChartDataset } from 'chart.js';
import { CHART_THEME } from './theme.ts';

/** x is the bar's index (the axis is by index); y null or NaN draws nothing there. */
export interface Point {
  x: number;
  y: number | null;
}

/**
 * A candle as chartjs-chart-financial reads it (its FinancialDataPoint, which
 * its typings declare inside a chart.js augmentation and so never export).
 */
export interface Candle {
  x: number;
  o: number;
  h: number;
  l: number;
  c: number;
}

export type Datum = Point | Candle;
export type DatasetKind = 'candlestick' | 'ohlc' | 'line' | 'bar';
export type BarChartDataset = ChartDataset<DatasetKind, Datum[]>;

/** Draw order: chart.js draws higher `order` first, so overlays are on top. (Volume is not a dataset: see volume-pane.ts.) */
const ORDER = { price: 2, overlay: 1 } as const;


export function candleDataset(style: 'candles' | 'ohlc', data: Candle[]): BarChartDataset {
  // Both read per-direction colours from these options at draw time (the typings only declare them on candlestick).
  // 'unchanged' (close = open) counts as up, as the readout does. Read at creation: a theme change makes new datasets.
  const colours = { up: CHART_THEME.up, down: CHART_THEME.down, unchanged: CHART_THEME.up };
  const dataset = {
    type: style === 'candles' ? 'candlestick' : 'ohlc',
    label: style,
    data,
    xAxisID: 'x',
    yAxisID: 'y',
    borderColors: colours,
    backgroundColors: colours,
    borderWidth: 1,
    // One candle per x: not laid out side by side with other bar-type datasets, which would also cost
    // chart.js a search of every dataset per candle (4.6's _getStacks).
    grouped: false,
    order: ORDER.price,
  } as const;
  return dataset as unknown as BarChartDataset;
}

export function closeLineDataset(data: Point[]): BarChartDataset {
  return {
    type: 'line',
    label: 'close',
    data,
    xAxisID: 'x',
    yAxisID: 'y',
    borderColor: CHART_THEME.up,
    backgroundColor: CHART_THEME.up,
    borderWidth: 1.5,
    pointRadius: 0,
    pointHoverRadius: 0,
    tension: 0,
    fill: 'start',
    // A bar of volume-only prints has no close: the line carries on past it.
    spanGaps: true,
    order: ORDER.price,
  };
}

export function overlayDataset(label: string, data: Point[], color: string, spanGaps: boolean): BarChartDataset {
  return {
    type: 'line',
    label,
    data,
    xAxisID: 'x',
    yAxisID: 'y',
    borderColor: color,
    borderWidth: 1.25,
    pointRadius: 0,
    pointHoverRadius: 0,
    tension: 0,
    fill: false,
    spanGaps,
    order: ORDER.overlay,
  };
}

/** Points for bars `from`..`count - 1` from `y`; beyond `count` removed. */
export function syncPoints(points: Point[], from: number, count: number, y: (index: number) => number | null): void {
  if (points.length > count) points.splice(count);
  const added: Point[] = [];
  for (let i = from; i < count; i++) {
    const point = points[i];
    if (point) point.y = y(i);
    else added.push({ x: i, y: y(i) });
  }
  pushAll(points, added);
}

/** The same for candles; a bar without a price gets NaN prices, which draw nothing. */
export function syncCandles(candles: Candle[], from: number, count: number, bar: (index: number, into: Candle) => void): void {
  if (candles.length > count) candles.splice(count);
  const added: Candle[] = [];
  for (let i = from; i < count; i++) {
    const candle = candles[i];
    if (candle) bar(i, candle);
    else {
      const fresh = { x: i, o: 0, h: 0, l: 0, c: 0 };
      bar(i, fresh);
      added.push(fresh);
    }
  }
  pushAll(candles, added);
}

/** One push (one notification to chart.js) per chunk; chunked only because spread arguments have a limit. */
function pushAll<T>(target: T[], added: T[]): void {
  const CHUNK = 32_768;
  for (let i = 0; i < added.length; i += CHUNK) target.push(...(i === 0 && added.length <= CHUNK ? added : added.slice(i, i + CHUNK)));
}
