import type { BarChart, BarChartHandle, ChartView } from './bar-chart.ts';
import type { ChartBars } from './bar-store.ts';
import { OffscreenBarChart } from './offscreen-bar-chart.ts';
import { forwardPointer } from './pointer-forwarding.ts';

/**
 * A bar chart for this canvas: drawn in a worker where the browser can hand
 * a canvas to one (every current engine), on the main thread otherwise.
 * Either way the canvas's aria-label describes what is drawn. A canvas
 * serves one chart for its lifetime.
 */
export function createBarChart(canvas: HTMLCanvasElement): BarChartHandle {
  if (typeof canvas.transferControlToOffscreen === 'function' && typeof Worker === 'function') {
    return new OffscreenBarChart(canvas);
  }
  return new MainThreadBarChart(canvas);
}

/**
 * The fallback, loaded on first use: chart.js then stays out of the page's
 * own bundle (the worker has its copy), which the common case never needs.
 * Calls made while it loads are kept: the latest show and the updates after
 * it, replayed in order once the chart exists.
 */
class MainThreadBarChart implements BarChartHandle {
  private chart: BarChart | null = null;
  private shown: { view: ChartView; bars: ChartBars } | null = null;
  private updates: { from: number; tail: ChartBars }[] = [];
  private size: [number, number, number] | null = null;
  private readonly abort = new AbortController();
  private destroyed = false;

  constructor(canvas: HTMLCanvasElement) {
    forwardPointer(canvas, this.abort.signal, (point) => this.hover(point));
    void import('./bar-chart.ts').then(({ BarChart }) => {
      if (this.destroyed) return;
      const chart = new BarChart({ canvas, describe: (label) => canvas.setAttribute('aria-label', label) });
      this.chart = chart;
      if (this.size) chart.resize(...this.size);
      if (this.shown) chart.show(this.shown.view, this.shown.bars);
      for (const { from, tail } of this.updates) chart.update(from, tail);
      this.shown = null;
      this.updates = [];
    });
  }

  show(view: ChartView, bars: ChartBars): void {
    if (this.chart) return this.chart.show(view, bars);
    this.shown = { view, bars };
    this.updates = [];
  }

  update(from: number, tail: ChartBars): void {
    if (this.chart) return this.chart.update(from, tail);
    if (this.shown) this.updates.push({ from, tail });
  }

  resize(width: number, height: number, devicePixelRatio: number): void {
    if (this.chart) return this.chart.resize(width, height, devicePixelRatio);
    this.size = [width, height, devicePixelRatio];
  }

  hover(point: { x: number; y: number } | null): void {
    this.chart?.hover(point);
  }

  destroy(): void {
    this.destroyed = true;
    this.abort.abort();
    this.chart?.destroy();
  }
}
