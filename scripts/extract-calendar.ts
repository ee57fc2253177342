/**
 * Regenerates shared/calendar-data/us-equity.json from QuantConnect Lean's market-hours database
 * (Data/market-hours/market-hours-database.json, entry "Equity-usa-[*]"):
 *
 *   npx tsx scripts/extract-calendar.ts /path/to/market-hours-database.json [--out file.json]
 *
 * Lean lists holidays as "M/D/YYYY" and early closes as "M/D/YYYY" -> "HH:MM:SS". The output uses ISO dates,
 * drops entries that fall on a weekend (the market is closed then anyway), names the closures that the NYSE
 * rules in shared/us-equity-rules.ts do not produce, and prints how the data differs from those rules.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { civilFromDays, dayOfWeek, daysFromCivil, isValidDate } from '../shared/zoned-time.ts';
import { ruleEarlyCloses, ruleHolidays } from '../shared/us-equity-rules.ts';

const ENTRY = 'Equity-usa-[*]';
const DEFAULT_OUT = fileURLToPath(new URL('../shared/calendar-data/us-equity.json', import.meta.url));

/** Names for one-off closures (Lean has no names; these are the NYSE's reasons). */
const SPECIAL_CLOSURES: Record<string, string> = {
  '2001-09-11': 'September 11 attacks',
  '2001-09-12': 'September 11 attacks',
  '2001-09-13': 'September 11 attacks',
  '2001-09-14': 'September 11 attacks',
  '2004-06-11': 'National Day of Mourning for Ronald Reagan',
  '2007-01-02': 'National Day of Mourning for Gerald Ford',
  '2012-10-29': 'Hurricane Sandy',
  '2012-10-30': 'Hurricane Sandy',
  '2018-12-05': 'National Day of Mourning for George H. W. Bush',
  '2025-01-09': 'National Day of Mourning for Jimmy Carter',
};

interface LeanSegment {
  start: string;
  end: string;
  state: string;
}

function fail(message: string): never {
  console.error(`extract-calendar: ${message}`);
  process.exit(1);
}

function iso(dayNumber: number): string {
  const { year, month, day } = civilFromDays(dayNumber);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** "11/28/2013" -> day number. */
function parseLeanDate(text: string): number {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const [month, day, year] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  if (!isValidDate(year, month, day)) fail(`bad date ${JSON.stringify(text)}`);
  return daysFromCivil(year, month, day);
}

/** "13:00:00" -> "13:00" ("13:00:30" stays as is). */
function parseLeanTime(text: string): string {
  const match = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!match || Number(match[1]) > 24 || Number(match[2]) > 59) fail(`bad time ${JSON.stringify(text)}`);
  return match[3] && match[3] !== '00' ? text : `${match[1]}:${match[2]}`;
}

const isWeekend = (dayNumber: number) => dayOfWeek(dayNumber) === 0 || dayOfWeek(dayNumber) === 6;
const yearOf = (dayNumber: number) => civilFromDays(dayNumber).year;

