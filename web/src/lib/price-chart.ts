import { tz } from '@date-fns/tz';
import {
  BarController,
  BarElement,
  Chart,
  Decimation,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  TimeScale,
  Tooltip,
  type ChartDataset,
  type ChartType,
  type Plugin,
} from 'chart.js';
import 'chartjs-adapter-date-fns';
import { formatClock, zoneLabel } from './format.ts';
import { PALETTE, withAlpha } from './palette.ts';
import type { TickHistory } from './tick-history.ts';
import { addToBuckets, bucketWidthFor, type VolumeBucket } from './volume-buckets.ts';
import { CHART_WINDOW_MS, type ChartWindow } from './view-url.ts';

declare module 'chart.js' {
  interface PluginOptionsByType<TType extends ChartType> {
    /** Options of the previousClose plugin below. */
    previousClose: { value: number | null };
  }
}

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, LinearScale, TimeScale, Tooltip, Filler, Decimation);

const UP = PALETTE.up;
const DOWN = PALETTE.down;
const GRID = withAlpha(PALETTE.reference, 0.08);
const AXIS_TEXT = PALETTE.axisText;
const VOLUME = withAlpha(PALETTE.volume, 0.28);

const MIN_SPAN_MS = 30_000;
/**
 * A chart redraws at most this often. Each redraw re-lays-out the axes
 * (chart.js has no cheaper path), and a line that moves ten times a second
 * reads as live; the watchlist, which carries the exact price, updates every frame.
 */
const MIN_REDRAW_INTERVAL_MS = 100;

interface Point {
  x: number;
  y: number;
}

/** What a chart draws: one symbol's buffered trades. A QuoteModel is one; so is the worker's mirror of it. */
export interface ChartSeries {
  readonly symbol: string;
  /** What change is measured against (the previous close, or the open when unknown); drawn as a dashed line. */
  readonly referencePrice: number | null;
  readonly history: TickHistory;
}

/** The operations every price chart offers, wherever it renders (main thread or worker). */
export interface PriceChart {
  /** Switches symbol and/or window. */
  show(series: ChartSeries | null, window: ChartWindow): void;
  /** New trades arrived for the shown symbol. */
  notify(): void;
  destroy(): void;
}

export interface ChartSurface {
  /** Where the chart renders: the page's canvas, or a worker's OffscreenCanvas (no DOM, no events). */
  canvas: HTMLCanvasElement | OffscreenCanvas;
  timeZone: string;
  /** Called with a text description of what is drawn, whenever it changes (for aria-label). */
  describe(label: string): void;
}

// Dedicated workers have requestAnimationFrame where OffscreenCanvas is supported; a timer stands in elsewhere.
const onNextFrame: (callback: () => void) => number =
  typeof requestAnimationFrame === 'function' ? (callback) => requestAnimationFrame(callback) : (callback) => Number(setTimeout(callback, 16));
const cancelFrame: (handle: number) => void =
  typeof cancelAnimationFrame === 'function' ? (handle) => cancelAnimationFrame(handle) : (handle) => clearTimeout(handle);

/** Draws the previous close as a dashed reference line, when it is in view. */
const previousCloseLine: Plugin<'line'> = {
  id: 'previousClose',
  afterDatasetsDraw(chart) {
    const value = chart.options.plugins?.previousClose?.value;
    const y = chart.scales.y;
    if (value === null || value === undefined || !y || value < y.min || value > y.max) return;
    const { ctx, chartArea } = chart;
    const pixel = y.getPixelForValue(value);
    ctx.save();
    ctx.strokeStyle = withAlpha(PALETTE.reference, 0.45);
    ctx.setLineDash([4, 4]);
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(chartArea.left, pixel);
    ctx.lineTo(chartArea.right, pixel);
    ctx.stroke();
    ctx.restore();
  },
};

/**
 * A streaming price-and-volume chart for one symbol at a time. New trades are
 * appended to the chart's own arrays (never re-parsed: parsing is off), and
 * the chart redraws with update('none') in an animation frame, at most every
 * MIN_REDRAW_INTERVAL_MS. It runs on the page or, given an OffscreenCanvas, in a worker.
 */
export class StreamingPriceChart implements PriceChart {
  private readonly chart: Chart<'line' | 'bar', Point[]>;
  private readonly timeZone: string;
  private points: Point[] = [];
  private buckets: VolumeBucket[] = [];
  private model: ChartSeries | null = null;
  private windowMs: number = CHART_WINDOW_MS['5m'];
  private bucketMs = 5_000;
  private consumed = 0;
  private resets = 0;
  private frame = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastDrawAt = Number.NEGATIVE_INFINITY;
  private label = '';

