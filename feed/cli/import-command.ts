import { Command, InvalidArgumentError, Option } from 'commander';
import { calendarFor } from '../../shared/market-calendar.ts';
import { formatExchangeTime } from '../exchange-time.ts';
import { assembleImport } from '../import/assemble.ts';
import { barIntervalMs, csvEvents, scanCsv, type CsvBarInterval, type CsvColumns, type CsvImportOptions, type CsvScan } from '../import/csv.ts';
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { ImportedData, ParsedFile } from '../import/import-types.ts';
import { dailyBarsToEvents, describeLeanFile, parseLeanDaily, parseLeanFile, type DailyBar, type LeanDailyFile, type LeanFile } from '../import/lean.ts';
import { ZonedDay } from '../import/zoned-day.ts';
import { loadSymbolProperties } from '../import/symbol-properties.ts';
import { emptyColumns } from '../../shared/bars/bar-series.ts';
import type { BarColumns, SymbolMeta, TimeRange } from '../../shared/protocol.ts';
import { writeImport } from '../import/write-import.ts';
import { writeCsvRecording } from '../import/csv-recording.ts';
import { ProgressBar } from './progress.ts';

const EXCHANGE_TIME_ZONE = calendarFor('us-equity').timeZone;
import { ensureWritableTarget, UsageError } from '../errors.ts';
import { integerIn } from './values.ts';

interface CommonImportFlags {
  /** Required except for a dry run (checked where it is used, so the message can say so). */
  out?: string;
  batchMs: number;
  skipBad: boolean;
  force: boolean;
}

function addCommonOptions(command: Command): Command {
  return command
    .option('-o, --out <file>', 'recording to write (.gz for gzip)')
    .addOption(new Option('-b, --batch-ms <ms>', 'batch interval of the recording (5-5000)').default(50).argParser(integerIn(5, 5000, 'batch interval')))
    .addOption(new Option('--skip-bad', 'skip malformed rows and report how many, instead of stopping at the first').default(false))
    .addOption(new Option('--force', 'overwrite --out if it exists').default(false));
}

export function importCommand(): Command {
  const lean = addCommonOptions(
    new Command('lean')
      .description(
        'Import Lean/AlgoSeek files: US equities (tick trades and quotes, second and minute bars, daily bars) and crypto (second and minute bars and quotes, ' +
          "24/7 in UTC, with tick and lot sizes from Lean's symbol properties); any symbols and days merge into one recording. " +
          "A symbol's daily file gives it daily history and the previous close before its first day; alone, its daily bars are replayed.",
      )
      .argument(
        '<files...>',
        'zip files laid out as .../{tick|second|minute}/{symbol}/{yyyymmdd}_{trade|quote}.zip, .../daily/{symbol}.zip or .../crypto/{market}/{second|minute}/{pair}/{yyyymmdd}_{trade|quote}.zip',
      ),
  ).action(async (files: string[], flags: CommonImportFlags) => importLean(files, flags));

  const csv = addCommonOptions(
    new Command('csv')
      .description('Import trades from CSV files with chosen columns. A header row is detected; "$" and thousands separators are tolerated.')
      .argument('<files...>', 'CSV files')
      .requiredOption('--time <column>', 'time column: 1-based number or header name; a date alone places a trade at that day\'s close')
      .addOption(new Option('--date-only-at <when>', 'where a trade with a date and no time goes: close (its regular session\'s last moment), open, or a local HH:mm').default('close').argParser(dateOnlyAtArg))
      .option('--date <column>', 'a separate date column: its cell, a space and the --time cell are read as one time (e.g. --time-format "dd.MM.yyyy HH:mm")')
      .option('--price <column>', 'price column, for a file of trades')
      .option('--size <column>', 'trade size column (default: size 1)')
      .option('--open <column>', 'for a file of bars (OHLCV): the open column; give --high, --low, --close and --volume too')
      .option('--high <column>', 'bar high column')
      .option('--low <column>', 'bar low column')
      .option('--close <column>', 'bar close column')
      .option('--volume <column>', 'bar volume column (a bar without one has no volume)')
      .addOption(
        new Option('--bar-interval <interval>', 'how long each bar is: seconds, minutes or hours up to a day (30s, 1m, 5m, 4h), or 1d (daily bars span their regular session)')
          .default('1d')
          .argParser((value: string) => {
            const read = barIntervalMs(value);
            if (!read.ok) throw new InvalidArgumentError(read.reason);
            return value;
          }),
      )
      .addOption(new Option('--symbol-col <column>', 'symbol column').conflicts('symbol'))
      .option('--symbol <symbol>', 'one symbol for every row, when there is no symbol column')
      .addOption(new Option('--time-format <format>', 'iso, epoch-s, epoch-ms, epoch-us, epoch-ns, or a date-fns pattern like "yyyy-MM-dd HH:mm:ss"').default('iso'))
      .addOption(new Option('--tz <zone>', `IANA zone of times without an offset (default: ${EXCHANGE_TIME_ZONE}; UTC with --market crypto)`))
      .addOption(new Option('--delimiter <char>', 'field separator (default: detected from the first line among , ; tab |)').argParser(delimiterArg))
      .addOption(new Option('--decimal <mark>', 'what marks decimals in numbers').choices(['.', ',']).default('.'))
      .addOption(new Option('--market <market>', 'us-equity (NYSE hours, whole shares) or crypto (24/7 in UTC, fractional sizes)').choices(['us-equity', 'crypto']).default('us-equity'))
      .addOption(new Option('--dry-run', 'check every row and show how the file is read (separator, header, columns, first rows, time range), writing nothing (no --out needed)').default(false)),
  ).action(async (files: string[], flags: CsvFlags) => importCsv(files, flags));

  return new Command('import').description('Convert real market data into a recording that `tickwall replay` plays.').addCommand(lean.exitOverride()).addCommand(csv.exitOverride()).exitOverride();
}

