import { Command, Option } from 'commander';
import { calendarFor } from '../../shared/market-calendar.ts';
import { formatExchangeTime } from '../exchange-time.ts';
import { assembleDay } from '../import/assemble.ts';
import { parseCsvFile } from '../import/csv.ts';
import type { ImportedDay, ParsedFile } from '../import/import-types.ts';
import { describeLeanPath, parseLeanFile } from '../import/lean.ts';
import { writeImportedDay } from '../import/write-import.ts';
import { ProgressBar } from './progress.ts';

const EXCHANGE_TIME_ZONE = calendarFor('us-equity').timeZone;
import { ensureWritableTarget, UsageError } from '../errors.ts';
import { integerIn } from './values.ts';

interface CommonImportFlags {
  out: string;
  batchMs: number;
  skipBad: boolean;
  force: boolean;
}

function addCommonOptions(command: Command): Command {
  return command
    .requiredOption('-o, --out <file>', 'recording to write (.gz for gzip)')
    .addOption(new Option('-b, --batch-ms <ms>', 'batch interval of the recording (5-5000)').default(50).argParser(integerIn(5, 5000, 'batch interval')))
    .addOption(new Option('--skip-bad', 'skip malformed rows and report how many, instead of stopping at the first').default(false))
    .addOption(new Option('--force', 'overwrite --out if it exists').default(false));
}

export function importCommand(): Command {
  const lean = addCommonOptions(
    new Command('lean')
      .description('Import Lean/AlgoSeek US equity files (tick trades and quotes, second and minute bars); several symbols of one day merge into one recording.')
      .argument('<files...>', 'zip files laid out as .../{tick|second|minute}/{symbol}/{yyyymmdd}_{trade|quote}.zip'),
  ).action(async (files: string[], flags: CommonImportFlags) => importLean(files, flags));

  const csv = addCommonOptions(
    new Command('csv')
      .description('Import trades from CSV files with chosen columns. A header row is detected; "$" and thousands separators are tolerated.')
      .argument('<files...>', 'CSV files')
      .requiredOption('--time <column>', 'time column: 1-based number or header name')
      .requiredOption('--price <column>', 'price column')
      .option('--size <column>', 'trade size column (default: size 1)')
      .addOption(new Option('--symbol-col <column>', 'symbol column').conflicts('symbol'))
      .option('--symbol <symbol>', 'one symbol for every row, when there is no symbol column')
      .addOption(new Option('--time-format <format>', 'iso, epoch-ms, epoch-s, or a date-fns pattern like "yyyy-MM-dd HH:mm:ss"').default('iso'))
      .addOption(new Option('--tz <zone>', 'IANA zone of times without an offset').default(EXCHANGE_TIME_ZONE)),
  ).action(async (files: string[], flags: CsvFlags) => importCsv(files, flags));

  return new Command('import').description('Convert real market data into a recording that `tickwall replay` plays.').addCommand(lean.exitOverride()).addCommand(csv.exitOverride()).exitOverride();
}

