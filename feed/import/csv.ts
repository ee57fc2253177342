import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { parse as parseCsv } from 'csv-parse';
import { isSymbol, SYMBOL_RULE } from '../../shared/symbol.ts';
import { UsageError } from '../errors.ts';
import { checkPrice, checkSize, decimalsOf, readNumber, roundPrice, timeReader, clockFor, type DecimalMark } from './csv-values.ts';
import type { CalendarId } from '../../shared/market-calendar.ts';
import { ImportError, reasonHeading, type MarketEvent, type ParsedFile } from './import-types.ts';
import { barToTrades, regularSessionOf } from './bar-trades.ts';

export interface CsvColumns {
  /** 1-based column number, or a header name. */
  time: string;
  /** A separate date column: its cell, a space and the time column's cell are read as one time (by --time-format). */
  date?: string;
  /** A trade's price; or, for a file of bars, give open, high, low and close (and volume) instead. */
  price?: string;
  size?: string;
  symbol?: string;
  open?: string;
  high?: string;
  low?: string;
  close?: string;
  volume?: string;
}

/** Bar lengths a file of bars may hold: "1d" bars span their day's regular session. */
/**
 * How long a file's bars are: any whole number of seconds, minutes or hours
 * up to a day ("30s", "1m", "4h"), or "1d", a day's regular session.
 */
export type CsvBarInterval = string;

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000 };

/** A bar interval's length in ms, null for "1d" (the day's regular session), or why it cannot be one. */
export function barIntervalMs(interval: string): { ok: true; ms: number | null } | { ok: false; reason: string } {
  if (interval === '1d') return { ok: true, ms: null };
  const match = /^(\d+)([smh])$/.exec(interval);
  const ms = match ? Number(match[1]) * UNIT_MS[match[2]!]! : Number.NaN;
  if (!(ms > 0 && ms <= 86_400_000)) return { ok: false, reason: `"${interval}" is not a bar interval: give a number of seconds, minutes or hours up to a day (30s, 1m, 5m, 4h) or 1d` };
  return { ok: true, ms };
}

export interface CsvImportOptions {
  columns: CsvColumns;
  /** Used when there is no symbol column. */
  fixedSymbol?: string;
  /** "iso", "epoch-s", "epoch-ms", "epoch-us", "epoch-ns", or a date-fns pattern such as "yyyy-MM-dd HH:mm:ss". */
  timeFormat: string;
  /** IANA zone for times that carry no offset. */
  zone: string;
  skipBad: boolean;
  /** The field separator; detected from the first line when not given. */
  delimiter?: string;
  /** What marks decimals in numbers: "." (default) or ",". */
  decimal?: DecimalMark;
  /** For a file of bars: how long each bar is (default 1d). */
  barInterval?: CsvBarInterval;
  /** The market's calendar: where a daily bar's session lies, and where a date-only trade closes (default us-equity). */
  calendar?: CalendarId;
  /** Where a trade with a date and no time goes: its day's regular close (default), open, or this many ms after local midnight. */
  dateOnlyAt?: 'close' | 'open' | number;
}

interface CsvRow {
  record: string[];
  info: { lines: number };
}

/** Separators tried when none is given, in order of preference on a tie. */
const DELIMITERS = [',', ';', '\t', '|'];

/** The most frequent separator on the first line, outside quotes (a comma if none). */
export function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, Math.max(0, text.indexOf('\n')) || text.length).replace(/"[^"]*"/g, '');
  let best = ',';
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    const count = firstLine.split(delimiter).length - 1;
    if (count > bestCount) [best, bestCount] = [delimiter, count];
  }
  return best;
}

/** Rows held to put a file in time order; a row later than this many rows out of place stops the import. */
export const SORT_WINDOW_ROWS = 20_000;

type TradeEvent = Extract<MarketEvent, { kind: 'trade' }>;
type RowResult = { ok: true; line: number; events: TradeEvent[]; ambiguous: boolean } | { ok: false; line: number; kind: string; reason: string };
type ColumnIndexes = { time: number; date: number | null; symbol: number | null } & Partial<Record<'price' | 'size' | 'open' | 'high' | 'low' | 'close' | 'volume', number | null>>;

/** What a first pass over a CSV found: enough to write the header before the second pass writes the ticks. */
export interface CsvScan {
  name: string;
  rows: number;
  skipped: number;
  skippedBy: Record<string, number>;
  priceDecimals: Record<string, number>;
  ambiguousTimes: number;
  trades: number;
  range: { start: number; end: number } | null;
  delimiter: string;
  header: string[] | null;
}

