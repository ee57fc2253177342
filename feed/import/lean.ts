import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { unzipSync } from 'fflate';
import { calendarFor, type CalendarId } from '../../shared/market-calendar.ts';
import { classifyPrint, parseSaleCondition } from './sale-conditions.ts';
import { UsageError } from '../errors.ts';
import { ImportError, reasonHeading, type MarketEvent, type ParsedFile } from './import-types.ts';
import { ZonedDay } from './zoned-day.ts';
import { barToTrades, regularSessionOf } from './bar-trades.ts';

/**
 * Lean/AlgoSeek US equity files (QuantConnect's Data/equity/usa layout):
 * .../{tick|second|minute}/{symbol}/{yyyymmdd}_{trade|quote}.zip, one day
 * each, and .../daily/{symbol}.zip, every day of a symbol; each a zip
 * holding one header-less CSV. Times are ms after New York midnight, prices
 * are deci-cents.
 */
export type Resolution = 'tick' | 'second' | 'minute';

export interface LeanFile {
  path: string;
  resolution: Resolution;
  symbol: string;
  date: string;
  /** Lean's tickType: trades, or quotes (bid and ask). */
  tickType: 'trade' | 'quote';
  /** Lean's crypto files (crypto/{market}/...): UTC times, decimal prices, fractional sizes. Absent for US equities. */
  crypto?: { market: string; leanSymbol: string };
}

export interface LeanDailyFile {
  path: string;
  resolution: 'daily';
  symbol: string;
  /** A crypto daily file (crypto/{market}/daily/{pair}_trade.zip): UTC days, decimal prices, fractional volumes. */
  crypto?: { market: string; leanSymbol: string };
}

