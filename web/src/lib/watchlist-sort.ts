import type { QuoteModel } from './quote-model.svelte.ts';

/** The columns the watchlist sorts by. */
export const SORT_KEYS = ['symbol', 'last', 'change', 'changeRatio', 'volume'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface WatchlistSort {
  key: SortKey;
  descending: boolean;
}

/**
 * The watchlist in display order: as the user arranged it (no sort), or by
 * a column. Symbols without a value (no trade yet) go last either way, and
 * ties keep the user's order, so rows do not jump among equals.
 */
export function sortedWatchlist(symbols: readonly string[], sort: WatchlistSort | null, quoteOf: (symbol: string) => QuoteModel | undefined): string[] {
  if (!sort) return [...symbols];
  const value = (symbol: string): string | number | null => {
    if (sort.key === 'symbol') return symbol;
    const quote = quoteOf(symbol);
    if (!quote) return null;
    return sort.key === 'last' ? quote.last : sort.key === 'change' ? quote.change : sort.key === 'changeRatio' ? quote.changeRatio : quote.volume;
  };
  const direction = sort.descending ? -1 : 1;
  return symbols
    .map((symbol, index) => ({ symbol, index, value: value(symbol) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) return a.value === b.value ? a.index - b.index : a.value === null ? 1 : -1;
      const order = typeof a.value === 'string' ? a.value.localeCompare(b.value as string) : a.value - (b.value as number);
      return order * direction || a.index - b.index;
    })
    .map((entry) => entry.symbol);
}

/** Clicking a header: sort by it (numbers high to low first), then flip, then back to the user's order. */
export function nextSort(current: WatchlistSort | null, key: SortKey): WatchlistSort | null {
  const firstDescending = key !== 'symbol';
  if (!current || current.key !== key) return { key, descending: firstDescending };
  if (current.descending === firstDescending) return { key, descending: !firstDescending };
  return null;
}
