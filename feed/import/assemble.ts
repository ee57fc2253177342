import { US_EQUITY_DEFAULTS } from '../../shared/instrument.ts';
import type { BarColumns, SymbolMeta, Tick } from '../../shared/protocol.ts';
import { DEFAULT_UNIVERSE } from '../universe.ts';
import type { ImportedData, MarketEvent, ParsedFile } from './import-types.ts';
import { Batcher, eventOrder, TickAssembler, type ImportBatch } from './tick-stream.ts';

const KNOWN: Record<string, { name: string; sector: string }> = {
  SPY: { name: 'SPDR S&P 500 ETF Trust', sector: 'ETF' },
  QQQ: { name: 'Invesco QQQ Trust', sector: 'ETF' },
  IBM: { name: 'International Business Machines', sector: 'Technology' },
  AIG: { name: 'American International Group', sector: 'Financials' },
  ...Object.fromEntries(DEFAULT_UNIVERSE.map((s) => [s.symbol, { name: s.name, sector: s.sector }])),
};


/**
 * Merges every file's events (any number of days) into one time-ordered stream and turns it into
 * ticks: trades become ticks carrying the latest bid and ask seen for their
 * symbol; bid/ask events only update them. At equal times a bid/ask event is
 * applied before a trade, and otherwise files keep their order (stable sort).
 */
export function assembleImport(files: ParsedFile[], notes: string[], before: BeforeImport = {}): ImportedData {
  const events: MarketEvent[] = files.flatMap((f) => f.events);
  events.sort(eventOrder);
  const assembler = new TickAssembler();
  const ticks: Tick[] = [];
  for (const event of events) {
    const tick = assembler.push(event);
    if (tick) ticks.push(tick);
  }
  const decimals = new Map<string, number>();
  for (const file of files) for (const [symbol, d] of Object.entries(file.priceDecimals ?? {})) decimals.set(symbol, Math.max(decimals.get(symbol) ?? 0, d));
  return { ticks, symbols: symbolMetadata(new Set(ticks.map((t) => t.symbol)), before.prevCloses, decimals, before.instruments), files, notes, daily: before.daily ?? new Map() };
}

/** What is known from before the imported data (daily files): each symbol's previous close and daily bars. */
export interface BeforeImport {
  prevCloses?: ReadonlyMap<string, number>;
  daily?: ReadonlyMap<string, BarColumns>;
  /** What is known of a symbol's market (crypto: its tick and lot size, quote currency, 24/7 calendar); the rest is US-equity defaults. */
  instruments?: ReadonlyMap<string, Partial<SymbolMeta>>;
}

/**
 * A symbol's previous close is the close of the last daily bar before its
 * data, when daily files were given; otherwise it is unknown (null), and
 * screens measure change from the day's open and say so. Inventing one
 * (the first trade, say) would make change and % look real and be wrong.
 */
export function symbolMetadata(
  symbols: Iterable<string>,
  prevCloses: ReadonlyMap<string, number> = new Map(),
  decimals: ReadonlyMap<string, number> = new Map(),
  instruments: ReadonlyMap<string, Partial<SymbolMeta>> = new Map(),
): SymbolMeta[] {
  return [...new Set(symbols)].sort().map((symbol) => ({
    symbol,
    name: KNOWN[symbol]?.name ?? symbol,
    sector: KNOWN[symbol]?.sector ?? 'Unknown',
    prevClose: prevCloses.get(symbol) ?? null,
    // The finest step the data's prices use (cents at the least), so 0.01633102 and 0.01633101 stay apart.
    tickSize: Number((10 ** -Math.max(2, decimals.get(symbol) ?? 2)).toFixed(8)),
    ...US_EQUITY_DEFAULTS,
    ...instruments.get(symbol),
  }));
}

/** Batches of time-ordered ticks (see Batcher). */
export function* batchesOf(ticks: readonly Tick[], batchMs: number): Generator<ImportBatch> {
  const batcher = new Batcher(batchMs);
  for (const tick of ticks) {
    const batch = batcher.push(tick);
    if (batch) yield batch;
  }
  const last = batcher.flush();
  if (last) yield last;
}