async function importLean(paths: string[], flags: CommonImportFlags): Promise<void> {
  const out = outOf(flags);
  ensureWritableTarget(out, flags.force, { replaces: true });
  const described = paths.map(describeLeanFile);
  const dayFiles = described.filter((f): f is LeanFile => f.resolution !== 'daily');
  const dailyFiles = described.filter((f): f is LeanDailyFile => f.resolution === 'daily');
  const progress = new ProgressBar('reading', described.length);
  const files: ParsedFile[] = [];
  for (const file of dayFiles) {
    files.push(parseLeanFile(file, flags.skipBad));
    progress.update(files.length, file.path);
  }
  // Daily files: the days before a symbol's intraday files are its daily history (and give its previous close);
  // a symbol with no intraday files is replayed from its daily bars.
  const firstDay = new Map<string, string>();
  for (const file of dayFiles) if (!(firstDay.get(file.symbol)! <= file.date)) firstDay.set(file.symbol, file.date);
  const prevCloses = new Map<string, number>();
  const daily = new Map<string, BarColumns>();
  const dailyOnly: string[] = [];
  for (const file of dailyFiles) {
    const parsed = parseLeanDaily(file, flags.skipBad);
    const name = file.crypto ? `crypto/${file.crypto.market}/daily/${file.crypto.leanSymbol}_trade.zip` : `daily/${file.symbol.toLowerCase()}.zip`;
    const first = firstDay.get(file.symbol);
    if (first === undefined) {
      files.push({ name, rows: parsed.rows, skipped: parsed.skipped, skippedBy: parsed.skippedBy, flagged: 0, conditioned: 0, events: dailyBarsToEvents(file.symbol, parsed.bars, file.crypto ? '24x7' : 'us-equity') });
      dailyOnly.push(file.symbol);
    } else {
      const before = parsed.bars.filter((bar) => bar.date < first);
      if (before.length > 0) prevCloses.set(file.symbol, before[before.length - 1]!.close);
      daily.set(file.symbol, dailyColumns(before, file.crypto ? 'UTC' : EXCHANGE_TIME_ZONE));
      files.push({ name, rows: parsed.rows, skipped: parsed.skipped, skippedBy: parsed.skippedBy, flagged: 0, conditioned: 0, events: [] });
    }
    progress.update(files.length, file.path);
  }
  progress.done();
  // Crypto: each symbol's tick size, lot size and quote currency from Lean's symbol properties, and a 24/7 UTC calendar.
  const instruments = new Map<string, Partial<SymbolMeta>>();
  const cryptoFiles = [...dayFiles, ...dailyFiles].filter((f) => f.crypto);
  if (cryptoFiles.length > 0) {
    const properties = loadSymbolProperties(cryptoFiles[0]!.path);
    for (const file of cryptoFiles) {
      const known = properties.get(`${file.crypto!.market}:${file.crypto!.leanSymbol}`);
      instruments.set(file.symbol, { calendar: '24x7', sector: 'Crypto', ...(known ?? { lotSize: 1e-8 }) });
    }
  }
  const resolutions = new Set(dayFiles.map((f) => f.resolution));
  const days = new Set(dayFiles.map((f) => f.date));
  const notes = [
    ...(dayFiles.some((f) => !f.crypto)
      ? ["Times: milliseconds after New York midnight on the file's date, converted to UTC with the zone's rules (daylight saving included).", 'Prices: deci-cents divided by 10,000.']
      : []),
    ...(cryptoFiles.length > 0
      ? [
          `Crypto (${[...instruments.keys()].join(', ')}): times are milliseconds after UTC midnight, prices and sizes as written (to 8 decimals), trading 24/7; tick size, lot size and currency from Lean's symbol properties.`,
        ]
      : []),
  ];
  if (days.size > 1) notes.push(`Days: ${days.size} trading days in one recording; each day's previous close is the day before's close in the data.`);
  const withoutPrevClose = [...new Set(dayFiles.map((f) => f.symbol)), ...dailyOnly].filter((symbol) => !prevCloses.has(symbol));
  notes.push(
    prevCloses.size > 0 ? `Previous close before the first day: the last close in the daily file (${[...prevCloses.keys()].sort().join(', ')}).` : 'Previous close before the first day: not in the data.',
  );
  if (withoutPrevClose.length > 0) notes.push(`No previous close for the first day of ${[...new Set(withoutPrevClose)].sort().join(', ')}: change is measured from the open (give the daily file to have one).`);
  if (resolutions.has('second') || resolutions.has('minute')) {
    notes.push('Bars: each became up to four trades over its interval: open, the nearer extreme, the other extreme, close; volume split evenly, remainder on the close.');
  }
  if (dailyOnly.length > 0) notes.push(`Daily bars (${dailyOnly.join(', ')}): each day became up to four trades across its regular session (a crypto day: 00:00 to 24:00 UTC), the same way.`);
  if (dayFiles.some((f) => f.tickType === 'quote')) notes.push('Quotes: every trade carries the latest bid and ask; a 0 on one side of a quote meant "no change".');
  const flagged = files.reduce((n, f) => n + f.flagged, 0);
  notes.push(`Flagged (suspicious) rows left out: ${flagged}.`);
  if (dayFiles.some((f) => f.resolution === 'tick' && f.tickType === 'trade')) {
    const conditioned = files.reduce((n, f) => n + f.conditioned, 0);
    notes.push(
      `Sale conditions: intermarket sweeps, average-price, derivatively priced, stock-option and seller prints count toward volume but set no price (volumeOnly); official open/close records, crosses and repeated auction fills left out (${conditioned}); the first opening print opens the session at 09:30:00.000 and the first closing print closes it at the session's last millisecond.`,
    );
  }
  await finish(assembleImport(files, notes, { prevCloses, daily, instruments }), 'lean', flags, cryptoFiles.length === described.length ? 'UTC' : EXCHANGE_TIME_ZONE);
}