function main(argv: string[]): void {
  const outIndex = argv.indexOf('--out');
  const out = outIndex >= 0 ? argv[outIndex + 1] : DEFAULT_OUT;
  const inputs = outIndex >= 0 ? argv.filter((_, i) => i !== outIndex && i !== outIndex + 1) : argv;
  if (inputs.length !== 1 || !out) fail('usage: tsx scripts/extract-calendar.ts <market-hours-database.json> [--out file.json]');

  const database = JSON.parse(readFileSync(inputs[0]!, 'utf8')) as { entries?: Record<string, Record<string, unknown>> };
  const entry = database.entries?.[ENTRY];
  if (!entry) fail(`no entry ${ENTRY}`);
  if (entry.exchangeTimeZone !== 'America/New_York') fail(`unexpected exchangeTimeZone ${String(entry.exchangeTimeZone)}`);
  if (entry.lateOpens && Object.keys(entry.lateOpens).length > 0) fail('late opens are not supported');

  // Sessions: the same for Monday..Friday, none at weekends.
  const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((day) => JSON.stringify(entry[day]));
  if (new Set(weekdays).size !== 1) fail('weekday sessions differ');
  for (const day of ['saturday', 'sunday']) {
    if (!Array.isArray(entry[day]) || (entry[day] as unknown[]).length > 0) fail(`${day} has sessions`);
  }
  const segments = entry.monday as LeanSegment[];
  const segment = (state: string) => segments.find((s) => s.state === state) ?? fail(`no ${state} segment`);
  const [pre, market, post] = [segment('premarket'), segment('market'), segment('postmarket')];
  if (pre.end !== market.start || market.end !== post.start) fail('sessions are not contiguous');
  const sessions = {
    preOpen: parseLeanTime(pre.start),
    open: parseLeanTime(market.start),
    close: parseLeanTime(market.end),
    postClose: parseLeanTime(post.end),
  };

  const dropped: string[] = [];
  const holidays = [...new Set((entry.holidays as string[]).map(parseLeanDate))]
    .filter((date) => (isWeekend(date) ? (dropped.push(`holiday ${iso(date)}`), false) : true))
    .sort((a, b) => a - b);
  const earlyCloses = Object.entries(entry.earlyCloses as Record<string, string>)
    .map(([date, time]) => [parseLeanDate(date), parseLeanTime(time)] as const)
    .filter(([date]) => (isWeekend(date) ? (dropped.push(`early close ${iso(date)}`), false) : true))
    .sort((a, b) => a[0] - b[0]);
  const firstYear = yearOf(holidays[0]!);
  const lastYear = yearOf(holidays[holidays.length - 1]!);

  // Compare with the rules; name what the rules do not produce.
  const ruleDays = new Map<number, string>();
  const ruleEarly = new Set<number>();
  for (let year = firstYear; year <= lastYear; year++) {
    const yearHolidays = ruleHolidays(year);
    for (const [date, name] of yearHolidays) ruleDays.set(date, name);
    for (const date of ruleEarlyCloses(year, yearHolidays)) ruleEarly.add(date);
  }
  const specialClosures: Record<string, string> = {};
  for (const date of holidays) {
    if (ruleDays.has(date)) continue;
    const name = SPECIAL_CLOSURES[iso(date)];
    if (!name) console.warn(`warning: ${iso(date)} is neither a rule holiday nor a known special closure; named "Special closure"`);
    specialClosures[iso(date)] = name ?? 'Special closure';
  }
  const holidaySet = new Set(holidays);
  const earlySet = new Set(earlyCloses.map(([date]) => date));
  const report = (label: string, dates: number[]) => console.log(`${label}: ${dates.length ? dates.map(iso).join(' ') : 'none'}`);
  console.log(`dropped weekend entries: ${dropped.length ? dropped.join(', ') : 'none'}`);
  report('holidays not in the rules', holidays.filter((d) => !ruleDays.has(d)));
  report('rule holidays missing from Lean', [...ruleDays.keys()].filter((d) => !holidaySet.has(d)));
  report('early closes not in the rules', [...earlySet].filter((d) => !ruleEarly.has(d)));
  report('rule early closes missing from Lean', [...ruleEarly].filter((d) => !earlySet.has(d)));

  // Compact JSON: one line per year for the date lists.
  const byYear = <T>(items: T[], dateOf: (item: T) => number, format: (item: T) => string) => {
    const lines = new Map<number, string[]>();
    for (const item of items) {
      const year = yearOf(dateOf(item));
      lines.set(year, [...(lines.get(year) ?? []), format(item)]);
    }
    return [...lines.values()].map((line) => `    ${line.join(', ')}`).join(',\n');
  };
  const text = [
    '{',
    `  "source": ${JSON.stringify(`QuantConnect Lean, Data/market-hours/market-hours-database.json, entry ${ENTRY}; Apache-2.0, see LICENSE`)},`,
    `  "timeZone": ${JSON.stringify(entry.exchangeTimeZone)},`,
    `  "firstYear": ${firstYear},`,
    `  "lastYear": ${lastYear},`,
    `  "sessions": ${JSON.stringify(sessions).replaceAll(',', ', ').replaceAll(':"', ': "')},`,
    '  "holidays": [',
    byYear(holidays, (d) => d, (d) => JSON.stringify(iso(d))),
    '  ],',
    '  "specialClosures": {',
    Object.entries(specialClosures).map(([date, name]) => `    ${JSON.stringify(date)}: ${JSON.stringify(name)}`).join(',\n'),
    '  },',
    '  "earlyCloses": {',
    byYear(earlyCloses, ([d]) => d, ([d, time]) => `${JSON.stringify(iso(d))}: ${JSON.stringify(time)}`),
    '  }',
    '}',
    '',
  ].join('\n');
  JSON.parse(text); // never write a broken file
  writeFileSync(out, text);
  console.log(`wrote ${out}: ${holidays.length} holidays, ${earlyCloses.length} early closes, ${firstYear}-${lastYear}`);
}

main(process.argv.slice(2));
