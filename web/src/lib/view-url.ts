import type { BarInterval } from '../../../shared/bars/bar-interval.ts';
import { isSymbol, parseSymbolList } from '../../../shared/symbol.ts';

/** What the dashboard keeps in the URL, so a view can be bookmarked and shared. */
export interface ViewState {
  /** Watchlist symbols in display order; null means "not given, use the default". */
  symbols: string[] | null;
  selected: string | null;
  interval: ChartInterval;
  /** A range picked with its buttons (it chose the interval too); null when the interval was picked on its own. */
  range: ChartRange | null;
}

/** The bar intervals the chart offers (30m is left out: between 15m and 1h it adds little). */
export const CHART_INTERVALS = ['1s', '1m', '5m', '15m', '1h', '1d'] as const satisfies readonly BarInterval[];
export type ChartInterval = (typeof CHART_INTERVALS)[number];

/** The ranges the chart offers, as Yahoo Finance and TradingView do; each picks the interval that suits it. */
export const CHART_RANGES = ['1D', '5D', '1M', '6M', '1Y', 'All'] as const;
export type ChartRange = (typeof CHART_RANGES)[number];
export const RANGE_INTERVAL: Readonly<Record<ChartRange, ChartInterval>> = { '1D': '5m', '5D': '15m', '1M': '1d', '6M': '1d', '1Y': '1d', All: '1d' };

/** Bounds the URL: a shared link cannot make the page subscribe to an unbounded list. */
export const MAX_WATCHLIST = 500;

export function readViewState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const rawSymbols = params.get('symbols');
  const symbols = rawSymbols === null ? null : parseSymbolList(rawSymbols, MAX_WATCHLIST);
  const selected = params.get('selected')?.toUpperCase() ?? null;
  const interval = params.get('interval');
  const range = params.get('range');
  const knownRange = (CHART_RANGES as readonly string[]).includes(range ?? '') ? (range as ChartRange) : null;
  return {
    symbols,
    selected: selected && isSymbol(selected) ? selected : null,
    interval: knownRange ? RANGE_INTERVAL[knownRange] : (CHART_INTERVALS as readonly string[]).includes(interval ?? '') ? (interval as ChartInterval) : '5m',
    range: knownRange,
  };
}

export function writeViewState(state: ViewState, search: string): string {
  const params = new URLSearchParams(search);
  if (state.symbols) params.set('symbols', state.symbols.join(','));
  else params.delete('symbols');
  if (state.selected) params.set('selected', state.selected);
  else params.delete('selected');
  params.set('interval', state.interval);
  if (state.range) params.set('range', state.range);
  else params.delete('range');
  params.delete('window');
  // Commas are legal in a query string; keep them readable.
  return `?${params.toString().replaceAll('%2C', ',')}`;
}
