import type { Quote, Tick } from './protocol.ts';

/** The fields of a quote that a trade moves. */
export type TradedQuote = Pick<Quote, 'last' | 'bid' | 'ask' | 'open' | 'high' | 'low' | 'volume' | 'time'>;

/**
 * Applies one trade to a quote's day statistics. Shared so the server's
 * snapshots and the browser's rows follow exactly the same rules.
 */
export function applyTrade(quote: TradedQuote, tick: Tick): void {
  quote.last = tick.price;
  if (quote.open === null) quote.open = tick.price;
  if (quote.high === null || tick.price > quote.high) quote.high = tick.price;
  if (quote.low === null || tick.price < quote.low) quote.low = tick.price;
  if (tick.bid !== undefined) quote.bid = tick.bid;
  if (tick.ask !== undefined) quote.ask = tick.ask;
  quote.volume += tick.size;
  quote.time = tick.time;
}
