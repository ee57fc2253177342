import { describe, expect, it } from 'vitest';
import { isSymbol, parseSymbolList } from '../../shared/symbol.ts';

describe('the symbol grammar', () => {
  it('accepts tickers and share classes, refuses the rest', () => {
    for (const good of ['AAPL', 'BRK.B', 'BF-B', 'A', 'X123456789AB']) expect(isSymbol(good), good).toBe(true);
    for (const bad of ['', 'aapl', '.A', 'A B', 'X123456789ABC', 'A/B', '<script>']) expect(isSymbol(bad), bad).toBe(false);
  });

  it('reads a comma-separated list from a URL: normalized, valid, once each, in order, bounded', () => {
    expect(parseSymbolList(' aapl,MSFT,,msft, bad one ,nvda', 10)).toEqual(['AAPL', 'MSFT', 'NVDA']);
    expect(parseSymbolList('A,B,C,D', 2)).toEqual(['A', 'B']);
  });
});