async function importLean(paths: string[], flags: CommonImportFlags): Promise<void> {
  ensureWritableTarget(flags.out, flags.force, { replaces: true });
  const described = paths.map(describeLeanPath);
  const dates = new Set(described.map((f) => f.date));
  if (dates.size > 1) throw new UsageError(`one recording holds one trading day; these files span ${[...dates].join(', ')}`);
  const progress = new ProgressBar('reading', described.length);
  const files: ParsedFile[] = [];
  for (const file of described) {
    files.push(parseLeanFile(file, flags.skipBad));
    progress.update(files.length, file.path);
  }
  progress.done();
  const resolutions = new Set(described.map((f) => f.resolution));
  const notes = [
    "Times: milliseconds after New York midnight on the file's date, converted to UTC with the zone's rules (daylight saving included).",
    'Prices: deci-cents divided by 10,000.',
    "Reference price (shown as prev close): each symbol's first regular-session trade.",
  ];
  if (resolutions.has('second') || resolutions.has('minute')) {
    notes.push('Bars: each became up to four trades over its interval: open, the nearer extreme, the other extreme, close; volume split evenly, remainder on the close.');
  }
  if (described.some((f) => f.tickType === 'quote')) notes.push('Quotes: every trade carries the latest bid and ask; a 0 on one side of a quote meant "no change".');
  const flagged = files.reduce((n, f) => n + f.flagged, 0);
  notes.push(`Flagged (suspicious) rows left out: ${flagged}.`);
  if (described.some((f) => f.resolution === 'tick' && f.tickType === 'trade')) {
    const conditioned = files.reduce((n, f) => n + f.conditioned, 0);
    notes.push(
      `Sale conditions: intermarket sweeps, average-price, derivatively priced, stock-option and seller prints count toward volume but set no price (volumeOnly); official open/close records, crosses and repeated auction fills left out (${conditioned}); the first opening print opens the session at 09:30:00.000 and the first closing print closes it at the session's last millisecond.`,
    );
  }
  await finish(assembleDay(files, notes), 'lean', flags);
}

interface CsvFlags extends CommonImportFlags {
  time: string;
  price: string;
  size?: string;
  symbolCol?: string;
  symbol?: string;
  timeFormat: string;
  tz: string;
}

async function importCsv(paths: string[], flags: CsvFlags): Promise<void> {
  ensureWritableTarget(flags.out, flags.force, { replaces: true });
  if (!flags.symbolCol && !flags.symbol) throw new UsageError('give --symbol-col <column> or --symbol <symbol>');
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: flags.tz });
  } catch {
    throw new UsageError(`--tz ${flags.tz} is not a known IANA time zone (e.g. America/New_York, Europe/London, UTC)`);
  }
  const columns = { time: flags.time, price: flags.price, ...(flags.size ? { size: flags.size } : {}), ...(flags.symbolCol ? { symbol: flags.symbolCol } : {}) };
  const progress = new ProgressBar('reading', paths.length);
  const files: ParsedFile[] = [];
  for (const path of paths) {
    files.push(parseCsvFile(path, { columns, ...(flags.symbol ? { fixedSymbol: flags.symbol.toUpperCase() } : {}), timeFormat: flags.timeFormat, zone: flags.tz, skipBad: flags.skipBad }));
    progress.update(files.length, path);
  }
  progress.done();
  const notes = [`Times read as ${flags.timeFormat} in ${flags.tz}.`, "Reference price (shown as prev close): each symbol's first regular-session trade."];
  await finish(assembleDay(files, notes), 'csv', flags);
}

async function finish(day: ImportedDay, importer: 'lean' | 'csv', flags: CommonImportFlags): Promise<void> {
  const progress = new ProgressBar('writing', day.ticks.length);
  const batches = await writeImportedDay(flags.out, day, importer, EXCHANGE_TIME_ZONE, flags.batchMs, (written) => progress.update(written)).finally(() => progress.done());
  for (const file of day.files) {
    const extra = [file.skipped ? `${file.skipped} malformed skipped` : '', file.flagged ? `${file.flagged} flagged left out` : ''].filter(Boolean).join(', ');
    console.log(`  ${file.name}: ${file.rows.toLocaleString('en-US')} rows${extra ? ` (${extra})` : ''}`);
  }
  const skipped = day.files.reduce((n, f) => n + f.skipped, 0);
  const first = day.ticks[0]!;
  const last = day.ticks[day.ticks.length - 1]!;
  console.log(
    `tickwall: imported ${day.ticks.length.toLocaleString('en-US')} ticks of ${day.symbols.map((s) => s.symbol).join(', ')} in ${batches.toLocaleString('en-US')} batches, ` +
      `${formatExchangeTime(EXCHANGE_TIME_ZONE, first.time)} to ${formatExchangeTime(EXCHANGE_TIME_ZONE, last.time)}, into ${flags.out}` +
      (skipped ? `; ${skipped} malformed rows skipped` : ''),
  );
}
