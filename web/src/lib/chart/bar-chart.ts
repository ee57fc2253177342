/**
 * An OHLCV bar chart for one symbol: candles, OHLC bars or a close line over
 * a volume pane, with session VWAP / SMA / EMA overlays, pre- and post-market
 * shading, a reference line, price-alert lines, and a crosshair with a
 * readout. Usable on the page or, given an OffscreenCanvas, in a worker (see
 * bar-chart.worker.ts).
 *
 * The x axis is by bar index, not time: bars exist only where there were
 * prints, and nights, weekends and quiet spells take no room; day separators
 * and the labels (see time-axis.ts) say where time jumps.
 *
 * Cost: show() builds everything once; update() touches only the replaced
 * tail (the bar columns, the per-bar timeline, the overlays, the prefix
 * extremes that give the y range, and the chart points, changed in place or
 * pushed), then asks for a redraw, which chart.js does at most every
 * MIN_UPDATE_INTERVAL_MS in an animation frame.
 */
import {
  BarController,
  BarElement,
  Chart,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  type ChartComponent,
  type Plugin,
  type Scale,
} from 'chart.js';
import { CandlestickController, CandlestickElement, OhlcController, OhlcElement } from 'chartjs-chart-financial';
import type { BarInterval } from '../../../../shared/bars/bar-interval.ts';
import type { CalendarId } from '../../../../shared/market-calendar.ts';
import { formatVolume } from '../format.ts';
import { withAlpha } from '../palette.ts';
import { alertLines } from './alert-lines.ts';
import { BarStore, type ChartBars } from './bar-store.ts';
import { BarTimeline } from './bar-timeline.ts';
import { crosshair, READOUT_LINE_HEIGHT } from './crosshair.ts';
import {
  candleDataset,
  closeLineDataset,
  overlayDataset,
  syncCandles,
  syncPoints,
  type BarChartDataset,
  type Candle,
  type DatasetKind,
  type Datum,
  type Point,
} from './datasets.ts';
import { emptyState } from './empty-state.ts';
import { ExponentialMovingAverage, SessionVwap, SimpleMovingAverage } from './indicators.ts';
import { priceText } from './price-format.ts';
import { readoutLines, type ReadoutOverlay } from './readout.ts';
import { RedrawScheduler } from './redraw-scheduler.ts';
import { referenceLine } from './reference-line.ts';
import { RunningExtent } from './running-extent.ts';
import { sessionBands } from './session-bands.ts';
import { volumeBars } from './volume-pane.ts';
import { CHART_THEME, useChartTheme } from './theme.ts';
import type { Theme } from '../display-prefs.ts';
import { setDisplayLocale } from '../locale.ts';
import { chooseTicks } from './time-axis.ts';
import { axisLabel, barTimeLabel, intervalName, spanLabel } from './time-labels.ts';

export type { ChartBars } from './bar-store.ts';

export type ChartStyle = 'candles' | 'ohlc' | 'line';

/** Overlay periods are in bars, e.g. 20; null for off. */
export interface ChartOverlays {
  vwap: boolean;
  sma: number | null;
  ema: number | null;
}

export interface ChartView {
  symbol: string;
  interval: BarInterval;
  style: ChartStyle;
  overlays: ChartOverlays;
  /** A dashed horizontal line, and what the close line's colour (up/down) is measured against. */
  reference: { price: number; kind: 'prev close' | 'open' } | null;
  /** Price levels of the symbol's waiting alerts: a dashed line each (see alert-lines.ts). */
  alerts: number[];
  calendar: CalendarId;
  /** IANA zone for axis labels and the readout, e.g. 'America/New_York'. */
  timeZone: string;
  priceDecimals: number;
  /** The page's theme and locale, carried with the view so a chart in a worker draws and writes as the page does. */
  theme: Theme;
  locale: string;
}

/** The parts of a chart.js scale's options that carry the theme's colours. */
interface ScaleColours {
  grid: { color: string };
  ticks: { color: string };
  border: { color: string };
}

