import type { Quote, SymbolMeta, Tick } from '../../../shared/protocol.ts';
import { applyTrade } from '../../../shared/quote-update.ts';
import { TickHistory } from './tick-history.ts';

/** Points kept per symbol for charts and sparklines by default; the oldest are overwritten. */
export const HISTORY_CAPACITY = 20_000;

/**
 * One symbol's live state. Every field is its own signal, so a tick for AAPL
 * re-renders only the AAPL cells whose values actually changed.
 */
export class QuoteModel {
  last = $state<number | null>(null);
  bid = $state<number | null>(null);
  ask = $state<number | null>(null);
  open = $state<number | null>(null);
  high = $state<number | null>(null);
  low = $state<number | null>(null);
  volume = $state(0);
  time = $state<number | null>(null);
  /** Bumped on every price change, with its direction: drives the flash. */
  moveSeq = $state(0);
  moveDirection = $state<'up' | 'down'>('up');

  /** Not reactive: charts read it when told that new points arrived. */
  readonly history: TickHistory;

  readonly meta: SymbolMeta;

  constructor(meta: SymbolMeta, historyCapacity = HISTORY_CAPACITY) {
    this.meta = meta;
    this.history = new TickHistory(historyCapacity);
  }

  get symbol(): string {
    return this.meta.symbol;
  }

  /** Versus the previous close. Getters over signals are reactive and cost one subtraction. */
  get change(): number | null {
    return this.last === null ? null : this.last - this.meta.prevClose;
  }

  get changeRatio(): number | null {
    return this.last === null ? null : this.last / this.meta.prevClose - 1;
  }

  /** Forgets the stream's state and history, ready for a new epoch's snapshot. */
  reset(): void {
    this.last = this.bid = this.ask = this.open = this.high = this.low = this.time = null;
    this.volume = 0;
    this.history.clear();
  }

  applySnapshot(quote: Quote): void {
    this.last = quote.last;
    this.bid = quote.bid;
    this.ask = quote.ask;
    this.open = quote.open;
    this.high = quote.high;
    this.low = quote.low;
    this.volume = quote.volume;
    this.time = quote.time;
  }

  applyTick(tick: Tick): void {
    const previous = this.last;
    if (previous !== null && tick.price !== previous) {
      this.moveDirection = tick.price > previous ? 'up' : 'down';
      this.moveSeq++;
    }
    applyTrade(this, tick);
    this.history.push(tick.time, tick.price, tick.size);
  }
}
