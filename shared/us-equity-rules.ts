import { dayOfWeek, daysFromCivil } from './zoned-time.ts';

/**
 * The NYSE holiday and early-close rules (NYSE Rule 7.2 as practised since 1998), as pure functions of the year.
 * Dates are day numbers (days since 1970-01-01, see zoned-time.ts). market-calendar.ts uses these outside the
 * range of the Lean data; scripts/extract-calendar.ts and the unit tests use them to name and check that data.
 *
 * Not modelled: one-off closures (national days of mourning, storms; the Lean data has those for 1998-2028)
 * and the pre-1998 history (Election Day, Lincoln's Birthday, Columbus Day, fixed-date Washington's
 * Birthday/Memorial Day before 1971, Saturday sessions before 1952). Years before 1998 are an approximation.
 */

/** First year NYSE closed for Martin Luther King Jr. Day. */
export const MLK_DAY_FROM = 1998;
/** First year NYSE closed for Juneteenth. */
export const JUNETEENTH_FROM = 2022;

/** Early closes: 13:00 local, ms after midnight. */
export const EARLY_CLOSE_MS = 13 * 3_600_000;

const SUNDAY = 0;
const MONDAY = 1;
const THURSDAY = 4;
const SATURDAY = 6;

/** Day number of the n-th (1-based) given weekday of a month; n = -1 for the last one. */
function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  if (n > 0) {
    const first = daysFromCivil(year, month, 1);
    return first + ((weekday - dayOfWeek(first) + 7) % 7) + (n - 1) * 7;
  }
  const last = daysFromCivil(year, month + 1, 1) - 1; // month + 1 = 13 is fine: daysFromCivil is arithmetic
  return last - ((dayOfWeek(last) - weekday + 7) % 7);
}

/** Easter Sunday (Gregorian; the anonymous "Meeus/Jones/Butcher" computus) as a day number. */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return daysFromCivil(year, month, day);
}

/**
 * A fixed-date holiday moves to Friday when it falls on a Saturday and to Monday when on a Sunday.
 * New Year's Day is the exception: on a Saturday it is not observed (the Friday would be in the old year).
 */
function observe(holidays: Map<number, string>, year: number, month: number, day: number, name: string, saturdayToFriday = true): void {
  const date = daysFromCivil(year, month, day);
  const weekday = dayOfWeek(date);
  if (weekday === SATURDAY) {
    if (saturdayToFriday) holidays.set(date - 1, `${name} (observed)`);
  } else if (weekday === SUNDAY) {
    holidays.set(date + 1, `${name} (observed)`);
  } else {
    holidays.set(date, name);
  }
}

/** Full-day closures of one year by rule: day number -> name. Always weekdays. */
export function ruleHolidays(year: number): Map<number, string> {
  const holidays = new Map<number, string>();
  observe(holidays, year, 1, 1, "New Year's Day", false);
  if (year >= MLK_DAY_FROM) holidays.set(nthWeekday(year, 1, MONDAY, 3), 'Martin Luther King Jr. Day');
  holidays.set(nthWeekday(year, 2, MONDAY, 3), "Washington's Birthday");
  holidays.set(easterSunday(year) - 2, 'Good Friday');
  holidays.set(nthWeekday(year, 5, MONDAY, -1), 'Memorial Day');
  if (year >= JUNETEENTH_FROM) observe(holidays, year, 6, 19, 'Juneteenth National Independence Day');
  observe(holidays, year, 7, 4, 'Independence Day');
  holidays.set(nthWeekday(year, 9, MONDAY, 1), 'Labor Day');
  holidays.set(nthWeekday(year, 11, THURSDAY, 4), 'Thanksgiving Day');
  observe(holidays, year, 12, 25, 'Christmas Day');
  return new Map([...holidays].sort((a, b) => a[0] - b[0]));
}

/**
 * 13:00 early closes of one year by rule: July 3 and Christmas Eve when they are trading days (a weekday that
 * is not the observed holiday), and the day after Thanksgiving. Day numbers, ascending.
 */
export function ruleEarlyCloses(year: number, holidays: ReadonlyMap<number, string> = ruleHolidays(year)): number[] {
  const isTradingDay = (date: number) => dayOfWeek(date) !== SATURDAY && dayOfWeek(date) !== SUNDAY && !holidays.has(date);
  const candidates = [daysFromCivil(year, 7, 3), nthWeekday(year, 11, THURSDAY, 4) + 1, daysFromCivil(year, 12, 24)];
  return candidates.filter(isTradingDay).sort((a, b) => a - b);
}