export interface ChartSurface {
  /** Where the chart renders: the page's canvas, or a worker's OffscreenCanvas (no DOM, no events). */
  canvas: HTMLCanvasElement | OffscreenCanvas;
  /** Called with a text description of what is drawn, whenever it changes (for aria-label). */
  describe(label: string): void;
}

/** What every bar chart offers, wherever it renders (BarChart here, OffscreenBarChart in a worker). */
export type BarChartHandle = Pick<BarChart, 'show' | 'update' | 'resize' | 'hover' | 'destroy'>;

// The financial typings declare these as DOM Elements (a slip in its index.d.ts); they are chart.js components.
Chart.register(
  LineController,
  LineElement,
  PointElement,
  BarController,
  BarElement,
  LinearScale,
  Filler,
  CandlestickController,
  OhlcController,
  CandlestickElement as unknown as ChartComponent,
  OhlcElement as unknown as ChartComponent,
);

/** See the module comment: a live bar redraws ten times a second at most. */
const MIN_UPDATE_INTERVAL_MS = 100;
/** Labels on the time axis are at least this far apart. */
const MIN_LABEL_SPACING_PX = 58;
/** The price axis keeps its width as prices change digits, so the plot does not jitter. */
const MIN_AXIS_WIDTH_PX = 58;
/** The volume pane's share of the height (price: 4, volume: 1). */
const PRICE_WEIGHT = 4;
const VOLUME_WEIGHT = 1;
/** Empty space right of the last bar, as a share of the bars, so the live bar is not against the axis. */
const RIGHT_MARGIN = 0.015;
/** The time axis's height, for sizing the panes before chart.js has laid them out. */
const ESTIMATED_TIME_AXIS_PX = 26;
/** Space below the lowest low, as a share of the price pane. */
const BOTTOM_GRACE = 0.05;

/** The room kept at the top of the price pane for the readout's lines (a second one names the overlays). */
function readoutHeight(shown: Shown): number {
  return 6 + READOUT_LINE_HEIGHT * (shown.overlays.length > 0 ? 2 : 1);
}

interface LineSeries {
  points: Point[];
  y(index: number): number | null;
}

interface Overlay extends ReadoutOverlay {
  update(from: number): void;
  value(index: number): number;
}

/** What is drawn: the view, and everything derived per bar from the bars given. */
interface Shown {
  view: ChartView;
  store: BarStore;
  timeline: BarTimeline;
  overlays: Overlay[];
  prices: RunningExtent;
  volumes: RunningExtent;
  candles: Candle[];
  lines: LineSeries[];
}

export class BarChart {
  private readonly chart: Chart<DatasetKind, Datum[]>;
  private readonly redraw: RedrawScheduler;
  private shown: Shown | null = null;
  private pointer: { x: number; y: number } | null = null;
  private label = '';
  private destroyed = false;
  /** The theme the chart's colours are in (CHART_THEME starts dark). */
  private theme: Theme = 'dark';