/** One row of a daily file: a regular session's bar. */
export interface DailyBar {
  /** yyyymmdd */
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** Lean's US equity files are in exchange time. */
const EXCHANGE_ZONE = calendarFor('us-equity').timeZone;
const DECI_CENTS = 10_000;
const BAR_MS: Record<Exclude<Resolution, 'tick'>, number> = { second: 1_000, minute: 60_000 };

/** What a path names: a day of ticks or bars, or a daily file. */
export function describeLeanFile(path: string): LeanFile | LeanDailyFile {
  const cryptoDaily = /(?:^|[\\/])crypto[\\/]([a-z0-9]+)[\\/]daily[\\/]([a-z0-9]+)_(trade|quote)\.zip$/i.exec(path);
  if (cryptoDaily) {
    const [, market, leanSymbol, tickType] = cryptoDaily as unknown as [string, string, string, string];
    if (tickType.toLowerCase() === 'quote') throw new UsageError(`${path}: daily quote files are not read (a daily bar of quotes has no trades to replay); give the ${leanSymbol.toLowerCase()}_trade.zip beside it`);
    return { path, resolution: 'daily', symbol: cryptoTicker(leanSymbol.toLowerCase()), crypto: { market: market.toLowerCase(), leanSymbol: leanSymbol.toLowerCase() } };
  }
  const daily = /(?:^|[\\/])daily[\\/]([a-z0-9.]+)\.zip$/i.exec(path);
  if (daily) return { path, resolution: 'daily', symbol: daily[1]!.toUpperCase() };
  return describeLeanPath(path);
}

/** A day's file (tick, second or minute). */
export function describeLeanPath(path: string): LeanFile {
  const crypto = /(?:^|[\\/])crypto[\\/]([a-z0-9]+)[\\/](tick|second|minute)[\\/]([a-z0-9]+)[\\/](\d{8})_(trade|quote)\.zip$/i.exec(path);
  if (crypto) {
    const [, market, resolution, leanSymbol, date, tickType] = crypto as unknown as [string, string, string, string, string, string];
    const crypto_ = { market: market.toLowerCase(), leanSymbol: leanSymbol.toLowerCase() };
    return { path, resolution: resolution.toLowerCase() as Resolution, symbol: cryptoTicker(crypto_.leanSymbol), date, tickType: tickType.toLowerCase() as 'trade' | 'quote', crypto: crypto_ };
  }
  const match = /(?:^|[\\/])(tick|second|minute)[\\/]([a-z0-9.]+)[\\/](\d{8})_(trade|quote)\.zip$/i.exec(path);
  if (!match) {
    throw new UsageError(
      `${path}: not a Lean file path; expected .../{tick|second|minute}/{symbol}/{yyyymmdd}_{trade|quote}.zip (e.g. lean/minute/spy/20131007_trade.zip), .../daily/{symbol}.zip, or crypto's .../crypto/{market}/{second|minute}/{pair}/{yyyymmdd}_{trade|quote}.zip and .../crypto/{market}/daily/{pair}_trade.zip`,
    );
  }
  return { path, resolution: match[1]!.toLowerCase() as Resolution, symbol: match[2]!.toUpperCase(), date: match[3]!, tickType: match[4]!.toLowerCase() as 'trade' | 'quote' };
}

export function readLeanCsv(path: string): string {
  let zip: Uint8Array;
  try {
    zip = readFileSync(path);
  } catch (error) {
    throw new ImportError(`${path}: cannot read: ${(error as Error).message}`);
  }
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch (error) {
    throw new ImportError(`${path}: not a readable zip file (${(error as Error).message})`);
  }
  const names = Object.keys(entries).filter((name) => !name.endsWith('/'));
  if (names.length !== 1) throw new ImportError(`${path}: expected exactly one CSV inside the zip, found ${names.length}`);
  return Buffer.from(entries[names[0]!]!).toString('utf8');
}

/** Parses one Lean file into time-ordered events. Malformed rows throw, or are counted with skipBad. */
export function parseLeanFile(file: LeanFile, skipBad: boolean, onRow?: (rows: number) => void): ParsedFile {
  const text = readLeanCsv(file.path);
  const day = ZonedDay.fromCompact(file.crypto ? 'UTC' : EXCHANGE_ZONE, file.date);
  const folder = file.crypto ? `crypto/${file.crypto.market}/${file.resolution}/${file.crypto.leanSymbol}` : `${file.resolution}/${file.symbol.toLowerCase()}`;
  const parsed: ParsedFile = { name: `${folder}/${basename(file.path)}`, rows: 0, skipped: 0, flagged: 0, conditioned: 0, events: [] };
  const convert = rowConverter(file, day, parsed);
  let lineNumber = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lineNumber++;
    const line = text.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    if (line === '') continue;
    parsed.rows++;
    const problem = convert(line.split(','));
    if (problem) {
      if (!skipBad) throw new ImportError(`${file.path}: line ${lineNumber}: ${problem} (use --skip-bad to skip malformed rows)`);
      parsed.skipped++;
      const heading = reasonHeading(problem);
      parsed.skippedBy = { ...parsed.skippedBy, [heading]: (parsed.skippedBy?.[heading] ?? 0) + 1 };
    }
    if (onRow && parsed.rows % 10_000 === 0) onRow(10_000);
  }
  return parsed;
}

