import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { tz } from '@date-fns/tz';
import { isValid, parse as parseDate, parseISO } from 'date-fns';
import { parse as parseCsv } from 'csv-parse/sync';
import { isSymbol, SYMBOL_RULE } from '../../shared/symbol.ts';
import { UsageError } from '../errors.ts';
import { ImportError, parseAmount, type ParsedFile } from './import-types.ts';

export interface CsvColumns {
  /** 1-based column number, or a header name. */
  time: string;
  price: string;
  size?: string;
  symbol?: string;
}

export interface CsvImportOptions {
  columns: CsvColumns;
  /** Used when there is no symbol column. */
  fixedSymbol?: string;
  /** "iso", "epoch-ms", "epoch-s", or a date-fns pattern such as "yyyy-MM-dd HH:mm:ss". */
  timeFormat: string;
  /** IANA zone for times that carry no offset. */
  zone: string;
  skipBad: boolean;
}

interface CsvRow {
  record: string[];
  info: { lines: number };
}

/** Reads one CSV of trades. Detects a header row; tolerates "$" and thousands separators in numbers. */
export function parseCsvFile(path: string, options: CsvImportOptions): ParsedFile {
  let rows: CsvRow[];
  try {
    rows = parseCsv(readFileSync(path), { info: true, relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }) as unknown as CsvRow[];
  } catch (error) {
    throw new ImportError(`${path}: ${(error as Error).message}`);
  }
  const parsed: ParsedFile = { name: basename(path), rows: 0, skipped: 0, flagged: 0, conditioned: 0, events: [] };
  if (rows.length === 0) return parsed;

  const priceSpec = options.columns.price;
  const firstPrice = /^\d+$/.test(priceSpec) ? rows[0]!.record[Number(priceSpec) - 1] : undefined;
  const hasHeader = firstPrice === undefined || Number.isNaN(parseAmount(firstPrice));
  const header = hasHeader ? rows[0]!.record : null;
  const column = (spec: string | undefined, what: string): number | null => resolveColumn(spec, header, what, path);
  const timeColumn = column(options.columns.time, 'time')!;
  const priceColumn = column(options.columns.price, 'price')!;
  const sizeColumn = column(options.columns.size, 'size');
  const symbolColumn = column(options.columns.symbol, 'symbol');
  const readTime = timeReader(options.timeFormat, options.zone);

  for (const { record, info } of hasHeader ? rows.slice(1) : rows) {
    parsed.rows++;
    const problem = (() => {
      const time = readTime(record[timeColumn] ?? '');
      if (Number.isNaN(time)) return `time ${JSON.stringify(record[timeColumn] ?? '')} does not match the time format "${options.timeFormat}"`;
      const price = parseAmount(record[priceColumn] ?? '');
      if (!(price > 0)) return `price ${JSON.stringify(record[priceColumn] ?? '')} is not a positive number`;
      const size = sizeColumn === null ? 1 : parseAmount(record[sizeColumn] ?? '');
      if (!(Number.isInteger(size) && size > 0)) return `size ${JSON.stringify(record[sizeColumn!] ?? '')} is not a positive whole number`;
      const symbol = symbolColumn === null ? options.fixedSymbol! : (record[symbolColumn] ?? '').toUpperCase();
      if (!isSymbol(symbol)) return `symbol ${JSON.stringify(symbol)} is not a valid symbol (${SYMBOL_RULE})`;
      parsed.events.push({ kind: 'trade', time, symbol, price: Math.round(price * 10_000) / 10_000, size });
      return null;
    })();
    if (problem) {
      if (!options.skipBad) throw new ImportError(`${path}: line ${info.lines}: ${problem} (use --skip-bad to skip malformed rows)`);
      parsed.skipped++;
    }
  }
  // Rows may come in any order; the merge needs time order (stable, so equal times keep file order).
  parsed.events.sort((a, b) => a.time - b.time);
  return parsed;
}

function resolveColumn(spec: string | undefined, header: string[] | null, what: string, path: string): number | null {
  if (spec === undefined) return null;
  if (/^\d+$/.test(spec)) {
    if (Number(spec) < 1) throw new UsageError(`--${what} column numbers start at 1`);
    return Number(spec) - 1;
  }
  if (!header) throw new UsageError(`${path}: --${what} names a column ("${spec}") but the file has no header row; give a column number instead`);
  const index = header.findIndex((name) => name.trim().toLowerCase() === spec.trim().toLowerCase());
  if (index === -1) throw new UsageError(`${path}: no column named "${spec}" for --${what}; the header has: ${header.join(', ')}`);
  return index;
}

/** Returns epoch ms, or NaN when the text does not match the format. */
export function timeReader(format: string, zone: string): (text: string) => number {
  const context = { in: tz(zone) };
  switch (format) {
    case 'epoch-ms':
      return (text) => (/^\d+(\.\d+)?$/.test(text) ? Math.floor(Number(text)) : Number.NaN);
    case 'epoch-s':
      return (text) => (/^\d+(\.\d+)?$/.test(text) ? Math.floor(Number(text) * 1000) : Number.NaN);
    case 'iso':
      return (text) => {
        const date = parseISO(text, context);
        return isValid(date) ? date.getTime() : Number.NaN;
      };
    default:
      return (text) => {
        const date = parseDate(text, format, new Date(0), context);
        return isValid(date) ? date.getTime() : Number.NaN;
      };
  }
}
