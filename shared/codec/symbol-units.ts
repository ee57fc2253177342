import { instrumentOf } from '../instrument.ts';
import type { SymbolMeta } from '../protocol.ts';

/** Integers beyond this travel as raw float64: every varint stays exact (below 2^53) and small. */
export const MAX_UNITS = 2 ** 44;

/** A symbol's grid, as the binary codecs count in it: prices in ticks, sizes in lots. */
export interface SymbolUnits {
  symbol: string;
  /** 1 / tickSize and 1 / lotSize as integers, so units / perUnit is the nearest double to the decimal value. */
  ticksPerUnit: number;
  lotsPerUnit: number;
  /** What a symbol's first price in a frame is a delta from: its previous close in ticks, or 0. */
  referenceTicks: number;
}

/** The units of every symbol, in hello order (a symbol's binary id is its index), and the ids by symbol. */
export function symbolUnits(symbols: readonly SymbolMeta[]): { units: SymbolUnits[]; ids: Map<string, number> } {
  const ids = new Map<string, number>();
  const units = symbols.map((meta, id) => {
    ids.set(meta.symbol, id);
    const instrument = instrumentOf(meta);
    const ticksPerUnit = Math.round(1 / instrument.tickSize);
    const reference = meta.prevClose === null ? 0 : Math.round(meta.prevClose * ticksPerUnit);
    return { symbol: meta.symbol, ticksPerUnit, lotsPerUnit: Math.round(1 / instrument.lotSize), referenceTicks: Math.abs(reference) <= MAX_UNITS ? reference : 0 };
  });
  return { units, ids };
}

/** The value as a whole number of units if that is exact (and safe), else null: it must travel raw. */
export function exactUnits(value: number, perUnit: number): number | null {
  const units = Math.round(value * perUnit);
  return Math.abs(units) <= MAX_UNITS && units / perUnit === value ? units : null;
}