  constructor(private readonly surface: ChartSurface) {
    const offscreen = !(typeof HTMLCanvasElement !== 'undefined' && surface.canvas instanceof HTMLCanvasElement);
    this.redraw = new RedrawScheduler(
      MIN_UPDATE_INTERVAL_MS,
      () => this.draw(),
      () => this.chart.render(),
    );
    // chart.js renders to an OffscreenCanvas (its docs cover it), though its ChartItem type does not say so.
    this.chart = new Chart<DatasetKind, Datum[]>(surface.canvas as HTMLCanvasElement, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        // Offscreen, the owner sizes the canvas; on either thread the owner forwards the pointer (see hover()).
        responsive: !offscreen,
        maintainAspectRatio: false,
        events: [],
        parsing: false,
        normalized: true,
        layout: { padding: { top: 4, right: 2, left: 6 } },
        plugins: { legend: { display: false }, tooltip: { enabled: false } },
        scales: {
          // Hidden until there are bars (see applyEmptyScales).
          x: {
            type: 'linear',
            display: false,
            grid: { color: CHART_THEME.grid },
            border: { color: CHART_THEME.grid },
            ticks: {
              autoSkip: false,
              maxRotation: 0,
              color: CHART_THEME.axisText,
              font: { size: CHART_THEME.axisFontSize },
              callback: (value) => this.axisLabelAt(Number(value)),
            },
            afterBuildTicks: (scale) => {
              scale.ticks = this.timeTicks(scale);
            },
          },
          y: {
            type: 'linear',
            position: 'right',
            display: false,
            stack: 'panes',
            stackWeight: PRICE_WEIGHT,
            grid: { color: CHART_THEME.grid },
            border: { display: false },
            ticks: {
              color: CHART_THEME.axisText,
              font: { size: CHART_THEME.axisFontSize },
              maxTicksLimit: 10,
              // The range is the bars' own (with grace), not a round number: label only round values inside it.
              includeBounds: false,
              callback: (value) => priceText(Number(value), this.shown?.view.priceDecimals ?? 2),
            },
            afterFit: (scale) => {
              scale.width = Math.max(scale.width, MIN_AXIS_WIDTH_PX);
            },
          },
          volume: {
            type: 'linear',
            position: 'right',
            display: false,
            stack: 'panes',
            stackWeight: VOLUME_WEIGHT,
            min: 0,
            grid: { display: false },
            border: { display: false },
            // Unlabelled, as in most trading apps: the readout and the crosshair give the number, and a
            // label at the pane's top would collide with the price axis's lowest one.
            ticks: { display: false },
          },
        },
      },
      plugins: [
        this.barWidths(),
        sessionBands(() => this.shown?.timeline ?? null),
        volumeBars(() => this.shown?.store ?? null),
        referenceLine(() => {
          const view = this.shown?.view;
          return view?.reference && this.barCount() > 0 ? { ...view.reference, decimals: view.priceDecimals } : null;
        }),
        alertLines(() => {
          const shown = this.shown;
          return shown && this.barCount() > 0 ? { prices: shown.view.alerts, decimals: shown.view.priceDecimals, topInset: readoutHeight(shown) } : null;
        }),
        crosshair({
          pointer: () => this.pointer,
          barCount: () => this.barCount(),
          readout: (index) => (this.shown ? readoutLines({ ...this.shown.view, ...this.shown }, index) : []),
          priceLabel: (value) => priceText(value, this.shown?.view.priceDecimals ?? 2),
          // Not rounded to whole units: a crypto pane of fractional volumes would read 0 all the way up.
          volumeLabel: (value) => formatVolume(Math.max(0, value)),
          timeLabel: (index) => (this.shown ? barTimeLabel(this.shown.timeline, index) : ''),
        }),
        emptyState(() => (this.barCount() > 0 ? null : this.shown ? `No trades yet for ${this.shown.view.symbol}` : 'No symbol chosen')),
      ] as Plugin<DatasetKind>[],
    });
  }

  /** Replaces everything drawn: a new symbol, interval, style or overlay set, with its bars (oldest first). */
  show(view: ChartView, bars: ChartBars): void {
    if (this.destroyed) return;
    setDisplayLocale(view.locale);
    if (view.theme !== this.theme) this.useTheme(view.theme);
    const store = new BarStore();
    const timeline = new BarTimeline(view.interval, view.calendar, view.timeZone);
    const shown: Shown = {
      view,
      store,
      timeline,
      overlays: [],
      prices: new RunningExtent(),
      volumes: new RunningExtent(),
      candles: [],
      lines: [],
    };
    // Fresh arrays, not emptied ones: chart.js wraps the arrays it is given to
    // follow push/splice, and starts over when it is handed new ones.
    const datasets: BarChartDataset[] = [];
    if (view.style === 'line') {
      const closes: Point[] = [];
      datasets.push(closeLineDataset(closes));
      shown.lines.push({ points: closes, y: (i) => store.close[i]! });
    } else {
      datasets.push(candleDataset(view.style, shown.candles));
    }
    for (const overlay of this.overlaysFor(view, store, timeline)) {
      shown.overlays.push(overlay.overlay);
      datasets.push(...overlay.datasets);
      shown.lines.push(...overlay.lines);
    }
    this.shown = shown;
    this.ingest(shown, 0, bars);
    this.chart.data.datasets = datasets;
    this.redraw.requestUpdate();
  }

  /** chart.js keeps the scales' colours in its options; everything else reads CHART_THEME as it draws. */
  private useTheme(theme: Theme): void {
    this.theme = theme;
    useChartTheme(theme);
    const { x, y } = this.chart.options.scales as { x: ScaleColours; y: ScaleColours };
    for (const scale of [x, y]) {
      scale.grid.color = CHART_THEME.grid;
      scale.ticks.color = CHART_THEME.axisText;
    }
    x.border.color = CHART_THEME.grid;
  }

  /** Bars from `from` on (from <= the current count) become `tail`: the live bar changed, or bars were appended. */
  update(from: number, tail: ChartBars): void {
    if (this.destroyed || !this.shown) return;
    this.ingest(this.shown, from, tail);
    this.redraw.requestUpdate();
  }

  /** Offscreen: the owner reports the canvas's CSS size and pixel ratio. */
  resize(width: number, height: number, devicePixelRatio: number): void {
    if (this.destroyed) return;
    this.chart.options.devicePixelRatio = devicePixelRatio;
    this.chart.resize(width, height);
  }

  /** The pointer is at (x, y) in CSS pixels of the canvas, or has left it (null). */
  hover(point: { x: number; y: number } | null): void {
    if (this.destroyed) return;
    if (point?.x === this.pointer?.x && point?.y === this.pointer?.y) return;
    this.pointer = point ? { x: point.x, y: point.y } : null;
    this.redraw.requestRender();
  }

  destroy(): void {
    this.destroyed = true;
    this.redraw.cancel();
    this.chart.destroy();
  }

  private barCount(): number {
    return this.shown?.store.length ?? 0;
  }

  /** Everything per bar, from bar `from` on: the tail, and only the tail. */
  private ingest(shown: Shown, from: number, tail: ChartBars): void {
    const { store, timeline, view } = shown;
    store.replace(from, tail);
    const count = store.length;
    timeline.replace(from, store.time.subarray(from, count));
    for (const overlay of shown.overlays) overlay.update(from);

    shown.prices.truncate(from);
    shown.volumes.truncate(from);
    const line = view.style === 'line';
    for (let i = from; i < count; i++) {
      let low = line ? store.close[i]! : store.low[i]!;
      let high = line ? store.close[i]! : store.high[i]!;
      for (const overlay of shown.overlays) {
        const value = overlay.value(i);
        // NaN (no value yet) fails both comparisons and changes nothing.
        if (value < low || Number.isNaN(low)) low = value;
        if (value > high || Number.isNaN(high)) high = value;
      }
      shown.prices.push(low, high);
      shown.volumes.push(0, store.volume[i]!);
    }

    syncCandles(shown.candles, from, count, (i, candle) => {
      candle.o = store.open[i]!;
      candle.h = store.high[i]!;
      candle.l = store.low[i]!;
      candle.c = store.close[i]!;
    });
    for (const series of shown.lines) syncPoints(series.points, from, count, series.y);
  }

  /** The overlays a view asks for, each with its dataset(s) and point series. VWAP is per session: not on daily bars. */
  private overlaysFor(view: ChartView, store: BarStore, timeline: BarTimeline): { overlay: Overlay; datasets: BarChartDataset[]; lines: LineSeries[] }[] {
    const result: { overlay: Overlay; datasets: BarChartDataset[]; lines: LineSeries[] }[] = [];
    const tail = (column: Float64Array, from: number) => column.subarray(from, store.length);
    if (view.overlays.vwap && timeline.intraday) {
      const vwap = new SessionVwap();
      // Two datasets taking alternate sessions: the line breaks where VWAP restarts rather than joining one day to the next.
      const even: Point[] = [];
      const odd: Point[] = [];
      const inSession = (parity: number) => (i: number) => (timeline.sessionOf(i) % 2 === parity ? vwap.rawAt(i) : Number.NaN);
      result.push({
        overlay: {
          name: 'VWAP',
          color: CHART_THEME.vwap,
          series: vwap,
          value: (i) => vwap.rawAt(i),
          update: (from) => {
            const starts = new Uint8Array(store.length - from);
            for (let k = 0; k < starts.length; k++) starts[k] = timeline.startsDay(from + k) ? 1 : 0;
            vwap.replace(from, tail(store.vwap, from), tail(store.volume, from), starts);
          },
        },
        datasets: [overlayDataset('VWAP', even, CHART_THEME.vwap, false), overlayDataset('VWAP', odd, CHART_THEME.vwap, false)],
        lines: [
          { points: even, y: inSession(0) },
          { points: odd, y: inSession(1) },
        ],
      });
    }
    for (const [kind, period, color] of [
      ['SMA', view.overlays.sma, CHART_THEME.sma],
      ['EMA', view.overlays.ema, CHART_THEME.ema],
    ] as const) {
      if (period === null) continue;
      const average = kind === 'SMA' ? new SimpleMovingAverage(period) : new ExponentialMovingAverage(period);
      const points: Point[] = [];
      result.push({
        overlay: {
          name: `${kind} ${period}`,
          color,
          series: average,
          value: (i) => average.rawAt(i),
          update: (from) => average.replace(from, tail(store.close, from)),
        },
        // A bar without a close has no average; the line carries on past it.
        datasets: [overlayDataset(`${kind} ${period}`, points, color, true)],
        lines: [{ points, y: (i) => average.rawAt(i) }],
      });
    }
    return result;
  }

  /** A full redraw: ranges, colours and scales from what is shown, then chart.js's update. */
  private draw(): void {
    const shown = this.shown;
    const count = this.barCount();
    this.applyEmptyScales(!shown || count === 0);
    if (shown && count > 0) {
      const scales = this.chart.options.scales!;
      scales.x!.min = -0.5;
      scales.x!.max = count - 0.5 + Math.max(1, Math.round(count * RIGHT_MARGIN));
      const [min, max] = this.priceRange(shown);
      scales.y!.min = min;
      scales.y!.max = max;
      (scales.y as { ticks: { precision?: number } }).ticks.precision = shown.view.priceDecimals;
      // Headroom above the tallest volume bar keeps it off the pane divider.
      scales.volume!.max = shown.volumes.high * 1.15 || 1;
      this.colourCloseLine(shown);
    }
    this.chart.update('none');
    this.describe();
  }

  /**
   * The y range: the bars' lows and highs (closes for a line) and the
   * overlays, plus room at the top for the readout and a little below.
   */
  private priceRange(shown: Shown): [number, number] {
    let low = shown.prices.low;
    let high = shown.prices.high;
    if (!Number.isFinite(low) || !Number.isFinite(high)) low = high = shown.view.reference?.price ?? 1; // only volume-only bars
    const span = high - low || Math.max(Math.abs(high) * 0.002, 4 * 10 ** -shown.view.priceDecimals);
    // The pane's height from the last layout (first draw: an estimate); it changes only with the canvas.
    const paneHeight = this.chart.scales.y?.height || ((this.chart.height - ESTIMATED_TIME_AXIS_PX) * PRICE_WEIGHT) / (PRICE_WEIGHT + VOLUME_WEIGHT);
    const readout = readoutHeight(shown);
    const bottom = paneHeight * BOTTOM_GRACE;
    const perPixel = span / Math.max(paneHeight - readout - bottom, paneHeight * 0.4, 1);
    return [low - bottom * perPixel, high + readout * perPixel];
  }

  /** The close line is green at or above the reference (or its first close, without one), red below. */
  private colourCloseLine(shown: Shown): void {
    if (shown.view.style !== 'line') return;
    const { store } = shown;
    const last = store.lastPriced();
    const first = store.firstPriced();
    const basis = shown.view.reference?.price ?? (first >= 0 ? store.close[first]! : Number.NaN);
    const up = last < 0 || Number.isNaN(basis) || store.close[last]! >= basis;
    const colour = up ? CHART_THEME.up : CHART_THEME.down;
    const dataset = this.chart.data.datasets.find((d) => d.label === 'close') as { borderColor?: unknown; backgroundColor?: unknown } | undefined;
    if (!dataset) return;
    dataset.borderColor = colour;
    dataset.backgroundColor = withAlpha(colour, CHART_THEME.lineFillAlpha);
  }

  /** With no bars the scales would show an invented range: hide them, and the empty-state text says why. */
  private applyEmptyScales(empty: boolean): void {
    const scales = this.chart.options.scales!;
    for (const id of ['x', 'y', 'volume'] as const) scales[id]!.display = !empty;
  }

  private timeTicks(scale: Scale): { value: number }[] {
    const timeline = this.shown?.timeline;
    if (!timeline) return [];
    return chooseTicks(timeline.weights, timeline.length, { min: scale.min, max: scale.max, width: scale.width }, MIN_LABEL_SPACING_PX).map((value) => ({ value }));
  }

  private axisLabelAt(index: number): string {
    const timeline = this.shown?.timeline;
    return timeline && Number.isInteger(index) && index >= 0 && index < timeline.length ? axisLabel(timeline, index) : '';
  }

  /**
   * Sizes candles from the spacing of bars on the laid-out axis. Given a thickness, chart.js also skips measuring the smallest gap
   * between bars (a sort of every x on every update).
   */
  private barWidths(): Plugin<DatasetKind> {
    let ohlcLineWidth = 1;
    return {
      id: 'barWidths',
      afterLayout: (chart) => {
        const x = chart.scales.x;
        const count = this.barCount();
        if (!x || count === 0) return;
        const spacing = x.width / (x.max - x.min);
        const candle = spacing >= 3 ? Math.max(1, Math.floor(spacing * 0.7)) : 1;
        const ohlc = Math.max(1, spacing * 0.9);
        for (const dataset of chart.data.datasets) {
          const thickness = dataset.type === 'candlestick' ? candle : dataset.type === 'ohlc' ? ohlc : null;
          if (thickness !== null) (dataset as { barThickness?: number }).barThickness = thickness;
        }
        ohlcLineWidth = spacing >= 7 ? 1.5 : 1;
      },
      beforeDatasetsDraw: () => {
        // The OHLC element reads its line width from the global default, not from its options
        // (chartjs-chart-financial 0.2.1): set it just before this chart draws, for this chart.
        const ohlcDefaults = (Chart.defaults.elements as unknown as { ohlc?: { lineWidth: number } }).ohlc;
        if (ohlcDefaults) ohlcDefaults.lineWidth = ohlcLineWidth;
      },
    };
  }

  /** Tells assistive technology (and tests) what the chart shows; written only when it changes. */
  private describe(): void {
    const shown = this.shown;
    const count = this.barCount();
    let label: string;
    if (!shown) label = 'Bar chart, nothing shown';
    else if (count === 0) label = `${shown.view.symbol} chart, no trades yet`;
    else {
      const { view, store, timeline } = shown;
      const style = view.style === 'candles' ? 'candles' : view.style === 'ohlc' ? 'OHLC bars' : 'line';
      const last = store.lastPriced();
      const lastText = last >= 0 ? `, last ${priceText(store.close[last]!, view.priceDecimals)}` : '';
      const alertText = view.alerts.length > 0 ? `, alert lines at ${view.alerts.map((price) => priceText(price, view.priceDecimals)).join(', ')}` : '';
      label = `${view.symbol} ${intervalName(view.interval)} ${style}, ${spanLabel(timeline, 0, count - 1)}${lastText}${alertText}`;
    }
    if (label !== this.label) this.surface.describe((this.label = label));
  }
}
