import { OffscreenPriceChart } from './offscreen-price-chart.ts';
import type { ChartSeries, PriceChart } from './price-chart.ts';
import type { ChartWindow } from './view-url.ts';

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
  return new MainThreadPriceChart(canvas, timeZone);
}

/**
 * The fallback, loaded on first use: chart.js then stays out of the page's
 * own bundle (the worker has its copy), which the common case never needs.
 * Calls made while it loads are kept (the latest show) or dropped (notify,
 * which the next show covers).
 */
class MainThreadPriceChart implements PriceChart {
  private chart: PriceChart | null = null;
  private shown: { series: ChartSeries | null; window: ChartWindow } | null = null;
  private destroyed = false;

  constructor(canvas: HTMLCanvasElement, timeZone: string) {
    void import('./price-chart.ts').then(({ StreamingPriceChart }) => {
      if (this.destroyed) return;
      this.chart = new StreamingPriceChart({ canvas, timeZone, describe: (label) => canvas.setAttribute('aria-label', label) });
      if (this.shown) this.chart.show(this.shown.series, this.shown.window);
    });
  }

  show(series: ChartSeries | null, window: ChartWindow): void {
    this.shown = { series, window };
    this.chart?.show(series, window);
  }

  notify(): void {
    this.chart?.notify();
  }

  destroy(): void {
    this.destroyed = true;
    this.chart?.destroy();
  }
}
