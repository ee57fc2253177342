import { OffscreenPriceChart } from './offscreen-price-chart.ts';
import { StreamingPriceChart, type PriceChart } from './price-chart.ts';

/**
 * A chart for this canvas: drawn in a worker where the browser can hand a
 * canvas to one (every current engine), on the main thread otherwise. Either
 * way the canvas's aria-label describes what is drawn. A canvas serves one
 * chart for its lifetime.
 */
export function createPriceChart(canvas: HTMLCanvasElement, timeZone: string): PriceChart {
  if (typeof canvas.transferControlToOffscreen === 'function' && typeof Worker === 'function') {
    return new OffscreenPriceChart(canvas, timeZone);
  }
  return new StreamingPriceChart({ canvas, timeZone, describe: (label) => canvas.setAttribute('aria-label', label) });
}