/** Daily bars as a recording's daily line holds them: each starts at midnight of its day in the market's zone (New York, or UTC for crypto). */
function dailyColumns(bars: readonly DailyBar[], zone: string): BarColumns {
  const columns = emptyColumns();
  for (const bar of bars) {
    columns.time.push(ZonedDay.fromCompact(zone, bar.date).toEpoch(0));
    columns.open.push(bar.open);
    columns.high.push(bar.high);
    columns.low.push(bar.low);
    columns.close.push(bar.close);
    columns.volume.push(bar.volume);
    columns.count.push(0);
    // A daily file has no VWAP; the bar's typical price stands in for the volume-weighted one.
    columns.vwap.push(bar.volume > 0 ? (bar.high + bar.low + bar.close) / 3 : null);
  }
  return columns;
}

/** A one-character separator; "tab" and "\t" for a tab. */
function delimiterArg(value: string): string {
  const delimiter = value === 'tab' || value === '\\t' ? '\t' : value;
  if (delimiter.length !== 1 || /[\w"\s]/.test(delimiter.replace('\t', ''))) throw new UsageError(`--delimiter must be one character such as , ; | or tab, not ${JSON.stringify(value)}`);
  return delimiter;
}

interface CsvFlags extends CommonImportFlags {
  dryRun: boolean;
  market: 'us-equity' | 'crypto';
  delimiter?: string;
  decimal: '.' | ',';
  time: string;
  date?: string;
  dateOnlyAt: 'close' | 'open' | number;
  price?: string;
  open?: string;
  high?: string;
  low?: string;
  close?: string;
  volume?: string;
  barInterval: CsvBarInterval;
  size?: string;
  symbolCol?: string;
  symbol?: string;
  timeFormat: string;
  tz?: string;
}

async function importCsv(paths: string[], given: CsvFlags): Promise<void> {
  // Crypto trades round the clock in UTC: its times without an offset are UTC unless --tz says otherwise.
  const flags = { ...given, tz: given.tz ?? (given.market === 'crypto' ? 'UTC' : EXCHANGE_TIME_ZONE) };
  const out = flags.dryRun ? '' : outOf(flags);
  if (!flags.dryRun) ensureWritableTarget(out, flags.force, { replaces: true });
  if (!flags.symbolCol && !flags.symbol) throw new UsageError('give --symbol-col <column> or --symbol <symbol>');
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: flags.tz });
  } catch {
    throw new UsageError(`--tz ${flags.tz} is not a known IANA time zone (e.g. America/New_York, Europe/London, UTC)`);
  }
  const bars = [flags.open, flags.high, flags.low, flags.close].filter((c) => c !== undefined).length;
  if (bars > 0 && bars < 4) throw new UsageError('a file of bars needs all of --open, --high, --low and --close (and --volume)');
  if (bars === 4 && flags.price) throw new UsageError('give --price for a file of trades, or --open/--high/--low/--close for a file of bars, not both');
  if (bars === 0 && !flags.price) throw new UsageError('give --price <column> for a file of trades, or --open, --high, --low, --close and --volume for a file of bars');
  const optional = { date: flags.date, price: flags.price, size: flags.size, symbol: flags.symbolCol, open: flags.open, high: flags.high, low: flags.low, close: flags.close, volume: flags.volume };
  const columns: CsvColumns = { time: flags.time, ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) };
  const crypto = flags.market === 'crypto';
  const options: CsvImportOptions = {
    barInterval: flags.barInterval,
    calendar: crypto ? '24x7' : 'us-equity',
    columns,
    ...(flags.symbol ? { fixedSymbol: flags.symbol.toUpperCase() } : {}),
    ...(flags.delimiter ? { delimiter: flags.delimiter } : {}),
    decimal: flags.decimal,
    dateOnlyAt: flags.dateOnlyAt,
    timeFormat: flags.timeFormat,
    zone: flags.tz,
    skipBad: flags.skipBad,
  };
  // Two passes, each streaming: the first checks every row and finds what the header needs, the second writes.
  const scans: CsvScan[] = [];
  for (const path of paths) {
    const bar = new ProgressBar(`checking ${basename(path)}`, statSync(path, { throwIfNoEntry: false })?.size ?? 0);
    scans.push(await scanCsv(path, options, (bytes, rows) => bar.update(bytes, `${rows.toLocaleString('en-US')} rows`)).finally(() => bar.done()));
  }
  if (flags.dryRun) return dryRun(paths, scans, options, flags);
  const trades = scans.reduce((n, s) => n + s.trades, 0);
  const writing = new ProgressBar('writing', trades);
  const written = await writeCsvRecording(out, paths, scans, options, flags.batchMs, (ticks) => writing.update(ticks)).finally(() => writing.done());
  report(scans, written.symbols, written.trades, written.range, written.batches, out, written.zone);
  if (written.overlapNote) console.log(`tickwall: note: ${written.overlapNote}`);
}