  constructor(private readonly surface: ChartSurface) {
    this.timeZone = surface.timeZone;
    const zone = tz(surface.timeZone);
    const offscreen = !(typeof HTMLCanvasElement !== 'undefined' && surface.canvas instanceof HTMLCanvasElement);
    // chart.js renders to an OffscreenCanvas (its docs cover it), though its ChartItem type does not say so.
    this.chart = new Chart<'line' | 'bar', Point[]>(surface.canvas as HTMLCanvasElement, {
      data: {
        datasets: [
          {
            type: 'line',
            label: 'Last',
            data: this.points,
            yAxisID: 'y',
            borderColor: UP,
            borderWidth: 1.5,
            pointRadius: 0,
            pointHoverRadius: 3,
            fill: 'start',
            backgroundColor: withAlpha(UP, 0.08),
            tension: 0,
            order: 1,
          },
          {
            type: 'bar',
            label: 'Volume',
            data: this.buckets,
            yAxisID: 'volume',
            backgroundColor: VOLUME,
            barPercentage: 1,
            categoryPercentage: 0.9,
            order: 2,
          },
        ],
      },
      options: {
        animation: false,
        // Offscreen, the owner sizes the canvas and forwards the pointer (see hover()).
        responsive: !offscreen,
        events: offscreen ? [] : undefined,
        parsing: false,
        normalized: true,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        layout: { padding: { top: 8, right: 4 } },
        scales: {
          x: {
            type: 'time',
            adapters: { date: { in: zone } },
            time: {
              tooltipFormat: 'HH:mm:ss.SSS',
              displayFormats: { millisecond: 'HH:mm:ss.SSS', second: 'HH:mm:ss', minute: 'HH:mm', hour: 'HH:mm' },
            },
            grid: { color: GRID },
            border: { color: GRID },
            ticks: { color: AXIS_TEXT, maxRotation: 0, autoSkipPadding: 24, font: { size: 11 } },
            title: { display: true, text: `${zoneLabel(surface.timeZone).place} time (${zoneLabel(surface.timeZone).short})`, color: AXIS_TEXT, font: { size: 11 } },
          },
          y: {
            type: 'linear',
            position: 'right',
            grace: '8%',
            grid: { color: GRID },
            border: { display: false },
            ticks: { color: AXIS_TEXT, font: { size: 11 }, maxTicksLimit: 8 },
          },
          volume: { type: 'linear', position: 'left', display: false, beginAtZero: true },
        },
        plugins: {
          tooltip: {
            backgroundColor: 'rgba(15, 20, 28, 0.95)',
            borderColor: 'rgba(148, 163, 184, 0.25)',
            borderWidth: 1,
            titleFont: { size: 11 },
            bodyFont: { size: 12 },
          },
          previousClose: { value: null },
          // Ten thousand points on a 600-pixel chart: draw each column's min and max, which
          // looks identical to drawing them all and costs a fraction of the path and fill.
          decimation: { enabled: true, algorithm: 'min-max' },
        },
      },
      plugins: [previousCloseLine as Plugin<'line' | 'bar'>],
    });
  }

  /** Switches symbol and/or window: the one place data is rebuilt from the buffer. */
  show(series: ChartSeries | null, window: ChartWindow): void {
    this.model = series;
    this.windowMs = CHART_WINDOW_MS[window];
    this.rebuild();
    this.scheduleDraw();
  }

  /** New trades arrived for the shown symbol. */
  notify(): void {
    this.scheduleDraw();
  }

  destroy(): void {
    cancelFrame(this.frame);
    clearTimeout(this.timer);
    this.chart.destroy();
  }

  /** Offscreen only: the owner reports the canvas's CSS size and pixel ratio. */
  resize(width: number, height: number, devicePixelRatio: number): void {
    this.chart.options.devicePixelRatio = devicePixelRatio;
    this.chart.resize(width, height);
  }

  /** Offscreen only: the pointer moved to (x, y) in CSS pixels, or left the chart (null); shows the tooltip. */
  hover(point: { x: number; y: number } | null): void {
    // A ChartEvent (it has `native`) is taken at its x and y as they are; the type only admits DOM events.
    const event = { type: 'mousemove', x: point?.x ?? 0, y: point?.y ?? 0, native: null } as unknown as Event;
    const elements = point ? this.chart.getElementsAtEventForMode(event, 'nearest', { axis: 'x', intersect: false }, false) : [];
    this.chart.setActiveElements(elements);
    this.chart.tooltip?.setActiveElements(elements, point ?? { x: 0, y: 0 });
    this.chart.update('none');
  }

