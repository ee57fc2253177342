/**
 * Epoch ms <-> wall-clock date/time in an IANA time zone, DST-aware.
 *
 * Pure and environment-neutral (Node and browser): the only platform API is Intl.DateTimeFormat, used to read
 * a zone's UTC offset at an instant; one formatter per zone is created and cached. Calendar-date arithmetic is
 * done on "day numbers" (days since 1970-01-01 in the proleptic Gregorian calendar), without Date objects.
 */

export const MS_PER_DAY = 86_400_000;

/** A calendar date; month is 1-12. */
export interface WallDate {
  year: number;
  month: number;
  day: number;
}

/** A wall-clock date and time of day in some zone. */
export interface WallDateTime extends WallDate {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** Days from 1970-01-01 to the given proleptic Gregorian date (negative before 1970). */
export function daysFromCivil(year: number, month: number, day: number): number {
  // Howard Hinnant's days_from_civil: years start in March, so the leap day is the last day of a year.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The date of a day number (inverse of daysFromCivil). */
export function civilFromDays(dayNumber: number): WallDate {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Day of the week of a day number: 0 = Sunday ... 6 = Saturday. */
export function dayOfWeek(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** True for an existing date with integer fields (years 1-9999). */
export function isValidDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

function isUtc(zone: string): boolean {
  return zone === 'UTC' || zone === 'Etc/UTC' || zone === 'GMT' || zone === 'Etc/GMT';
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    // Throws RangeError for an unknown zone, which is the error we want callers to see.
    formatter = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
      timeZone: zone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/**
 * Offsets by zone and quarter hour of UTC. Every modern zone's offset is a
 * multiple of 15 minutes and changes on a local hour or half hour, so it is
 * constant within a UTC quarter hour; asking Intl costs microseconds, and
 * bar building asks once per print. Bounded: cleared at MAX_CACHED_OFFSETS.
 */
const offsetCache = new Map<string, Map<number, number>>();
const QUARTER_HOUR_MS = 900_000;
const MAX_CACHED_OFFSETS = 8192;

/** Offset of the zone's wall clock from UTC at an instant, in ms (New York in winter: -18_000_000). */
export function zoneOffsetMs(zone: string, epochMs: number): number {
  if (isUtc(zone)) return 0;
  let cache = offsetCache.get(zone);
  if (!cache) offsetCache.set(zone, (cache = new Map()));
  const quarter = Math.floor(epochMs / QUARTER_HOUR_MS);
  let offset = cache.get(quarter);
  if (offset === undefined) {
    offset = askedOffsetMs(zone, epochMs);
    if (cache.size >= MAX_CACHED_OFFSETS) cache.clear();
    cache.set(quarter, offset);
  }
  return offset;
}

function askedOffsetMs(zone: string, epochMs: number): number {
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of formatterFor(zone).formatToParts(wholeSecond)) {
    switch (part.type) {
      case 'year': year = Number(part.value); break;
      case 'month': month = Number(part.value); break;
      case 'day': day = Number(part.value); break;
      case 'hour': hour = Number(part.value); break;
      case 'minute': minute = Number(part.value); break;
      case 'second': second = Number(part.value); break;
    }
  }
  const wall = daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000;
  return wall - wholeSecond;
}

/** Day number (see daysFromCivil) of the zone's local date at an instant. */
export function localDayNumber(zone: string, epochMs: number): number {
  return Math.floor((epochMs + zoneOffsetMs(zone, epochMs)) / MS_PER_DAY);
}

/** The zone's local calendar date at an instant. */
export function localDateOf(zone: string, epochMs: number): WallDate {
  return civilFromDays(localDayNumber(zone, epochMs));
}

/** The zone's local date and time of day at an instant. */
export function localDateTimeOf(zone: string, epochMs: number): WallDateTime {
  const wall = epochMs + zoneOffsetMs(zone, epochMs);
  const dayNumber = Math.floor(wall / MS_PER_DAY);
  let rest = wall - dayNumber * MS_PER_DAY;
  const millisecond = rest % 1000;
  rest = (rest - millisecond) / 1000;
  return { ...civilFromDays(dayNumber), hour: Math.floor(rest / 3600), minute: Math.floor(rest / 60) % 60, second: rest % 60, millisecond };
}

/**
 * Epoch ms of a wall-clock time, given as ms after local midnight (may exceed a day: 24:00 is the next midnight),
 * on a local date given as a day number. Wall times that occur twice (a fall-back fold) resolve to the earlier
 * instant; wall times skipped by a spring-forward gap move forward by the gap (02:30 -> 03:30), as JS Date does.
 */
export function dayNumberToEpoch(zone: string, dayNumber: number, msAfterMidnight: number): number {
  const wall = dayNumber * MS_PER_DAY + msAfterMidnight;
  if (isUtc(zone)) return wall;
  // Offsets a day either side bracket any transition near this wall time (zones change offset at most once a day).
  const before = zoneOffsetMs(zone, wall - MS_PER_DAY);
  const after = zoneOffsetMs(zone, wall + MS_PER_DAY);
  const candidates = before === after ? [wall - before] : [wall - before, wall - after].sort((a, b) => a - b);
  for (const candidate of candidates) {
    if (zoneOffsetMs(zone, candidate) === wall - candidate) return candidate;
  }
  // In a gap (or a rare zone whose offset moved twice within two days): keep the offset in force before it.
  return wall - before;
}

/** Epoch ms of a wall-clock time (ms after local midnight) on a local date in a zone. See dayNumberToEpoch. */
export function localToEpoch(zone: string, date: WallDate, msAfterMidnight: number): number {
  return dayNumberToEpoch(zone, daysFromCivil(date.year, date.month, date.day), msAfterMidnight);
}
