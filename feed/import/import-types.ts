import type { BarColumns, SymbolMeta, Tick } from '../../shared/protocol.ts';

/** One row turned into what the merge needs: a trade, or a change of the best bid and ask ("bidask"; Lean calls these quote files). */
export type MarketEvent =
  | { kind: 'trade'; time: number; symbol: string; price: number; size: number; volumeOnly?: true }
  | { kind: 'bidask'; time: number; symbol: string; bid: number | null; ask: number | null };

/** The events of one input file, in time order, and what was left out of it. */
export interface ParsedFile {
  name: string;
  rows: number;
  skipped: number;
  flagged: number;
  /** Prints left out for their sale conditions (official open/close records, crosses, repeated auction fills). */
  conditioned: number;
  events: MarketEvent[];
  /** With --skip-bad: rows skipped, by reason. */
  skippedBy?: Record<string, number>;
  /** The most decimals each symbol's prices are written with: its tick size is 10^-decimals (at least 2). */
  priceDecimals?: Record<string, number>;
  /** Local times in a repeated (fall-back) hour, taken as their first occurrence. */
  ambiguousTimes?: number;
}

export interface ImportedData {
  ticks: Tick[];
  symbols: SymbolMeta[];
  files: ParsedFile[];
  notes: string[];
  /** Daily bars from before the data, by symbol (a recording's daily lines). */
  daily: ReadonlyMap<string, BarColumns>;
}

/** A malformed input row; with --skip-bad these are counted instead. */
export class ImportError extends Error {
  override readonly name = 'ImportError';
}

/** A row's reason as the heading of a --skip-bad count: its first clause, numbers as N ("price is above N", "column N is not a number"). */
export function reasonHeading(reason: string): string {
  return reason.split(/[;(]|: /)[0]!.replace(/\d+(\.\d+)?(e[+-]?\d+)?/gi, 'N').trim();
}
