/**
 * What a US equity print's sale conditions say about it, from the flags
 * QuantConnect's Lean writes for AlgoSeek trades (Lean's TradeConditionFlags,
 * written in hex). Not every print sets the price: which ones do was found
 * by rebuilding the vendor's own 1-minute bars from its ticks (SPY and IBM,
 * 7-11 Oct 2013: volume and OHLC agree in every minute; see
 * docs/recording-format.md).
 */
const FLAG = {
  Regular: 1 << 0,
  Cash: 1 << 1,
  NextDay: 1 << 2,
  Seller: 1 << 3,
  IntermarketSweep: 1 << 5,
  OpeningPrints: 1 << 6,
  ClosingPrints: 1 << 7,
  DerivativelyPriced: 1 << 9,
  ExtendedHours: 1 << 13,
  StockOption: 1 << 18,
  AveragePrice: 1 << 20,
  Cross: 1 << 21,
  OfficialClose: 1 << 24,
  OfficialOpen: 1 << 26,
  TradeThroughExempt: 1 << 29,
} as const;

/** Prints of these kinds never set the last price, high or low (in the regular session). */
const NO_PRICE = FLAG.IntermarketSweep | FLAG.DerivativelyPriced | FLAG.StockOption | FLAG.Seller | FLAG.Cross;

/**
 * - `price`: counts toward volume and sets the price;
 * - `volume`: counts toward volume only;
 * - `opening` / `closing`: a print of the exchange's opening or closing auction (only the first of each
 *   counts, as the session's opening and closing print; see the Lean importer);
 * - `drop`: a record that is not a trade to count (official open and close records, crosses).
 */
export type PrintKind = 'price' | 'volume' | 'opening' | 'closing' | 'drop';

export function parseSaleCondition(text: string): number | null {
  const trimmed = text.trim();
  if (!/^[0-9a-fA-F]{1,8}$/.test(trimmed)) return null;
  return Number.parseInt(trimmed, 16);
}

export function classifyPrint(flags: number): PrintKind {
  if (flags & (FLAG.OfficialOpen | FLAG.OfficialClose) || flags & FLAG.Cross) return 'drop';
  if (flags & FLAG.OpeningPrints) return 'opening';
  if (flags & FLAG.ClosingPrints) return 'closing';
  // Any Form-T (extended-hours) print sets the price, whatever else it says.
  if (flags & FLAG.ExtendedHours) return 'price';
  if (flags & NO_PRICE) return 'volume';
  if (flags & FLAG.AveragePrice && flags & FLAG.TradeThroughExempt) return 'volume';
  return 'price';
}