/** Parses a daily file: "yyyymmdd 00:00,open,high,low,close,volume", oldest first. Malformed rows throw, or are counted with skipBad. */
export function parseLeanDaily(file: LeanDailyFile, skipBad: boolean): { bars: DailyBar[]; rows: number; skipped: number; skippedBy: Record<string, number> } {
  const text = readLeanCsv(file.path);
  const bars: DailyBar[] = [];
  let rows = 0;
  let skipped = 0;
  const skippedBy: Record<string, number> = {};
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (line === '') return;
    rows++;
    const problem = (() => {
      const fields = line.split(',');
      const date = /^(\d{8})(?: 00:00)?$/.exec(fields[0] ?? '')?.[1];
      if (!date) return `column 1 is not a date like "20131007 00:00": ${JSON.stringify(fields[0])}`;
      const values = numbers(fields.slice(1), 5);
      if (typeof values === 'string') return values.replace(/column (\d)/, (_, n: string) => `column ${Number(n) + 1}`);
      const [open, high, low, close, volume] = values as [number, number, number, number, number];
      if (!(low > 0 && low <= Math.min(open, close) && high >= Math.max(open, close))) return 'bar prices are not consistent (low <= open, close <= high)';
      if (volume < 0) return 'volume is negative';
      const previous = bars[bars.length - 1];
      if (previous && previous.date >= date) return `date ${date} does not follow ${previous.date}`;
      // Crypto daily files write decimal prices and fractional volumes (to 8 decimals); equity files deci-cents and whole shares.
      const unit = file.crypto ? 1 : DECI_CENTS;
      const exact = (value: number) => Math.round(value * 1e8) / 1e8;
      bars.push({ date, open: open / unit, high: high / unit, low: low / unit, close: close / unit, volume: file.crypto ? exact(volume) : Math.round(volume) });
      return null;
    })();
    if (problem) {
      if (!skipBad) throw new ImportError(`${file.path}: line ${index + 1}: ${problem} (use --skip-bad to skip malformed rows)`);
      skipped++;
      const heading = reasonHeading(problem);
      skippedBy[heading] = (skippedBy[heading] ?? 0) + 1;
    }
  });
  return { bars, rows, skipped, skippedBy };
}

/**
 * Daily bars as trades, for a symbol with no intraday files: each day's bar
 * becomes up to four trades across its regular session (barToTrades), so
 * the day's open, high, low, close and volume are the bar's. A crypto day
 * (the 24x7 calendar) spans 00:00 to 24:00 UTC.
 */
export function dailyBarsToEvents(symbol: string, bars: readonly DailyBar[], calendar: CalendarId = 'us-equity'): MarketEvent[] {
  const events: MarketEvent[] = [];
  const zone = calendarFor(calendar).timeZone;
  for (const bar of bars) {
    const { start, length } = regularSessionOf(ZonedDay.fromCompact(zone, bar.date).toEpoch(12 * 3_600_000), calendar);
    for (const trade of barToTrades(start, length, bar.open, bar.high, bar.low, bar.close, bar.volume)) events.push({ kind: 'trade', symbol, ...trade });
  }
  return events;
}

/** Lean's crypto symbol as exchanges write it: "btcusd" -> "BTC-USD" (the quote currency is the last three or four letters). */
export function cryptoTicker(leanSymbol: string): string {
  const upper = leanSymbol.toUpperCase();
  const quote = ['USDC', 'USDT', 'USD', 'EUR', 'GBP', 'BTC', 'ETH'].find((q) => upper.endsWith(q) && upper.length > q.length);
  return quote ? `${upper.slice(0, -quote.length)}-${quote}` : upper;
}

type RowConverter = (fields: string[]) => string | null;

function numbers(fields: string[], count: number): number[] | string {
  if (fields.length < count) return `expected ${count} columns, found ${fields.length}`;
  const values = fields.slice(0, count).map(Number);
  const bad = values.findIndex((v) => !Number.isFinite(v));
  return bad === -1 ? values : `column ${bad + 1} is not a number: ${JSON.stringify(fields[bad])}`;
}

