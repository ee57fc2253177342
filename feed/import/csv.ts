import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { isSymbol, SYMBOL_RULE } from '../../shared/symbol.ts';
import { UsageError } from '../errors.ts';
import { checkPrice, checkSize, decimalsOf, readNumber, roundPrice, timeReader, type DecimalMark } from './csv-values.ts';
import { ImportError, type ParsedFile } from './import-types.ts';

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
  /** "iso", "epoch-s", "epoch-ms", "epoch-us", "epoch-ns", or a date-fns pattern such as "yyyy-MM-dd HH:mm:ss". */
  timeFormat: string;
  /** IANA zone for times that carry no offset. */
  zone: string;
  skipBad: boolean;
  /** The field separator; detected from the first line when not given. */
  delimiter?: string;
  /** What marks decimals in numbers: "." (default) or ",". */
  decimal?: DecimalMark;
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

/**
 * Reads one CSV of trades. Detects a header row and the separator; reads
 * numbers and times by the rules of csv-values.ts. A row that cannot be
 * read exactly stops the import with its file, line, column and reason, or
 * with skipBad is counted under its reason. Each symbol's price precision
 * (the most decimals its prices are written with) is kept for its tick size.
 */
export function parseCsvFile(path: string, options: CsvImportOptions): ParsedFile {
  if (options.fixedSymbol !== undefined && !isSymbol(options.fixedSymbol)) throw new UsageError(`--symbol ${JSON.stringify(options.fixedSymbol)} is not a valid symbol (${SYMBOL_RULE})`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ImportError(`${path}: cannot read: ${(error as Error).message}`);
  }
  const delimiter = options.delimiter ?? detectDelimiter(text);
  let rows: CsvRow[];
  try {
    rows = parseCsv(text, { info: true, relax_column_count: true, skip_empty_lines: true, trim: true, bom: true, delimiter }) as unknown as CsvRow[];
  } catch (error) {
    throw new ImportError(`${path}: ${(error as Error).message}`);
  }
  const parsed: ParsedFile = { name: basename(path), rows: 0, skipped: 0, flagged: 0, conditioned: 0, events: [], skippedBy: {}, priceDecimals: {}, ambiguousTimes: 0 };
  if (rows.length === 0) return parsed;
  const decimal = options.decimal ?? '.';

  const priceSpec = options.columns.price;
  const firstPrice = /^\d+$/.test(priceSpec) ? rows[0]!.record[Number(priceSpec) - 1] : undefined;
  const hasHeader = firstPrice === undefined || !readNumber(firstPrice, decimal).ok;
  const header = hasHeader ? rows[0]!.record : null;
  const column = (spec: string | undefined, what: string) => resolveColumn(spec, header, what, path, delimiter);
  const columns = { time: column(options.columns.time, 'time')!, price: column(options.columns.price, 'price')!, size: column(options.columns.size, 'size'), symbol: column(options.columns.symbol, 'symbol') };
  const readTime = timeReader(options.timeFormat, options.zone);

  for (const { record, info } of hasHeader ? rows.slice(1) : rows) {
    parsed.rows++;
    const problem = (() => {
      const field = (index: number, what: string): { ok: true; text: string } | { ok: false; kind: string; reason: string } =>
        index < record.length ? { ok: true, text: record[index]! } : { ok: false, kind: `${what} missing`, reason: `column ${index + 1} (${what}) is missing: the row has ${record.length} column${record.length === 1 ? '' : 's'}` };
      const bad = (index: number, what: string, value: string, reason: string) => ({ kind: `${what} ${reason.replace(/\d+(\.\d+)?/g, '#').split(';')[0]}`, reason: `column ${index + 1} (${what}) ${JSON.stringify(value)} ${reason}` });

      const timeField = field(columns.time, 'time');
      if (!timeField.ok) return timeField;
      const time = readTime(timeField.text);
      if (!time.ok) return bad(columns.time, 'time', timeField.text, time.reason);

      const priceField = field(columns.price, 'price');
      if (!priceField.ok) return priceField;
      const price = readNumber(priceField.text, decimal);
      if (!price.ok) return bad(columns.price, 'price', priceField.text, price.reason);
      const priceProblem = checkPrice(price.value);
      if (priceProblem) return bad(columns.price, 'price', priceField.text, priceProblem);

      let size = 1;
      if (columns.size !== null) {
        const sizeField = field(columns.size, 'size');
        if (!sizeField.ok) return sizeField;
        const read = readNumber(sizeField.text, decimal);
        if (!read.ok) return bad(columns.size, 'size', sizeField.text, read.reason);
        const sizeProblem = checkSize(read.value);
        if (sizeProblem) return bad(columns.size, 'size', sizeField.text, sizeProblem);
        size = roundPrice(read.value);
      }

      let symbol = options.fixedSymbol!;
      if (columns.symbol !== null) {
        const symbolField = field(columns.symbol, 'symbol');
        if (!symbolField.ok) return symbolField;
        symbol = symbolField.text.toUpperCase();
        if (!isSymbol(symbol)) return bad(columns.symbol, 'symbol', symbolField.text, `is not a valid symbol (${SYMBOL_RULE})`);
      }
      const rounded = roundPrice(price.value);
      parsed.priceDecimals![symbol] = Math.max(parsed.priceDecimals![symbol] ?? 0, decimalsOf(rounded));
      if (time.ambiguous) parsed.ambiguousTimes!++;
      parsed.events.push({ kind: 'trade', time: time.value, symbol, price: rounded, size });
      return null;
    })();
    if (problem) {
      if (!options.skipBad) throw new ImportError(`${path}: line ${info.lines}, ${problem.reason} (use --skip-bad to skip malformed rows)`);
      parsed.skipped++;
      parsed.skippedBy![problem.kind] = (parsed.skippedBy![problem.kind] ?? 0) + 1;
    }
  }
  // Rows may come in any order; the merge needs time order (stable, so equal times keep file order).
  parsed.events.sort((a, b) => a.time - b.time);
  return parsed;
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
