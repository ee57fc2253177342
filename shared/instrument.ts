import type { CalendarId } from './market-calendar.ts';
import type { SymbolMeta } from './protocol.ts';

/**
 * An instrument's units, as data: what prices and sizes step by, what they
 * are counted in, and which exchange calendar it trades on. SymbolMeta
 * carries them; a field left out has the US-equity default, so crypto and
 * other markets are a matter of data, not code.
 */
export interface Instrument {
  /** Smallest price step (0.01 for US equities). */
  tickSize: number;
  /** Smallest size step (1 share for US equities; 1e-8 for most crypto). */
  lotSize: number;
  /** ISO 4217 code (or a crypto asset's ticker) prices are quoted in. */
  currency: string;
  calendar: CalendarId;
  /** Decimals that show every price exactly. */
  priceDecimals: number;
  /** Decimals that show every size exactly. */
  sizeDecimals: number;
}

export const US_EQUITY_DEFAULTS = { lotSize: 1, currency: 'USD', calendar: 'us-equity' } as const;

export function instrumentOf(meta: Pick<SymbolMeta, 'tickSize' | 'lotSize' | 'currency' | 'calendar'>): Instrument {
  const lotSize = meta.lotSize ?? US_EQUITY_DEFAULTS.lotSize;
  return {
    tickSize: meta.tickSize,
    lotSize,
    currency: meta.currency ?? US_EQUITY_DEFAULTS.currency,
    calendar: meta.calendar ?? US_EQUITY_DEFAULTS.calendar,
    priceDecimals: decimalsOf(meta.tickSize),
    sizeDecimals: decimalsOf(lotSize),
  };
}

/** Decimals needed to write multiples of this increment exactly: 0.01 -> 2, 0.00000001 -> 8, 0.5 -> 1, 5 -> 0. */
export function decimalsOf(increment: number): number {
  if (!(increment > 0) || !Number.isFinite(increment)) throw new RangeError(`an increment must be a positive number, got ${increment}`);
  for (let decimals = 0; decimals <= 12; decimals++) {
    const scaled = increment * 10 ** decimals;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, scaled)) return decimals;
  }
  return 12;
}
