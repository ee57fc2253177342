import { describe, expect, it } from 'vitest';
import { MAX_WATCHLIST, readViewState, writeViewState } from '../../web/src/lib/view-url.ts';

describe('view URL', () => {
  it('round-trips the watchlist, selection and bar interval', () => {
    const search = writeViewState({ symbols: ['AAPL', 'BRK.B'], selected: 'AAPL', interval: '15m', range: null }, '?window=all');
    expect(search).toBe('?symbols=AAPL,BRK.B&selected=AAPL&interval=15m');
    expect(readViewState(search)).toEqual({ symbols: ['AAPL', 'BRK.B'], selected: 'AAPL', interval: '15m', range: null });
  });

  it('a range in the URL decides the interval', () => {
    const search = writeViewState({ symbols: ['AAPL'], selected: 'AAPL', interval: '1d', range: '6M' }, '');
    expect(search).toBe('?symbols=AAPL&selected=AAPL&interval=1d&range=6M');
    expect(readViewState('?range=5D&interval=1s')).toMatchObject({ interval: '15m', range: '5D' });
    expect(readViewState('?range=2W&interval=1h')).toMatchObject({ interval: '1h', range: null });
  });

  it('cleans what a hand-edited URL may hold', () => {
    expect(readViewState('?symbols=aapl,,<script>,AAPL,msft&interval=2h&selected=%3Cx%3E')).toEqual({
      symbols: ['AAPL', 'MSFT'],
      selected: null,
      interval: '5m',
      range: null,
    });
    expect(readViewState('').symbols).toBeNull();
    const many = Array.from({ length: 900 }, (_, i) => `S${i}`).join(',');
    expect(readViewState(`?symbols=${many}`).symbols).toHaveLength(MAX_WATCHLIST);
  });
});
