/**
 * Messages between the page and the bar-chart worker. Bars travel as
 * Float64Array columns (NaN where the feed has null) whose buffers are
 * transferred, not copied: a 10,000-bar history moves as seven buffers.
 */
import type { ChartView } from './bar-chart.ts';
import type { ChartBars } from './bar-store.ts';

/** ChartBars as typed columns; NaN stands for a missing price. */
export interface PackedBars {
  time: Float64Array<ArrayBuffer>;
  open: Float64Array<ArrayBuffer>;
  high: Float64Array<ArrayBuffer>;
  low: Float64Array<ArrayBuffer>;
  close: Float64Array<ArrayBuffer>;
  volume: Float64Array<ArrayBuffer>;
  vwap: Float64Array<ArrayBuffer>;
}

export interface CanvasSize {
  /** CSS pixels. */
  width: number;
  height: number;
  devicePixelRatio: number;
}

/** Page to chart worker. */
export type ToBarChartWorker =
  | ({ type: 'init'; canvas: OffscreenCanvas } & CanvasSize)
  | ({ type: 'resize' } & CanvasSize)
  /** Replaces everything drawn. */
  | { type: 'show'; view: ChartView; bars: PackedBars }
  /** Bars from `from` on become `tail`. */
  | { type: 'update'; from: number; tail: PackedBars }
  | { type: 'pointer'; point: { x: number; y: number } | null }
  | { type: 'destroy' };

/** Chart worker to page. */
export type FromBarChartWorker = { type: 'describe'; label: string };

const COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume', 'vwap'] as const;

/** Bars as typed columns (null becomes NaN), for posting with packedTransferables. */
export function packBars(bars: ChartBars): PackedBars {
  const column = (values: ArrayLike<number | null>) => {
    const packed = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) packed[i] = values[i] ?? Number.NaN;
    return packed;
  };
  return {
    time: column(bars.time),
    open: column(bars.open),
    high: column(bars.high),
    low: column(bars.low),
    close: column(bars.close),
    volume: column(bars.volume),
    vwap: column(bars.vwap),
  };
}

/** The buffers to transfer with a message carrying these bars (they are unusable on the page afterwards). */
export function packedTransferables(bars: PackedBars): ArrayBuffer[] {
  return COLUMNS.map((name) => bars[name].buffer);
}
