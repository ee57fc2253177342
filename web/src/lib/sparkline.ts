import { pixelRatioOf } from './pixel-ratio.ts';
import type { LiveBars } from '../../../shared/bars/live-bars.ts';
import type { MarketCalendar } from '../../../shared/market-calendar.ts';
import { PALETTE, withAlpha } from './palette.ts';

const REDRAW_INTERVAL_MS = 500;
const pending = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | undefined;

/**
 * Sparklines are glanceable, so they redraw at most twice a second, all in
 * one animation frame, however many ticks arrive.
 */
export function scheduleSparkline(paint: () => void): void {
  pending.add(paint);
  timer ??= setTimeout(() => {
    requestAnimationFrame(() => {
      timer = undefined;
      const paints = [...pending];
      pending.clear();
      paints.forEach((p) => p());
    });
  }, REDRAW_INTERVAL_MS);
}

export function cancelSparkline(paint: () => void): void {
  pending.delete(paint);
}

export interface SparklineInput {
  bars: LiveBars;
  calendar: MarketCalendar;
  /** The dashed line and the colour's reference (previous close, or the open without one). */
  reference: number | null;
  /** The price shown beside the sparkline: the line ends at it, so the two never disagree. */
  last: number | null;
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

/** Draws the session's closes as a line across its trading day, coloured against the reference. */
export function paintSparkline(canvas: HTMLCanvasElement, input: SparklineInput): void {
  const ratio = pixelRatioOf(canvas);
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (width === 0 || height === 0) return;
  if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
  if (canvas.height !== Math.round(height * ratio)) canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);

  const { bars, calendar } = input;
  const points: [number, number][] = [];
  for (let i = 0; i < bars.length; i++) {
    const close = bars.closeAt(i);
    if (!Number.isNaN(close)) points.push([bars.timeAt(i), close]);
  }
  // The newest bar's close can trail the quote by a print that the bar does not hold yet; the quote is what the tile shows.
  if (input.last !== null && points.length > 0) points[points.length - 1]![1] = input.last;
  if (points.length === 0) return;

  const span = sessionSpan(calendar, points[points.length - 1]![0]);
  const visible = points.filter(([time]) => time >= span.from);
  if (visible.length === 0) return;
  const reference = input.reference ?? visible[0]![1];
  let min = reference;
  let max = reference;
  for (const [, price] of visible) {
    if (price < min) min = price;
    if (price > max) max = price;
  }
  // Thicker as the sparkline grows, so a wall tile's line is visible across a room at 4K.
  const lineWidth = Math.max(1.25, Math.min(width / 3, height) / 60);
  const pad = lineWidth + 1;
  const range = max - min || 1;
  const x = (time: number) => ((time - span.from) / (span.to - span.from)) * width;
  const y = (price: number) => pad + (height - 2 * pad) * (1 - (price - min) / range);

  ctx.strokeStyle = withAlpha(PALETTE.reference, 0.45);
  ctx.lineWidth = Math.max(1, lineWidth / 2);
  ctx.setLineDash([2, 3]);
  ctx.beginPath();
  ctx.moveTo(0, y(reference));
  ctx.lineTo(width, y(reference));
  ctx.stroke();
  ctx.setLineDash([]);

  const last = visible[visible.length - 1]![1];
  ctx.strokeStyle = last >= reference ? PALETTE.up : PALETTE.down;
  ctx.lineWidth = lineWidth;
  ctx.lineJoin = 'round';
  ctx.beginPath();
  ctx.moveTo(x(visible[0]![0]), y(visible[0]![1]));
  // One bar is a step: a lone bar still shows as a short level line.
  if (visible.length === 1) ctx.lineTo(x(visible[0]![0]) + 2, y(visible[0]![1]));
  for (let i = 1; i < visible.length; i++) ctx.lineTo(x(visible[i]![0]), y(visible[i]![1]));
  ctx.stroke();
}
