import { instrumentOf } from '../../../shared/instrument.ts';
import { calendarFor, type MarketCalendar } from '../../../shared/market-calendar.ts';
import type { Quote, SymbolMeta, Tick } from '../../../shared/protocol.ts';
import { applyTrade, referencePrice, setsPrice } from '../../../shared/trade-rules.ts';
import { LiveBars } from '../../../shared/bars/live-bars.ts';
import type { BarInterval } from '../../../shared/bars/bar-interval.ts';

/** A session's bars at most: 1-minute bars for 04:00-20:00 are 960, twice that covers a 24-hour market's day with room. */
export const SESSION_BAR_CAPACITY = 1920;

/**
 * One symbol's live state. Every field is its own signal, so a tick for AAPL
 * re-renders only the AAPL cells whose values actually changed.
 */
export class QuoteModel {
  last = $state<number | null>(null);
  bid = $state<number | null>(null);
  ask = $state<number | null>(null);
  day = $state<string | null>(null);
  open = $state<number | null>(null);
  high = $state<number | null>(null);
  low = $state<number | null>(null);
  close = $state<number | null>(null);
  prevClose = $state<number | null>(null);
  volume = $state(0);
  time = $state<number | null>(null);
  /** Bumped on every price change, with its direction: drives the flash. */
  moveSeq = $state(0);
  moveDirection = $state<'up' | 'down'>('up');

  /** The session as bars (the feed sends them with the snapshot), moved by every tick; null when nothing draws it (a heatmap cell). Not reactive: readers follow takeChanges() when told that ticks arrived. */
  readonly session: LiveBars | null;
  /** The chart's bars, at the interval it shows, while a chart shows this symbol: every tick moves them too. */
  chartBars: LiveBars | null = null;

  readonly meta: SymbolMeta;
  /** The exchange calendar its prints count by (sessions, days). */
  readonly calendar: MarketCalendar;

  constructor(meta: SymbolMeta, sessionInterval: BarInterval | null = '5m') {
    this.meta = meta;
    this.prevClose = meta.prevClose;
    this.calendar = calendarFor(instrumentOf(meta).calendar);
    this.session = sessionInterval ? new LiveBars(sessionInterval, this.calendar, SESSION_BAR_CAPACITY) : null;
  }


  get symbol(): string {
    return this.meta.symbol;
  }

  /** What change is measured against: the previous close, or the day's open when the data holds no previous close. */
  get reference(): { price: number | null; kind: 'prev close' | 'open' } {
    return referencePrice(this);
  }

  get referencePrice(): number | null {
    return this.reference.price;
  }

  /** Versus the reference. Getters over signals are reactive and cost a subtraction. */
  get change(): number | null {
    const reference = this.reference.price;
    return this.last === null || reference === null ? null : this.last - reference;
  }

  get changeRatio(): number | null {
    const reference = this.reference.price;
    return this.last === null || reference === null ? null : this.last / reference - 1;
  }

  /** Forgets the stream's state and bars, ready for a new epoch's snapshot and session. */
  reset(): void {
    this.last = this.bid = this.ask = this.open = this.high = this.low = this.close = this.time = null;
    this.day = null;
    this.volume = 0;
    this.session?.clear();
    this.chartBars?.clear();
  }

  applySnapshot(quote: Quote): void {
    this.last = quote.last;
    this.bid = quote.bid;
    this.ask = quote.ask;
    this.day = quote.day;
    this.open = quote.open;
    this.high = quote.high;
    this.low = quote.low;
    this.close = quote.close;
    this.prevClose = quote.prevClose;
    this.volume = quote.volume;
    this.time = quote.time;
  }

  applyTick(tick: Tick): void {
    const previous = this.last;
    applyTrade(this, tick, this.calendar);
    this.session?.apply(tick);
    this.chartBars?.apply(tick);
    if (!setsPrice(tick)) return;
    if (previous !== null && tick.price !== previous) {
      this.moveDirection = tick.price > previous ? 'up' : 'down';
      this.moveSeq++;
    }
  }
}