/** Progress within a file: bytes read of its size, and rows. */
export type CsvProgress = (bytes: number, rows: number) => void;

/**
 * Reads one CSV of trades as a stream, row by row, in constant memory.
 * Detects the separator (from the first 64 KiB) and a header row; reads
 * numbers and times by the rules of csv-values.ts. A row that cannot be
 * read exactly fails with its file, line, column and reason, or with
 * skipBad is counted under its reason.
 */
async function* csvRows(path: string, options: CsvImportOptions, setup: (delimiter: string, header: string[] | null) => void, onProgress?: CsvProgress): AsyncGenerator<RowResult> {
  if (options.fixedSymbol !== undefined && !isSymbol(options.fixedSymbol)) throw new UsageError(`--symbol ${JSON.stringify(options.fixedSymbol)} is not a valid symbol (${SYMBOL_RULE})`);
  let firstBytes: string;
  try {
    const fd = openSync(path, 'r');
    const buffer = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    closeSync(fd);
    firstBytes = buffer.subarray(0, n).toString('utf8');
  } catch (error) {
    throw new ImportError(`${path}: cannot read: ${(error as Error).message}`);
  }
  const delimiter = options.delimiter ?? detectDelimiter(firstBytes);
  const decimal = options.decimal ?? '.';
  const parser = createReadStream(path).pipe(parseCsv({ info: true, relax_column_count: true, skip_empty_lines: true, trim: true, bom: true, delimiter }));
  let columns: ColumnIndexes | null = null;
  const readTime = timeReader(options.timeFormat, options.zone);
  let rows = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<CsvRow & { info: { bytes: number } }>) {
      if (columns === null) {
        const priceSpec = options.columns.price ?? options.columns.close ?? '';
        const byNumber = /^\d+$/.test(priceSpec);
        if (byNumber && Number(priceSpec) > record.length) {
          throw new UsageError(`${path}: there is no column ${priceSpec} for --${options.columns.price ? 'price' : 'close'}: the first row has ${record.length} column${record.length === 1 ? '' : 's'} (separated by ${JSON.stringify(delimiter)})`);
        }
        const firstPrice = byNumber ? record[Number(priceSpec) - 1] : undefined;
        // A header names its columns: a first row whose price cell looks numeric ("170,73" under the wrong --decimal) is data, and is read (or refused) as such.
        const header = firstPrice === undefined || (!readNumber(firstPrice, decimal).ok && !/^[\s$+-]*[\d.,]+\s*$/.test(firstPrice)) ? record : null;
        const column = (spec: string | undefined, what: string) => resolveColumn(spec, header, what, path, delimiter);
        const spec = options.columns;
        columns = { time: column(spec.time, 'time')!, date: column(spec.date, 'date'), symbol: column(spec.symbol, 'symbol') };
        for (const what of ['price', 'size', 'open', 'high', 'low', 'close', 'volume'] as const) columns[what] = column(spec[what], what);
        setup(delimiter, header);
        if (header) continue;
      }
      rows++;
      if (onProgress && rows % 50_000 === 0) onProgress(info.bytes, rows);
      yield readRow(record, info.lines, columns, options, decimal, readTime);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ImportError) throw error;
    throw new ImportError(`${path}: ${(error as Error).message}`);
  }
  if (columns === null) setup(delimiter, null);
}

