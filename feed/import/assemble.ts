import { US_EQUITY_DEFAULTS } from '../../shared/instrument.ts';
import { calendarFor } from '../../shared/market-calendar.ts';
import type { SymbolMeta, Tick } from '../../shared/protocol.ts';
import { DEFAULT_UNIVERSE } from '../universe.ts';
import type { ImportedDay, MarketEvent, ParsedFile } from './import-types.ts';

const KNOWN: Record<string, { name: string; sector: string }> = {
  SPY: { name: 'SPDR S&P 500 ETF Trust', sector: 'ETF' },
  QQQ: { name: 'Invesco QQQ Trust', sector: 'ETF' },
  IBM: { name: 'International Business Machines', sector: 'Technology' },
  AIG: { name: 'American International Group', sector: 'Financials' },
  ...Object.fromEntries(DEFAULT_UNIVERSE.map((s) => [s.symbol, { name: s.name, sector: s.sector }])),
};


/**
 * Merges every file's events into one time-ordered stream and turns it into
 * ticks: trades become ticks carrying the latest bid and ask seen for their
 * symbol; bid/ask events only update them. At equal times a bid/ask event is
 * applied before a trade, and otherwise files keep their order (stable sort).
 */
export function assembleDay(files: ParsedFile[], notes: string[]): ImportedDay {
  const events: MarketEvent[] = files.flatMap((f) => f.events);
  events.sort((a, b) => a.time - b.time || (a.kind === b.kind ? 0 : a.kind === 'bidask' ? -1 : 1));

  const quotes = new Map<string, { bid: number | null; ask: number | null }>();
  const ticks: Tick[] = [];
  for (const event of events) {
    let quote = quotes.get(event.symbol);
    if (!quote) quotes.set(event.symbol, (quote = { bid: null, ask: null }));
    if (event.kind === 'bidask') {
      if (event.bid !== null) quote.bid = event.bid;
      if (event.ask !== null) quote.ask = event.ask;
      continue;
    }
    const tick: Tick = { symbol: event.symbol, price: event.price, size: event.size, time: event.time };
    if (event.volumeOnly) tick.volumeOnly = true;
    if (quote.bid !== null) tick.bid = quote.bid;
    if (quote.ask !== null) tick.ask = quote.ask;
    ticks.push(tick);
  }
  return { ticks, symbols: symbolMetadata(ticks), files, notes };
}

/**
 * The data holds no previous close, so each symbol's reference price (shown
 * as "prev close", against which change is measured) is its first trade of
 * the regular session, or its first trade if it never traded in session.
 */
function symbolMetadata(ticks: Tick[]): SymbolMeta[] {
  const calendar = calendarFor('us-equity');
  const first = new Map<string, number>();
  const firstInSession = new Map<string, number>();
  let sessionOpen = Number.NaN;
  for (const tick of ticks) {
    if (!first.has(tick.symbol)) first.set(tick.symbol, tick.price);
    if (Number.isNaN(sessionOpen)) sessionOpen = calendar.tradingDay(calendar.localDate(tick.time))?.open ?? tick.time;
    if (tick.time >= sessionOpen && !firstInSession.has(tick.symbol)) firstInSession.set(tick.symbol, tick.price);
  }
  return [...first.keys()].sort().map((symbol) => ({
    symbol,
    name: KNOWN[symbol]?.name ?? symbol,
    sector: KNOWN[symbol]?.sector ?? 'Unknown',
    prevClose: firstInSession.get(symbol) ?? first.get(symbol)!,
    tickSize: 0.01,
    ...US_EQUITY_DEFAULTS,
  }));
}

export interface ImportBatch {
  seq: number;
  time: number;
  ticks: Tick[];
}

/**
 * Groups time-ordered ticks into batches as a live feed would have sent them:
 * one per batch interval of recorded time that holds any ticks, stamped with
 * the interval's end.
 */
export function* batchesOf(ticks: readonly Tick[], batchMs: number): Generator<ImportBatch> {
  let seq = 0;
  let current: Tick[] = [];
  let windowEnd = Number.NEGATIVE_INFINITY;
  for (const tick of ticks) {
    if (tick.time >= windowEnd) {
      if (current.length > 0) yield { seq: ++seq, time: windowEnd, ticks: current };
      current = [];
      windowEnd = (Math.floor(tick.time / batchMs) + 1) * batchMs;
    }
    current.push(tick);
  }
  if (current.length > 0) yield { seq: ++seq, time: windowEnd, ticks: current };
}