function rowConverter(file: LeanFile, day: ZonedDay, out: ParsedFile): RowConverter {
  const { symbol } = file;
  const push = (event: MarketEvent) => out.events.push(event);
  // Equities: deci-cents and whole shares. Crypto: prices as written and fractional sizes, to 8 decimals.
  const price = file.crypto ? (value: number) => Math.round(value * 1e8) / 1e8 : (deciCents: number) => Math.round(deciCents) / DECI_CENTS;
  const size = file.crypto ? (value: number) => Math.round(value * 1e8) / 1e8 : Math.round;

  if (file.resolution === 'tick' && file.tickType === 'trade') {
    // time, price, size, exchange, sale_condition, suspicious
    const session = calendarFor('us-equity').tradingDay(day.date);
    let opened = false;
    let closed = false;
    return (fields) => {
      const values = numbers([fields[0]!, fields[1]!, fields[2]!, fields[5] ?? ''], 4);
      if (typeof values === 'string') return values.replace('column 4', 'column 6');
      const [ms, deciCents, shares, suspicious] = values as [number, number, number, number];
      if (deciCents <= 0 || shares <= 0) return 'price and size must be positive';
      const flags = parseSaleCondition(fields[4] ?? '');
      if (flags === null) return `column 5 is not a sale condition (hex flags): ${JSON.stringify(fields[4])}`;
      // Flagged prints are likely erroneous: they never move the displayed price, nor count.
      if (suspicious === 1) {
        out.flagged++;
        return null;
      }
      let time = day.toEpoch(ms);
      let kind = classifyPrint(flags);
      // The exchange's opening and closing auctions print once as the official open and close, then again in
      // fills: the first opening print in the first regular minute opens the session (it is moved to 09:30:00.000),
      // the first closing print closes it (moved to the last millisecond of the session), the other fills are left out.
      if (kind === 'opening' && session) {
        kind = !opened && time >= session.open && time < session.open + 60_000 ? 'price' : 'drop';
        opened = true;
        if (kind === 'price') time = session.open;
      } else if (kind === 'closing' && session) {
        kind = closed ? 'drop' : 'price';
        closed = true;
        time = session.close - 1;
      } else if (kind === 'opening' || kind === 'closing') {
        kind = 'drop';
      }
      if (kind === 'drop') {
        out.conditioned++;
        return null;
      }
      push({ kind: 'trade', time, symbol, price: price(deciCents), size: Math.round(shares), ...(kind === 'volume' ? { volumeOnly: true as const } : {}) });
      return null;
    };
  }
  if (file.resolution === 'tick') {
    // time, bid_price, bid_size, ask_price, ask_size, exchange, condition, suspicious
    return (fields) => {
      const values = numbers([fields[0]!, fields[1]!, fields[2]!, fields[3]!, fields[4]!, fields[7] ?? ''], 6);
      if (typeof values === 'string') return values;
      const [ms, bid, , ask, , suspicious] = values as number[];
      if (suspicious === 1) {
        out.flagged++;
        return null;
      }
      // Each row moves one side; a 0 on the other side means "no change", not a price of zero.
      push({ kind: 'bidask', time: day.toEpoch(ms!), symbol, bid: bid! > 0 ? price(bid!) : null, ask: ask! > 0 ? price(ask!) : null });
      return null;
    };
  }
  const barMs = BAR_MS[file.resolution];
  if (file.tickType === 'trade') {
    // time, open, high, low, close, volume
    return (fields) => {
      const values = numbers(fields, 6);
      if (typeof values === 'string') return values;
      const [ms, open, high, low, close, volume] = values as number[];
      if (!(low! > 0 && low! <= Math.min(open!, close!) && high! >= Math.max(open!, close!))) return 'bar prices are not consistent (low <= open, close <= high)';
      if (volume! <= 0) return null;
      for (const tick of barToTrades(day.toEpoch(ms!), barMs, price(open!), price(high!), price(low!), price(close!), size(volume!))) {
        push({ kind: 'trade', symbol, ...tick });
      }
      return null;
    };
  }
  // time, bid OHLC, bid_size, ask OHLC, ask_size: the closing quote stands at the bar's end.
  return (fields) => {
    const values = numbers(fields, 11);
    if (typeof values === 'string') return values;
    const bidClose = values[4]!;
    const askClose = values[9]!;
    push({ kind: 'bidask', time: day.toEpoch(values[0]!) + barMs - 1, symbol, bid: bidClose > 0 ? price(bidClose) : null, ask: askClose > 0 ? price(askClose) : null });
    return null;
  };
}
