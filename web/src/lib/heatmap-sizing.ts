import type { SymbolMeta } from '../../../shared/protocol.ts';
import type { TreemapItem } from './treemap.ts';

export type HeatmapBasis = 'market cap' | 'traded value';

/** What a heatmap cell's area needs to know of its symbol. */
export interface HeatmapSizingInput {
  meta: Pick<SymbolMeta, 'symbol' | 'marketCap'> | undefined;
  last: number | null;
  /** Shares traded in the regular session. */
  volume: number;
}

/**
 * What a heatmap's areas measure, and each symbol's weight. Market cap when
 * the feed knows it for every symbol (a mix would compare a company's worth
 * with a day's trading). Otherwise the session's traded value, approximated
 * as last x volume: the quote carries no sum of price x size (a snapshot
 * after a reconnect has only the volume), and last x volume is within a few
 * per cent of it over a day, which a treemap's areas cannot show anyway.
 * Either way a $14 stock trading many shares does not dwarf a $200 one, as
 * share volume made it. A symbol with nothing traded yet keeps a sliver
 * (weight 1), so it still has a cell.
 */
export function heatmapSizing(symbols: readonly HeatmapSizingInput[]): { basis: HeatmapBasis; items: TreemapItem[] } {
  const byCap = symbols.length > 0 && symbols.every((s) => s.meta?.marketCap !== undefined);
  const items: TreemapItem[] = [];
  for (const { meta, last, volume } of symbols) {
    if (!meta) continue;
    const weight = byCap ? meta.marketCap! : last === null ? 0 : last * volume;
    items.push({ key: meta.symbol, weight: Math.max(1, weight) });
  }
  return { basis: byCap ? 'market cap' : 'traded value', items };
}
