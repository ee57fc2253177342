import { PALETTE, withAlpha } from './palette.ts';
import type { TickHistory } from './tick-history.ts';

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

/** Draws the buffered session as a line, coloured against the previous close. */
export function paintSparkline(canvas: HTMLCanvasElement, history: TickHistory, reference: number | null): void {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (width === 0 || height === 0) return;
  if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
  if (canvas.height !== Math.round(height * ratio)) canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const count = history.length;
  if (count < 2) return;

  // At most about one point per pixel; the last point is always drawn, so the line ends where the price is.
  const prevClose = reference ?? history.priceAt(0);
  const step = Math.max(1, Math.floor(count / width));
  const sampled: number[] = [];
  for (let i = 0; i < count; i += step) sampled.push(i);
  if (sampled[sampled.length - 1] !== count - 1) sampled.push(count - 1);
  let min = prevClose;
  let max = prevClose;
  for (const i of sampled) {
    const price = history.priceAt(i);
    if (price < min) min = price;
    if (price > max) max = price;
  }
  const last = history.priceAt(count - 1);
  const span = max - min || 1;
  const t0 = history.timeAt(0);
  const tSpan = history.timeAt(count - 1) - t0 || 1;
  const y = (price: number) => 2 + (height - 4) * (1 - (price - min) / span);

  ctx.strokeStyle = withAlpha(PALETTE.reference, 0.35);
  ctx.setLineDash([2, 3]);
  ctx.beginPath();
  ctx.moveTo(0, y(prevClose));
  ctx.lineTo(width, y(prevClose));
  ctx.stroke();
  ctx.setLineDash([]);

  ctx.strokeStyle = last >= prevClose ? PALETTE.up : PALETTE.down;
  ctx.lineWidth = 1.25;
  ctx.beginPath();
  // A break (an outage) anywhere since the last drawn point lifts the pen.
  let previous = -1;
  for (const i of sampled) {
    let broken = previous === -1;
    for (let k = previous + 1; k <= i && !broken; k++) broken = history.breaksBefore(k);
    const x = ((history.timeAt(i) - t0) / tSpan) * width;
    if (broken) ctx.moveTo(x, y(history.priceAt(i)));
    else ctx.lineTo(x, y(history.priceAt(i)));
    previous = i;
  }
  ctx.stroke();
}
