import { describe, expect, it } from 'vitest';
import type { QuoteModel } from '../../web/src/lib/quote-model.svelte.ts';
import { nextSort, sortedWatchlist } from '../../web/src/lib/watchlist-sort.ts';

const quotes: Record<string, Partial<QuoteModel>> = {
  AAPL: { last: 230, change: 2, changeRatio: 0.0087, volume: 5e6 },
  MSFT: { last: 420, change: -4, changeRatio: -0.0094, volume: 2e6 },
  KO: { last: 60, change: 2, changeRatio: 0.0333, volume: 9e6 },
  NEW: { last: null, change: null, changeRatio: null, volume: 0 },
};
const quoteOf = (symbol: string) => quotes[symbol] as QuoteModel | undefined;
const list = ['MSFT', 'NEW', 'AAPL', 'KO'];

describe('watchlist sort', () => {
  it('orders by a column, symbols without a value last, ties in the user order', () => {
    expect(sortedWatchlist(list, null, quoteOf)).toEqual(list);
    expect(sortedWatchlist(list, { key: 'changeRatio', descending: true }, quoteOf)).toEqual(['KO', 'AAPL', 'MSFT', 'NEW']);
    expect(sortedWatchlist(list, { key: 'changeRatio', descending: false }, quoteOf)).toEqual(['MSFT', 'AAPL', 'KO', 'NEW']);
    expect(sortedWatchlist(list, { key: 'change', descending: true }, quoteOf)).toEqual(['AAPL', 'KO', 'MSFT', 'NEW']);
    expect(sortedWatchlist(list, { key: 'symbol', descending: false }, quoteOf)).toEqual(['AAPL', 'KO', 'MSFT', 'NEW']);
    expect(sortedWatchlist(list, { key: 'volume', descending: true }, quoteOf)).toEqual(['KO', 'AAPL', 'MSFT', 'NEW']);
  });

  it('a header click cycles: numbers high to low, low to high, then the user order; symbols A to Z first', () => {
    expect(nextSort(null, 'last')).toEqual({ key: 'last', descending: true });
    expect(nextSort({ key: 'last', descending: true }, 'last')).toEqual({ key: 'last', descending: false });
    expect(nextSort({ key: 'last', descending: false }, 'last')).toBeNull();
    expect(nextSort({ key: 'last', descending: false }, 'symbol')).toEqual({ key: 'symbol', descending: false });
  });
});
