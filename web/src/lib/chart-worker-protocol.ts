import type { ChartWindow } from './view-url.ts';

/** Trades as parallel columns, transferred (not copied) to the worker; breaks[i] is 1 where the line breaks before point i. */
export interface PointColumns {
  times: Float64Array;
  prices: Float64Array;
  sizes: Float64Array;
  breaks: Uint8Array;
}

/** Page to chart worker. */
export type ToChartWorker =
  | { type: 'init'; canvas: OffscreenCanvas; timeZone: string; width: number; height: number; devicePixelRatio: number }
  | { type: 'resize'; width: number; height: number; devicePixelRatio: number }
  /** A new symbol or window: the whole buffered history, and its ring capacity. */
  | { type: 'show'; series: { symbol: string; referencePrice: number | null; capacity: number; points: PointColumns } | null; window: ChartWindow }
  /** Trades appended since the last show/append, in order. */
  | { type: 'append'; points: PointColumns }
  | { type: 'pointer'; point: { x: number; y: number } | null };

/** Chart worker to page. */
export type FromChartWorker = { type: 'describe'; label: string };
