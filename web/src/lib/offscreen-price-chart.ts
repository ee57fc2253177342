import type { FromChartWorker, PointColumns, ToChartWorker } from './chart-worker-protocol.ts';
import type { ChartSeries, PriceChart } from './price-chart.ts';
import type { TickHistory } from './tick-history.ts';
import type { ChartWindow } from './view-url.ts';

/**
 * A price chart drawn by a worker on the canvas's OffscreenCanvas. The page
 * keeps only what the worker cannot: the canvas's size, the pointer, and
 * which of the shown history's points the worker has not seen yet.
 * The canvas can be transferred once, so one canvas element serves one chart.
 */
export class OffscreenPriceChart implements PriceChart {
  private readonly worker: Worker;
  private readonly resizer: ResizeObserver;
  private readonly abort = new AbortController();
  private series: ChartSeries | null = null;
  private window: ChartWindow = '5m';
  private consumed = 0;
  private resets = 0;
  /** The pointer goes to the worker at most once a frame, however fast the mouse reports it. */
  private pendingPointer: { x: number; y: number } | null = null;
  private pointerFrame = 0;

  constructor(canvas: HTMLCanvasElement, timeZone: string) {
    this.worker = new Worker(new URL('./price-chart.worker.ts', import.meta.url), { type: 'module', name: 'price chart' });
    this.worker.onmessage = ({ data }: MessageEvent<FromChartWorker>) => {
      if (data.type === 'describe') canvas.setAttribute('aria-label', data.label);
    };
    // The canvas is the worker's now, so there is nothing to fall back to; say why the chart is blank.
    this.worker.onerror = (event) => console.error(`price chart worker failed: ${event.message}`);
    const offscreen = canvas.transferControlToOffscreen();
    this.post({ type: 'init', canvas: offscreen, timeZone, ...sizeOf(canvas) }, [offscreen]);
    this.resizer = new ResizeObserver(() => this.post({ type: 'resize', ...sizeOf(canvas) }));
    this.resizer.observe(canvas);
    const { signal } = this.abort;
    canvas.addEventListener('pointermove', (event) => this.pointer({ x: event.offsetX, y: event.offsetY }), { signal });
    canvas.addEventListener('pointerleave', () => this.pointer(null), { signal });
  }

  show(series: ChartSeries | null, window: ChartWindow): void {
    this.series = series;
    this.window = window;
    this.consumed = series?.history.totalAppended ?? 0;
    this.resets = series?.history.resets ?? 0;
    const points = series ? columns(series.history, series.history.length) : null;
    this.post(
      {
        type: 'show',
        series: series && points ? { symbol: series.symbol, referencePrice: series.referencePrice, capacity: series.history.capacity, points } : null,
        window,
      },
      points ? transferables(points) : [],
    );
  }

  notify(): void {
    const history = this.series?.history;
    if (!history || !this.series) return;
    // Cleared, or more new points than the ring holds: the worker's copy cannot be patched, so resend it whole.
    const fresh = history.totalAppended - this.consumed;
    if (history.resets !== this.resets || fresh > history.length) return this.show(this.series, this.window);
    if (fresh <= 0) return;
    this.consumed = history.totalAppended;
    const points = columns(history, fresh);
    this.post({ type: 'append', points }, transferables(points));
  }

  destroy(): void {
    cancelAnimationFrame(this.pointerFrame);
    this.abort.abort();
    this.resizer.disconnect();
    this.worker.terminate();
  }

  private pointer(point: { x: number; y: number } | null): void {
    this.pendingPointer = point;
    this.pointerFrame ||= requestAnimationFrame(() => {
      this.pointerFrame = 0;
      this.post({ type: 'pointer', point: this.pendingPointer });
    });
  }

  private post(message: ToChartWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }
}

function sizeOf(canvas: HTMLCanvasElement): { width: number; height: number; devicePixelRatio: number } {
  return { width: canvas.clientWidth, height: canvas.clientHeight, devicePixelRatio: window.devicePixelRatio || 1 };
}

/** The newest `count` points of the history as columns. */
function columns(history: TickHistory, count: number): PointColumns {
  const first = history.length - count;
  const points = { times: new Float64Array(count), prices: new Float64Array(count), sizes: new Float64Array(count), breaks: new Uint8Array(count) };
  for (let i = 0; i < count; i++) {
    points.times[i] = history.timeAt(first + i);
    points.prices[i] = history.priceAt(first + i);
    points.sizes[i] = history.sizeAt(first + i);
    points.breaks[i] = history.breaksBefore(first + i) ? 1 : 0;
  }
  return points;
}

function transferables(points: PointColumns): Transferable[] {
  return [points.times.buffer, points.prices.buffer, points.sizes.buffer, points.breaks.buffer];
}
