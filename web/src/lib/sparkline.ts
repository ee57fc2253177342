import { pixelRatioOf } from './pixel-ratio.ts';
import type { LiveBars } from '../../../shared/bars/live-bars.ts';
import type { MarketCalendar } from '../../../shared/market-calendar.ts';
import { directionOf } from './format.ts';
import { PALETTE, withAlpha } from './palette.ts';

export interface SparklineInput {
  bars: LiveBars;
  calendar: MarketCalendar;
  /** The dashed line and the colour's reference (previous close, or the open without one). */
  reference: number | null;
  /** The price shown beside the sparkline: the line ends at it, so the two never disagree. */
  last: number | null;
}

/** What a sparkline draws, in CSS px of its canvas: pure, so the rule that it agrees with its price is testable. */
export interface SparklineGeometry {
  /** The line's vertices, left to right; the last is at the shown price. */
  xs: number[];
  ys: number[];
  /** The price the line ends at (the shown price when there is one). */
  endPrice: number;
  /** Height of the dashed reference line, or null when there is no reference. */
  referenceY: number | null;
  /** The tile's direction (end versus reference), so the line's colour is the tile's: flat without a reference. */
  direction: 'up' | 'down' | 'flat';
  /** In CSS px, a whole number of device pixels. */
  lineWidth: number;
}

/**
 * The time a session sparkline spans: the whole trading day of its newest
 * bar (04:00-20:00 New York with extended hours; 00:00-24:00 for a 24x7
 * market), so a 2-cent move early in the day is drawn as small as it is and
 * the line grows from left to right through the day.
 */
export function sessionSpan(calendar: MarketCalendar, time: number): { from: number; to: number } {
  const day = calendar.dayOf(time);
  const trading = calendar.tradingDay(calendar.localDate(time));
  if (!trading) return { from: day.start, to: day.end };
  return { from: trading.preOpen ?? trading.open, to: trading.postClose ?? trading.close };
}

/** Thinnest line, CSS px: a watchlist row's 26 px sparkline. */
const MIN_LINE_CSS_PX = 1.5;
const MAX_LINE_CSS_PX = 8;

/**
 * Line width in CSS px for a width x height sparkline: about 1.4 % of its
 * width (a wall tile at 3840x2160 draws 4 to 7 px, visible across a room;
 * a watchlist row 1.5 px), no more than a twelfth of its height.
 * Rounded to whole device pixels: the canvas is drawn at `ratio` device
 * pixels per CSS px, so the physical width is the same at any pixel ratio
 * and never a blurred fraction of a pixel.
 */
export function sparklineLineWidth(width: number, height: number, ratio: number): number {
  const css = Math.min(MAX_LINE_CSS_PX, Math.max(MIN_LINE_CSS_PX, Math.min(width / 70, height / 12)));
  return Math.max(1, Math.round(css * ratio)) / ratio;
}

/**
 * The session's closes across its trading day, ending at the shown price:
 * the newest bar's close can trail the quote (a print the bar does not hold
 * yet, or one it does not count), and the quote is what the tile shows.
 * Null when there is nothing to draw.
 */
export function sparklineGeometry(input: SparklineInput, width: number, height: number, ratio = 1): SparklineGeometry | null {
  const { bars, calendar } = input;
  if (width <= 0 || height <= 0 || bars.length === 0) return null;
  const span = sessionSpan(calendar, bars.lastTime);
  const times: number[] = [];
  const prices: number[] = [];
  for (let i = 0; i < bars.length; i++) {
    const time = bars.timeAt(i);
    const close = bars.closeAt(i);
    if (time >= span.from && !Number.isNaN(close)) {
      times.push(time);
      prices.push(close);
    }
  }
  if (input.last !== null) {
    if (times.length === 0) times.push(bars.lastTime);
    prices[times.length - 1] = input.last;
  }
  if (times.length === 0) return null;

  const endPrice = prices[prices.length - 1]!;
  let min = input.reference ?? prices[0]!;
  let max = min;
  for (const price of prices) {
    if (price < min) min = price;
    if (price > max) max = price;
  }
  const lineWidth = sparklineLineWidth(width, height, ratio);
  const pad = lineWidth + 1;
  const range = max - min || 1;
  const x = (time: number) => ((time - span.from) / (span.to - span.from)) * width;
  const y = (price: number) => pad + (height - 2 * pad) * (1 - (price - min) / range);
  const xs = times.map(x);
  const ys = prices.map(y);
  // One bar is a step: a lone bar still shows as a short level line.
  if (xs.length === 1) {
    xs.unshift(Math.max(0, xs[0]! - 2 * lineWidth));
    ys.unshift(ys[0]!);
  }
  return {
    xs,
    ys,
    endPrice,
    referenceY: input.reference === null ? null : y(input.reference),
    direction: input.reference === null ? 'flat' : directionOf(endPrice - input.reference),
    lineWidth,
  };
}

/** A sparkline's canvas, carrying what it last drew (null: nothing), for tests to compare with the price beside it. */
export type SparklineCanvas = HTMLCanvasElement & { drawn?: (SparklineGeometry & { linePx: number }) | null };

const LINE_COLOUR = { up: PALETTE.up, down: PALETTE.down, flat: PALETTE.reference } as const;

/** Draws the sparkline into its canvas (sized to its CSS box at the device's pixel ratio); returns what it drew. */
export function paintSparkline(canvas: HTMLCanvasElement, input: SparklineInput): SparklineGeometry | null {
  const ratio = pixelRatioOf(canvas);
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (width === 0 || height === 0) return null;
  if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
  if (canvas.height !== Math.round(height * ratio)) canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const geometry = sparklineGeometry(input, width, height, ratio);
  if (!geometry) return null;
  const { xs, ys, referenceY, lineWidth } = geometry;

  if (referenceY !== null) {
    const dashWidth = Math.max(1 / ratio, lineWidth / 2);
    ctx.strokeStyle = withAlpha(PALETTE.reference, 0.45);
    ctx.lineWidth = dashWidth;
    ctx.setLineDash([2 * lineWidth, 3 * lineWidth]);
    ctx.beginPath();
    ctx.moveTo(0, referenceY);
    ctx.lineTo(width, referenceY);
    ctx.stroke();
    ctx.setLineDash([]);
  }

  ctx.strokeStyle = LINE_COLOUR[geometry.direction];
  ctx.lineWidth = lineWidth;
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  ctx.beginPath();
  ctx.moveTo(xs[0]!, ys[0]!);
  for (let i = 1; i < xs.length; i++) ctx.lineTo(xs[i]!, ys[i]!);
  ctx.stroke();
  return geometry;
}
