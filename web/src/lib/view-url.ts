import type { BarInterval } from '../../../shared/bars/bar-interval.ts';
import { isSymbol, parseSymbolList } from '../../../shared/symbol.ts';

/** What the dashboard keeps in the URL, so a view can be bookmarked and shared. */
export interface ViewState {
  /** Watchlist symbols in display order; null means "not given, use the default". */
  symbols: string[] | null;
  selected: string | null;
  interval: ChartInterval;
}

/** The bar intervals the chart offers (30m is left out: between 15m and 1h it adds little). */
export const CHART_INTERVALS = ['1s', '1m', '5m', '15m', '1h', '1d'] as const satisfies readonly BarInterval[];
export type ChartInterval = (typeof CHART_INTERVALS)[number];

/** Bounds the URL: a shared link cannot make the page subscribe to an unbounded list. */
export const MAX_WATCHLIST = 500;

export function readViewState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const rawSymbols = params.get('symbols');
  const symbols = rawSymbols === null ? null : parseSymbolList(rawSymbols, MAX_WATCHLIST);
  const selected = params.get('selected')?.toUpperCase() ?? null;
  const interval = params.get('interval');
  return {
    symbols,
    selected: selected && isSymbol(selected) ? selected : null,
    interval: (CHART_INTERVALS as readonly string[]).includes(interval ?? '') ? (interval as ChartInterval) : '5m',
  };
}

export function writeViewState(state: ViewState, search: string): string {
  const params = new URLSearchParams(search);
  if (state.symbols) params.set('symbols', state.symbols.join(','));
  else params.delete('symbols');
  if (state.selected) params.set('selected', state.selected);
  else params.delete('selected');
  params.set('interval', state.interval);
  params.delete('window');
  // Commas are legal in a query string; keep them readable.
  return `?${params.toString().replaceAll('%2C', ',')}`;
}
