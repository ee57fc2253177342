import type { Quote, SymbolMeta, Tick } from '../shared/protocol.ts';
import { applyTrade } from '../shared/quote-update.ts';

/**
 * Per-symbol day statistics built from the ticks that went out, so any
 * source (simulated, replayed, imported) gets correct snapshots for free.
 * Bounded by the universe: one entry per symbol, created up front.
 */
export class DayState {
  private readonly quotes = new Map<string, Quote>();

  constructor(symbols: readonly SymbolMeta[]) {
    for (const meta of symbols) {
      this.quotes.set(meta.symbol, {
        symbol: meta.symbol,
        last: null,
        bid: null,
        ask: null,
        open: null,
        high: null,
        low: null,
        prevClose: meta.prevClose,
        volume: 0,
        time: null,
      });
    }
  }

  apply(ticks: readonly Tick[]): void {
    for (const tick of ticks) {
      const quote = this.quotes.get(tick.symbol);
      if (quote) applyTrade(quote, tick);
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

  /** Back to "no trades yet" for every symbol. */
  clear(): void {
    for (const [symbol, quote] of this.quotes) {
      this.quotes.set(symbol, { ...quote, last: null, bid: null, ask: null, open: null, high: null, low: null, volume: 0, time: null });
    }
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
