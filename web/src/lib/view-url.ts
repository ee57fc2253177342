import { isSymbol, parseSymbolList } from '../../../shared/symbol.ts';

/** What the dashboard keeps in the URL, so a view can be bookmarked and shared. */
export interface ViewState {
  /** Watchlist symbols in display order; null means "not given, use the default". */
  symbols: string[] | null;
  selected: string | null;
  window: ChartWindow;
}

export const CHART_WINDOWS = ['1m', '5m', '15m', 'all'] as const;
export type ChartWindow = (typeof CHART_WINDOWS)[number];

export const CHART_WINDOW_MS: Record<ChartWindow, number> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  all: Number.POSITIVE_INFINITY,
};

/** Bounds the URL: a shared link cannot make the page subscribe to an unbounded list. */
export const MAX_WATCHLIST = 500;

export function readViewState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const rawSymbols = params.get('symbols');
  const symbols = rawSymbols === null ? null : parseSymbolList(rawSymbols, MAX_WATCHLIST);
  const selected = params.get('selected')?.toUpperCase() ?? null;
  const window = params.get('window');
  return {
    symbols,
    selected: selected && isSymbol(selected) ? selected : null,
    window: (CHART_WINDOWS as readonly string[]).includes(window ?? '') ? (window as ChartWindow) : '5m',
  };
}

export function writeViewState(state: ViewState, search: string): string {
  const params = new URLSearchParams(search);
  if (state.symbols) params.set('symbols', state.symbols.join(','));
  else params.delete('symbols');
  if (state.selected) params.set('selected', state.selected);
  else params.delete('selected');
  params.set('window', state.window);
  // Commas are legal in a query string; keep them readable.
  return `?${params.toString().replaceAll('%2C', ',')}`;
}