function readRow(record: string[], line: number, columns: ColumnIndexes, options: CsvImportOptions, decimal: DecimalMark, readTime: ReturnType<typeof timeReader>): RowResult {
  const problem = (kind: string, reason: string): RowResult => ({ ok: false, line, kind, reason });
  const cell = (index: number, what: string): { text: string } | RowResult =>
    index < record.length ? { text: record[index]! } : problem(`${what} missing`, `column ${index + 1} (${what}) is missing: the row has ${record.length} column${record.length === 1 ? '' : 's'}`);
  const bad = (index: number, what: string, value: string, reason: string) => problem(`${what} ${reasonHeading(reason)}`, `column ${index + 1} (${what}) ${JSON.stringify(value)} ${reason}`);
  /** A number in a column, checked as a price or a size. */
  const numberIn = (what: 'price' | 'size' | 'open' | 'high' | 'low' | 'close' | 'volume', check: (value: number) => string | null): number | RowResult => {
    const index = columns[what]!;
    const text = cell(index, what);
    if ('ok' in text) return text;
    const read = readNumber(text.text, decimal);
    if (!read.ok) return bad(index, what, text.text, read.reason);
    const wrong = check(read.value);
    return wrong ? bad(index, what, text.text, wrong) : roundPrice(read.value);
  };

  const timeCell = cell(columns.time, 'time');
  if ('ok' in timeCell) return timeCell;
  let timeText = timeCell.text;
  if (columns.date !== null) {
    const dateCell = cell(columns.date, 'date');
    if ('ok' in dateCell) return dateCell;
    timeText = `${dateCell.text.trim()} ${timeCell.text.trim()}`;
  }
  const time = readTime(timeText);
  if (!time.ok) return columns.date === null ? bad(columns.time, 'time', timeText, time.reason) : problem(`time ${reasonHeading(time.reason)}`, `columns ${columns.date + 1} and ${columns.time + 1} (date and time) ${JSON.stringify(timeText)} ${time.reason}`);

  let symbol = options.fixedSymbol!;
  if (columns.symbol !== null) {
    const symbolText = cell(columns.symbol, 'symbol');
    if ('ok' in symbolText) return symbolText;
    symbol = symbolText.text.toUpperCase();
    if (!isSymbol(symbol)) return bad(columns.symbol, 'symbol', symbolText.text, `is not a valid symbol (${SYMBOL_RULE})`);
  }

  if (columns.close != null) {
    const values: number[] = [];
    for (const what of ['open', 'high', 'low', 'close'] as const) {
      const value = numberIn(what, checkPrice);
      if (typeof value !== 'number') return value;
      values.push(value);
    }
    const [open, high, low, close] = values as [number, number, number, number];
    if (!(low <= Math.min(open, close) && high >= Math.max(open, close))) return problem('bar prices not consistent', 'bar prices are not consistent (low <= open, close <= high)');
    let volume = 0;
    if (columns.volume != null) {
      const value = numberIn('volume', (v) => (v === 0 ? null : checkSize(v)));
      if (typeof value !== 'number') return value;
      volume = value;
    }
    // A bar with no volume traded nothing: it moves no price and is left out, as the Lean bar files do.
    if (volume === 0) return { ok: true, line, events: [], ambiguous: time.ambiguous };
    const { start, length } = barSpan(time.value, options.barInterval ?? '1d', options.calendar);
    return { ok: true, line, events: barToTrades(start, length, open, high, low, close, volume).map((t) => ({ kind: 'trade' as const, symbol, ...t })), ambiguous: time.ambiguous };
  }

  const price = numberIn('price', checkPrice);
  if (typeof price !== 'number') return price;
  // A trade with a date and no time (a daily close) is placed at the day's close, the last moment of its regular session, or where --date-only-at says.
  const dateOnly = options.timeFormat === 'iso' ? /^\d{4}-\d\d-\d\d$/.test(timeText.trim()) : !/[Hhkm]/.test(options.timeFormat) && !options.timeFormat.startsWith('epoch');
  const at = dateOnly ? dateOnlyTime(time.value, options) : time.value;
  let size = 1;
  if (columns.size != null) {
    const value = numberIn('size', checkSize);
    if (typeof value !== 'number') return value;
    size = value;
  }
  return { ok: true, line, events: [{ kind: 'trade', time: at, symbol, price, size }], ambiguous: time.ambiguous };
}

/** Where a date-only trade goes, from its day's local midnight: the regular session's close or open, or a chosen local time. */
function dateOnlyTime(midnight: number, options: CsvImportOptions): number {
  const at = options.dateOnlyAt ?? 'close';
  if (typeof at === 'number') {
    const clock = clockFor(options.zone);
    return clock.epochOf(clock.wall(midnight) + at);
  }
  const { start, length } = barSpan(midnight, '1d', options.calendar);
  return at === 'open' ? start : start + length - 1;
}

/** Where a bar's trades go: over its interval from its time, or a daily bar over its day's regular session (09:30 to 16:00 on a day the calendar does not know). */
function barSpan(time: number, interval: CsvBarInterval, calendarId: CalendarId = 'us-equity'): { start: number; length: number } {
  const read = barIntervalMs(interval);
  const ms = read.ok ? read.ms : null;
  return ms === null ? regularSessionOf(time, calendarId) : { start: time, length: ms };
}

/**
 * Puts a nearly ordered stream in time order with a bounded window (a heap
 * of SORT_WINDOW_ROWS rows): a row may come up to that many rows after
 * rows later than it. Equal times keep file order.
 */
