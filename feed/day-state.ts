import { instrumentOf } from '../shared/instrument.ts';
import { calendarFor, type MarketCalendar } from '../shared/market-calendar.ts';
import type { Quote, SymbolMeta, Tick } from '../shared/protocol.ts';
import { applyTrade } from '../shared/trade-rules.ts';

/**
 * Per-symbol quotes and day statistics built from the prints that went out
 * (shared/trade-rules.ts), so any source (simulated, replayed, imported)
 * gets correct snapshots for free. Bounded by the universe: one entry per
 * symbol, created up front.
 */
export class DayState {
  private readonly quotes = new Map<string, Quote>();
  private readonly calendars = new Map<string, MarketCalendar>();

  constructor(symbols: readonly SymbolMeta[]) {
    for (const meta of symbols) {
      this.quotes.set(meta.symbol, emptyQuote(meta.symbol, meta.prevClose));
      this.calendars.set(meta.symbol, calendarFor(instrumentOf(meta).calendar));
    }
  }

  apply(ticks: readonly Tick[]): void {
    for (const tick of ticks) {
      const quote = this.quotes.get(tick.symbol);
      if (quote) applyTrade(quote, tick, this.calendars.get(tick.symbol)!);
    }
  }

  /** Copies of every symbol's state, for checkpoints. */
  all(): Quote[] {
    return [...this.quotes.values()].map((quote) => ({ ...quote }));
  }

  /** Replaces the state of the given symbols (copies), e.g. from a checkpoint. */
  load(quotes: readonly Quote[]): void {
    for (const quote of quotes) if (this.quotes.has(quote.symbol)) this.quotes.set(quote.symbol, { ...quote });
  }

  /** Back to "no trades yet" for every symbol, keeping each one's previous close. */
  clear(): void {
    for (const [symbol, quote] of this.quotes) this.quotes.set(symbol, emptyQuote(symbol, quote.prevClose));
  }

  /** Copies, so later ticks cannot change a snapshot already handed out. */
  snapshot(symbols: Iterable<string>): Quote[] {
    const result: Quote[] = [];
    for (const symbol of symbols) {
      const quote = this.quotes.get(symbol);
      if (quote) result.push({ ...quote });
    }
    return result;
  }
}

export function emptyQuote(symbol: string, prevClose: number | null): Quote {
  return { symbol, last: null, bid: null, ask: null, day: null, open: null, high: null, low: null, close: null, prevClose, volume: 0, time: null };
}
