import { describe, expect, it } from 'vitest';
import { isSymbol, parseSymbolList } from '../../shared/symbol.ts';
import { readViewState, writeViewState } from '../../web/src/lib/view-url.ts';

describe('the symbol grammar', () => {
  it('accepts tickers, share classes, crypto pairs, indexes and Yahoo-style codes; refuses the rest', () => {
    for (const good of ['AAPL', 'BRK.B', 'BF-B', 'A', 'BTC-USD', 'BTC/USD', 'ETH-EUR', '^GSPC', 'EURUSD=X', 'ES=F', 'X123456789ABCDEF']) expect(isSymbol(good), good).toBe(true);
    for (const bad of ['', 'aapl', '.A', '/A', '^', '^^A', 'A^', 'A B', 'A,B', 'X123456789ABCDEFG', '<script>', 'A"B', 'A&B']) expect(isSymbol(bad), bad).toBe(false);
  });

  it('survives the round trip through a view URL', () => {
    const search = writeViewState({ symbols: ['^GSPC', 'BTC/USD', 'BRK.B'], selected: 'BTC/USD', interval: '5m', range: null }, '');
    expect(readViewState(search)).toMatchObject({ symbols: ['^GSPC', 'BTC/USD', 'BRK.B'], selected: 'BTC/USD' });
  });

  it('reads a comma-separated list from a URL: normalized, valid, once each, in order, bounded', () => {
    expect(parseSymbolList(' aapl,MSFT,,msft, bad one ,nvda', 10)).toEqual(['AAPL', 'MSFT', 'NVDA']);
    expect(parseSymbolList('A,B,C,D', 2)).toEqual(['A', 'B']);
  });
});
