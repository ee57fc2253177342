import { calendarFor } from '../../shared/market-calendar.ts';
import { quoteCurrencyOf } from '../../shared/symbol.ts';
import type { SymbolMeta, TimeRange } from '../../shared/protocol.ts';
import { symbolMetadata } from './assemble.ts';
import { csvEvents, SORT_WINDOW_ROWS, type CsvImportOptions, type CsvScan } from './csv.ts';
import { Batcher, mergeEvents, TickAssembler, type ImportBatch } from './tick-stream.ts';
import { writeBatches } from './write-import.ts';

const EXCHANGE_TIME_ZONE = calendarFor('us-equity').timeZone;

/** What the second pass wrote. */
export interface CsvRecording {
  batches: number;
  trades: number;
  symbols: SymbolMeta[];
  range: TimeRange;
  zone: string;
  /** Said on the console too: how many local times fell in a repeated hour. */
  overlapNote: string | null;
}

/**
 * The second of `import csv`'s two streaming passes: from the first pass's
 * scans (symbols, precision, time range), writes the files' trades as one
 * recording, read again row by row and merged in time order, with the
 * header and notes the scans allow. What the CLI runs, and what the
 * hostile-file property test drives.
 */
export async function writeCsvRecording(out: string, paths: readonly string[], scans: readonly CsvScan[], options: CsvImportOptions, batchMs: number, onProgress: (ticks: number) => void = () => {}): Promise<CsvRecording> {
  const trades = scans.reduce((n, s) => n + s.trades, 0);
  if (trades === 0) throw new Error('nothing to import: the input held no trades');
  const decimals = new Map<string, number>();
  for (const scan of scans) for (const [symbol, d] of Object.entries(scan.priceDecimals)) decimals.set(symbol, Math.max(decimals.get(symbol) ?? 0, d));
  const ranges = scans.flatMap((s) => (s.range ? [s.range] : []));
  const range = { start: Math.min(...ranges.map((r) => r.start)), end: Math.max(...ranges.map((r) => r.end)) };
  const crypto = options.calendar === '24x7';
  const bars = options.columns.open !== undefined;
  const notes = [
    `Times read as ${options.timeFormat} in ${options.zone}.`,
    ...(bars
      ? [`Bars (${options.barInterval ?? '1d'}): each became up to four trades over its interval (a daily bar over its regular session): open, the nearer extreme, the other extreme, close; volume split evenly.`]
      : []),
    `Numbers: "${options.decimal ?? '.'}" marks decimals.`,
    `Order: rows put in time order within a window of ${SORT_WINDOW_ROWS.toLocaleString('en-US')} rows (a file more out of order than that is refused).`,
    'Previous close: none before the first day (change is measured from the open); each later day\'s is the day before\'s close in the data.',
  ];
  const ambiguous = scans.reduce((n, s) => n + s.ambiguousTimes, 0);
  const overlapNote = ambiguous > 0 ? `${ambiguous} local times fell in the repeated hour when the clocks went back; each was taken as its first (daylight-saving) occurrence.` : null;
  if (overlapNote) notes.push(overlapNote);
  // A crypto pair is quoted in the currency it names (ETH-EUR in EUR, ETH-BTC in BTC).
  const instruments = new Map([...decimals.keys()].map((symbol) => [symbol, crypto ? { calendar: '24x7' as const, sector: 'Crypto', lotSize: 1e-8, currency: quoteCurrencyOf(symbol) ?? 'USD' } : {}]));
  const symbols = symbolMetadata(decimals.keys(), new Map(), decimals, instruments);
  const zone = crypto ? 'UTC' : EXCHANGE_TIME_ZONE;
  if (crypto) notes.push('Market: crypto, trading 24/7 in UTC (a daily bar spans 00:00 to 24:00 UTC); sizes in steps of 1e-8.');

  async function* batches(): AsyncGenerator<ImportBatch> {
    const assembler = new TickAssembler();
    const batcher = new Batcher(batchMs);
    for await (const event of mergeEvents(paths.map((path) => csvEvents(path, options)))) {
      const tick = assembler.push(event);
      const batch = tick && batcher.push(tick);
      if (batch) yield batch;
    }
    const last = batcher.flush();
    if (last) yield last;
  }
  const count = await writeBatches(out, { importer: 'csv', files: [...scans], notes, symbols, range, zone, batchMs }, batches(), onProgress);
  return { batches: count, trades, symbols, range, zone, overlapNote };
}
