import { describe, expect, it } from 'vitest';
import { heatmapSizing } from '../../web/src/lib/heatmap-sizing.ts';

describe('heatmap sizing', () => {
  it('is market cap when every symbol has one', () => {
    const sized = heatmapSizing([
      { meta: { symbol: 'IBM', marketCap: 2e11 }, last: 180, volume: 1e6 },
      { meta: { symbol: 'F', marketCap: 5e10 }, last: 14, volume: 4e7 },
    ]);
    expect(sized.basis).toBe('market cap');
    expect(sized.items).toEqual([
      { key: 'IBM', weight: 2e11 },
      { key: 'F', weight: 5e10 },
    ]);
  });

  it('is traded value (last x volume) otherwise, so a $14 stock trading many shares does not dwarf IBM', () => {
    const sized = heatmapSizing([
      { meta: { symbol: 'IBM' }, last: 180, volume: 3e6 },
      { meta: { symbol: 'CHEAP', marketCap: 1e9 }, last: 14, volume: 2e7 },
    ]);
    expect(sized.basis).toBe('traded value');
    expect(sized.items).toEqual([
      { key: 'IBM', weight: 5.4e8 },
      { key: 'CHEAP', weight: 2.8e8 },
    ]);
    // Share volume would have made CHEAP's cell over six times IBM's.
    expect(sized.items[0]!.weight).toBeGreaterThan(sized.items[1]!.weight);
  });

  it('keeps a sliver for a symbol that has not traded, and skips symbols the feed does not know', () => {
    const sized = heatmapSizing([
      { meta: { symbol: 'A' }, last: null, volume: 0 },
      { meta: { symbol: 'B' }, last: 10, volume: 0 },
      { meta: undefined, last: 10, volume: 100 },
    ]);
    expect(sized.items).toEqual([
      { key: 'A', weight: 1 },
      { key: 'B', weight: 1 },
    ]);
  });
});