class WindowSorter {
  private readonly heap: { event: TradeEvent; order: number }[] = [];
  private order = 0;
  private lastOut = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly path: string,
    private readonly window: number,
  ) {}

  /** Adds a row; returns the earliest row held if the window is full. */
  push(event: TradeEvent, line: number): TradeEvent | null {
    if (event.time < this.lastOut) {
      throw new ImportError(
        `${this.path}: line ${line}: the rows are out of time order by more than ${this.window.toLocaleString('en-US')} rows (this one is earlier than rows already placed); sort the file by time first`,
      );
    }
    this.insert({ event, order: this.order++ });
    return this.heap.length > this.window ? this.pop() : null;
  }

  *drain(): Generator<TradeEvent> {
    while (this.heap.length > 0) yield this.pop();
  }

  private less(a: { event: TradeEvent; order: number }, b: { event: TradeEvent; order: number }): boolean {
    return a.event.time < b.event.time || (a.event.time === b.event.time && a.order < b.order);
  }

  private insert(item: { event: TradeEvent; order: number }): void {
    const h = this.heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): TradeEvent {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    this.lastOut = top.event.time;
    return top.event;
  }
}

/**
 * The first pass: validates every row (failing on the first bad one unless
 * skipBad), checks the rows can be put in time order within the window,
 * and gathers what the header needs. Holds no rows beyond the window.
 */
export async function scanCsv(path: string, options: CsvImportOptions, onProgress?: CsvProgress, window = SORT_WINDOW_ROWS): Promise<CsvScan> {
  const scan: CsvScan = { name: basename(path), rows: 0, skipped: 0, skippedBy: {}, priceDecimals: {}, ambiguousTimes: 0, trades: 0, range: null, delimiter: ',', header: null };
  const sorter = new WindowSorter(path, window);
  for await (const row of csvRows(path, options, (delimiter, header) => Object.assign(scan, { delimiter, header }), onProgress)) {
    scan.rows++;
    if (!row.ok) {
      if (!options.skipBad) throw new ImportError(`${path}: line ${row.line}, ${row.reason} (use --skip-bad to skip malformed rows)`);
      scan.skipped++;
      scan.skippedBy[row.kind] = (scan.skippedBy[row.kind] ?? 0) + 1;
      continue;
    }
    if (row.ambiguous) scan.ambiguousTimes++;
    for (const event of row.events) {
      sorter.push(event, row.line);
      scan.trades++;
      scan.priceDecimals[event.symbol] = Math.max(scan.priceDecimals[event.symbol] ?? 0, decimalsOf(event.price));
      scan.range = scan.range ? { start: Math.min(scan.range.start, event.time), end: Math.max(scan.range.end, event.time) } : { start: event.time, end: event.time };
    }
  }
  return scan;
}

/** The second pass: the file's trades in time order (rows the scan refused are left out). */
export async function* csvEvents(path: string, options: CsvImportOptions, onProgress?: CsvProgress, window = SORT_WINDOW_ROWS): AsyncGenerator<MarketEvent> {
  const sorter = new WindowSorter(path, window);
  for await (const row of csvRows(path, { ...options, skipBad: true }, () => {}, onProgress)) {
    if (!row.ok) continue;
    for (const event of row.events) {
      const out = sorter.push(event, row.line);
      if (out) yield out;
    }
  }
  yield* sorter.drain();
}

/** Both passes at once, into memory: for tests and small files. */
export async function parseCsvFile(path: string, options: CsvImportOptions): Promise<ParsedFile> {
  const scan = await scanCsv(path, options);
  const events: MarketEvent[] = [];
  for await (const event of csvEvents(path, options)) events.push(event);
  return { name: scan.name, rows: scan.rows, skipped: scan.skipped, flagged: 0, conditioned: 0, events, skippedBy: scan.skippedBy, priceDecimals: scan.priceDecimals, ambiguousTimes: scan.ambiguousTimes };
}

function resolveColumn(spec: string | undefined, header: string[] | null, what: string, path: string, delimiter: string): number | null {
  if (spec === undefined) return null;
  if (/^\d+$/.test(spec)) {
    if (Number(spec) < 1) throw new UsageError(`--${what} column numbers start at 1`);
    return Number(spec) - 1;
  }
  if (!header) throw new UsageError(`${path}: --${what} names a column ("${spec}") but the file has no header row; give a column number instead`);
  const index = header.findIndex((name) => name.trim().toLowerCase() === spec.trim().toLowerCase());
  if (index === -1) {
    const shown = delimiter === '\t' ? 'tab' : `"${delimiter}"`;
    throw new UsageError(`${path}: no column named "${spec}" for --${what}; the header (separated by ${shown}) has: ${header.join(', ')}`);
  }
  return index;
}