/** What --dry-run prints: how each file is read, and its first trades as they would be written. */
async function dryRun(paths: string[], scans: CsvScan[], options: CsvImportOptions, flags: CsvFlags & { tz: string }): Promise<void> {
  const zone = flags.tz;
  for (const [i, path] of paths.entries()) {
    const scan = scans[i]!;
    const columnsUsed = Object.entries(options.columns).map(([what, spec]) => `${what} = ${/^\d+$/.test(spec) ? `column ${spec}` : `"${spec}"`}`);
    const first: string[] = [];
    for await (const event of csvEvents(path, options)) {
      if (event.kind === 'trade') first.push(`  ${formatExchangeTime(zone, event.time)}  ${event.symbol}  price ${event.price}  size ${event.size}`);
      if (first.length === 5) break;
    }
    const reasons = Object.entries(scan.skippedBy).map(([reason, n]) => `${n} ${reason}`);
    console.log(
      [
        `${path}:`,
        `  separator: ${scan.delimiter === '\t' ? 'tab' : JSON.stringify(scan.delimiter)}${options.delimiter ? '' : ' (detected)'}; decimals marked by "${flags.decimal}"`,
        `  header: ${scan.header ? scan.header.join(' | ') : 'none (columns by number)'}`,
        `  columns: ${columnsUsed.join(', ')}${options.fixedSymbol ? `; symbol ${options.fixedSymbol} for every row` : ''}`,
        `  rows: ${scan.rows.toLocaleString('en-US')}, trades: ${scan.trades.toLocaleString('en-US')}${scan.skipped ? `, skipped ${scan.skipped}: ${reasons.join('; ')}` : ''}`,
        `  symbols: ${Object.keys(scan.priceDecimals).sort().join(', ') || 'none'}`,
        scan.range ? `  time range: ${formatExchangeTime(zone, scan.range.start)} to ${formatExchangeTime(zone, scan.range.end)} (read in ${zone})` : '  time range: no trades',
        ...(scan.ambiguousTimes > 0 ? [`  ${scan.ambiguousTimes} local times in the repeated hour when the clocks went back: each taken as its first (daylight-saving) occurrence`] : []),
        '  first trades, in time order:',
        ...first,
      ].join('\n'),
    );
  }
  console.log('tickwall: dry run, nothing written');
}

