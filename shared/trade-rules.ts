import { inRegularSession, type MarketCalendar } from './market-calendar.ts';
import { addVolume } from './bars/bar-series.ts';
import type { Quote, Tick } from './protocol.ts';

/**
 * How a print changes a symbol's quote: one rule for the server's day state
 * (snapshots), the browser's rows and the daily bars, so they always agree.
 *
 * - A print marked volumeOnly (an intermarket sweep, an average-price or
 *   derivatively priced trade: see docs/recording-format.md) counts toward
 *   volume but never sets the last price, high or low.
 * - The day's open, high, low, close and volume count the regular session
 *   only, as the exchanges' and vendors' daily bars do; the last price
 *   follows every price-setting print, pre-market and after hours included.
 * - The first print of a new trading day starts the day: the previous
 *   day's close becomes the previous close.
 */

/** The fields of a quote that prints move. */
export type TradedQuote = Pick<Quote, 'last' | 'bid' | 'ask' | 'day' | 'open' | 'high' | 'low' | 'close' | 'prevClose' | 'volume' | 'time'>;

export function setsPrice(tick: Tick): boolean {
  return tick.volumeOnly !== true;
}

export function applyTrade(quote: TradedQuote, tick: Tick, calendar: MarketCalendar): void {
  const day = calendar.dayOf(tick.time);
  if (quote.day !== day.key) {
    // A print from a day already closed (a late venue report) cannot reopen it.
    if (quote.day !== null && day.key < quote.day) return;
    startDay(quote, day.key);
  }
  const regular = inRegularSession(day, tick.time);
  if (setsPrice(tick)) {
    quote.last = tick.price;
    if (regular) {
      if (quote.open === null) quote.open = tick.price;
      if (quote.high === null || tick.price > quote.high) quote.high = tick.price;
      if (quote.low === null || tick.price < quote.low) quote.low = tick.price;
      quote.close = tick.price;
    }
  }
  if (tick.bid !== undefined) quote.bid = tick.bid;
  if (tick.ask !== undefined) quote.ask = tick.ask;
  if (regular) quote.volume = addVolume(quote.volume, tick.size);
  quote.time = tick.time;
}

/** Begins a trading day: yesterday's close is the new previous close, and the day's statistics start empty. */
export function startDay(quote: TradedQuote, dayKey: string): void {
  if (quote.day !== null) quote.prevClose = quote.close ?? quote.prevClose;
  quote.day = dayKey;
  quote.open = null;
  quote.high = null;
  quote.low = null;
  quote.close = null;
  quote.volume = 0;
}

/** What change and % change are measured against: the previous close, or the day's open when that is unknown. */
export function referencePrice(quote: Pick<Quote, 'prevClose' | 'open'>): { price: number | null; kind: 'prev close' | 'open' } {
  return quote.prevClose !== null ? { price: quote.prevClose, kind: 'prev close' } : { price: quote.open, kind: 'open' };
}