  private scheduleDraw(): void {
    if (this.frame || this.timer) return;
    const wait = this.lastDrawAt + MIN_REDRAW_INTERVAL_MS - performance.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.scheduleDraw();
      }, wait);
      return;
    }
    this.frame = onNextFrame(() => {
      this.frame = 0;
      this.lastDrawAt = performance.now();
      this.draw();
    });
  }

  private rebuild(): void {
    // Fresh arrays, not emptied ones: chart.js wraps the arrays it is given to
    // follow push/splice, and cannot see a truncation by `length = 0`.
    this.points = [];
    this.buckets = [];
    this.chart.data.datasets[0]!.data = this.points;
    this.chart.data.datasets[1]!.data = this.buckets;
    this.consumed = 0;
    const history = this.model?.history;
    if (!history) return;
    this.resets = history.resets;
    this.bucketMs = bucketWidthFor(this.visibleSpan());
    this.copyPoints(history, 0);
    this.consumed = history.totalAppended;
  }

  private appendNew(): void {
    const history = this.model?.history;
    if (!history) return;
    const fresh = history.totalAppended - this.consumed;
    // Cleared, or lapped by the ring: start over from what it holds.
    if (history.resets !== this.resets || fresh > history.length) return this.rebuild();
    this.copyPoints(history, history.length - fresh);
    this.consumed = history.totalAppended;
    // Keep the chart's copy as bounded as the buffer it mirrors (a break adds a point of its own).
    const excess = this.points.length - history.capacity * 2;
    if (excess > 0) this.points.splice(0, excess);
    while (this.buckets.length > 0 && this.buckets[0]!.x + this.bucketMs < (this.points[0]?.x ?? 0)) this.buckets.shift();
  }

  /** History points from index `from` on, as chart points: a break becomes a NaN point, which chart.js leaves undrawn. */
  private copyPoints(history: TickHistory, from: number): void {
    for (let i = from; i < history.length; i++) {
      const time = history.timeAt(i);
      if (history.breaksBefore(i)) this.points.push({ x: time - 1, y: Number.NaN });
      this.points.push({ x: time, y: history.priceAt(i) });
      addToBuckets(this.buckets, time, history.sizeAt(i), this.bucketMs);
    }
  }

  /** The time span on screen: the window, or less while the buffer is still filling it. */
  private visibleSpan(): number {
    const history = this.model?.history;
    const buffered = history && history.length >= 2 ? history.timeAt(history.length - 1) - history.timeAt(0) : 0;
    return Math.max(10_000, Math.min(this.windowMs, buffered));
  }

  private draw(): void {
    this.appendNew();
    // Volume bars widen as the visible span grows; re-bucketing is rare (a dozen steps in all).
    if (bucketWidthFor(this.visibleSpan()) !== this.bucketMs) this.rebuild();

    const latest = this.points[this.points.length - 1]?.x ?? Date.now();
    const earliest = this.points[0]?.x ?? latest - 60_000;
    // Until the buffer spans the window, fit the data rather than leave most of the chart empty;
    // but never show less than MIN_SPAN_MS, so a first tick or two get a sensible axis.
    const min = Math.min(latest - MIN_SPAN_MS, Math.max(earliest, latest - this.windowMs));
    const x = this.chart.options.scales!.x!;
    x.min = min;
    x.max = latest + this.bucketMs;

    let maxVolume = 0;
    for (let i = this.buckets.length - 1; i >= 0 && this.buckets[i]!.x >= min - this.bucketMs; i--) maxVolume = Math.max(maxVolume, this.buckets[i]!.y);
    this.chart.options.scales!.volume!.max = maxVolume * 5 || 1; // volume keeps to the bottom fifth

    const reference = this.model?.referencePrice ?? null;
    const last = this.points[this.points.length - 1]?.y;
    const up = reference === null || last === undefined || last >= reference;
    const line = this.chart.data.datasets[0] as ChartDataset<'line', Point[]>;
    line.borderColor = up ? UP : DOWN;
    line.backgroundColor = withAlpha(up ? UP : DOWN, 0.08);
    this.chart.options.plugins!.previousClose = { value: reference };

    this.chart.update('none');
    this.describe(min, latest);
  }

  /** Tells assistive technology (and tests) what the chart shows; written only when it changes. */
  private describe(from: number, to: number): void {
    const symbol = this.model?.symbol;
    const label = symbol && this.points.length > 0
      ? `${symbol} price and volume, ${formatClock(from, this.timeZone)} to ${formatClock(to, this.timeZone)} ${zoneLabel(this.timeZone).place} time`
      : 'Price and volume chart, no data yet';
    if (label !== this.label) this.surface.describe((this.label = label));
  }
}