async function finish(day: ImportedData, importer: 'lean' | 'csv', flags: CommonImportFlags, zone = EXCHANGE_TIME_ZONE): Promise<void> {
  const progress = new ProgressBar('writing', day.ticks.length);
  const out = outOf(flags);
  const batches = await writeImport(out, day, importer, zone, flags.batchMs, (written) => progress.update(written)).finally(() => progress.done());
  report(day.files, day.symbols, day.ticks.length, { start: day.ticks[0]!.time, end: day.ticks[day.ticks.length - 1]!.time }, batches, out, zone);
}

function outOf(flags: CommonImportFlags & { dryRun?: boolean }): string {
  if (!flags.out) throw new UsageError(`give --out <file>, the recording to write${'dryRun' in flags ? ' (or --dry-run to only check the files)' : ''}`);
  return flags.out;
}

function report(
  files: readonly (Pick<ParsedFile, 'name' | 'rows' | 'skipped' | 'skippedBy'> & { flagged?: number })[],
  symbols: readonly SymbolMeta[],
  ticks: number,
  range: TimeRange,
  batches: number,
  out: string,
  zone = EXCHANGE_TIME_ZONE,
): void {
  for (const file of files) {
    const reasons = Object.entries(file.skippedBy ?? {}).map(([reason, n]) => `${n} ${reason}`);
    const extra = [file.skipped ? `${file.skipped} malformed skipped${reasons.length ? `: ${reasons.join('; ')}` : ''}` : '', file.flagged ? `${file.flagged} flagged left out` : ''].filter(Boolean).join(', ');
    console.log(`  ${file.name}: ${file.rows.toLocaleString('en-US')} rows${extra ? ` (${extra})` : ''}`);
  }
  const skipped = files.reduce((n, f) => n + f.skipped, 0);
  console.log(
    `tickwall: imported ${ticks.toLocaleString('en-US')} ticks of ${symbols.map((s) => s.symbol).join(', ')} in ${batches.toLocaleString('en-US')} batches, ` +
      `${formatExchangeTime(zone, range.start)} to ${formatExchangeTime(zone, range.end)}, into ${out}` +
      (skipped ? `; ${skipped} malformed rows skipped` : ''),
  );
}

/** --date-only-at: close, open, or HH:mm (as ms after local midnight). */
function dateOnlyAtArg(value: string): 'close' | 'open' | number {
  if (value === 'close' || value === 'open') return value;
  const match = /^(\d\d?):(\d\d)$/.exec(value);
  if (match && Number(match[1]) < 24 && Number(match[2]) < 60) return (Number(match[1]) * 60 + Number(match[2])) * 60_000;
  throw new InvalidArgumentError(`"${value}" is not close, open or a time like 16:00`);
}
