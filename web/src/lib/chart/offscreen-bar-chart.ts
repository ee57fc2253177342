import { pixelRatioOf } from '../pixel-ratio.ts';
import type { BarChartHandle, ChartView } from './bar-chart.ts';
import { packBars, packedTransferables, type CanvasSize, type FromBarChartWorker, type PackedBars, type ToBarChartWorker } from './bar-chart-protocol.ts';
import type { ChartBars } from './bar-store.ts';
import { forwardPointer } from './pointer-forwarding.ts';

/** How long a destroyed chart's worker gets to release its canvas before it is terminated anyway. */
const DESTROY_GRACE_MS = 1_000;

/**
 * A bar chart drawn by a worker on the canvas's OffscreenCanvas. The page
 * keeps only what the worker cannot: the canvas's size and the pointer.
 * Bars are packed into typed columns and transferred. The canvas can be
 * transferred once, so one canvas element serves one chart.
 */
export class OffscreenBarChart implements BarChartHandle {
  private readonly worker: Worker;
  private readonly resizer: ResizeObserver;
  private readonly abort = new AbortController();
  private destroyed = false;

  constructor(canvas: HTMLCanvasElement) {
    this.worker = new Worker(new URL('./bar-chart.worker.ts', import.meta.url), { type: 'module', name: 'bar chart' });
    this.worker.onmessage = ({ data }: MessageEvent<FromBarChartWorker>) => {
      if (data.type === 'describe') canvas.setAttribute('aria-label', data.label);
    };
    // The canvas is the worker's now, so there is nothing to fall back to; say why the chart is blank.
    this.worker.onerror = (event) => console.error(`bar chart worker failed: ${event.message}`);
    const offscreen = canvas.transferControlToOffscreen();
    this.post({ type: 'init', canvas: offscreen, ...sizeOf(canvas) }, [offscreen]);
    this.resizer = new ResizeObserver(() => this.post({ type: 'resize', ...sizeOf(canvas) }));
    this.resizer.observe(canvas);
    forwardPointer(canvas, this.abort.signal, (point) => this.hover(point));
  }

  show(view: ChartView, bars: ChartBars): void {
    const packed = packBars(bars);
    // The view is plain data; a copy keeps a caller's later edits (or a Svelte proxy) out of structured cloning.
    this.post({ type: 'show', view: plainView(view), bars: packed }, packedTransferables(packed));
  }

  update(from: number, tail: ChartBars): void {
    const packed: PackedBars = packBars(tail);
    this.post({ type: 'update', from, tail: packed }, packedTransferables(packed));
  }

  /** The ResizeObserver reports size changes itself; this is for an owner that knows better. */
  resize(width: number, height: number, devicePixelRatio: number): void {
    this.post({ type: 'resize', width, height, devicePixelRatio });
  }

  hover(point: { x: number; y: number } | null): void {
    this.post({ type: 'pointer', point: point ? { x: point.x, y: point.y } : null });
  }

  destroy(): void {
    if (this.destroyed) return;
    this.post({ type: 'destroy' });
    this.destroyed = true;
    this.abort.abort();
    this.resizer.disconnect();
    // The worker closes itself once it has destroyed its chart; this covers a worker that is stuck.
    setTimeout(() => this.worker.terminate(), DESTROY_GRACE_MS);
  }

  private post(message: ToBarChartWorker, transfer: Transferable[] = []): void {
    if (!this.destroyed) this.worker.postMessage(message, transfer);
  }
}

function sizeOf(canvas: HTMLCanvasElement): CanvasSize {
  return { width: canvas.clientWidth, height: canvas.clientHeight, devicePixelRatio: pixelRatioOf(canvas) };
}

function plainView(view: ChartView): ChartView {
  return {
    symbol: view.symbol,
    interval: view.interval,
    style: view.style,
    overlays: { vwap: view.overlays.vwap, sma: view.overlays.sma, ema: view.overlays.ema },
    alerts: [...view.alerts],
    reference: view.reference ? { price: view.reference.price, kind: view.reference.kind } : null,
    calendar: view.calendar,
    timeZone: view.timeZone,
    priceDecimals: view.priceDecimals,
    theme: view.theme,
    locale: view.locale,
  };
}
