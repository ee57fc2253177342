import { TZDate } from '@date-fns/tz';
import { describe, expect, it } from 'vitest';
import usEquityData from '../../shared/calendar-data/us-equity.json' with { type: 'json' };
import {
  calendarFor,
  compareDates,
  formatLocalDate,
  parseLocalDate,
  type LocalDate,
  type MarketStatus,
} from '../../shared/market-calendar.ts';
import { easterSunday, ruleEarlyCloses, ruleHolidays } from '../../shared/us-equity-rules.ts';
import {
  civilFromDays,
  dayOfWeek,
  daysFromCivil,
  localDateOf,
  localDateTimeOf,
  localToEpoch,
  zoneOffsetMs,
} from '../../shared/zoned-time.ts';

const NY = 'America/New_York';
const us = calendarFor('us-equity');
const crypto = calendarFor('24x7');
/** An instant written with its UTC offset, e.g. "2013-10-07T09:30:00-04:00". */
const at = (iso: string): number => {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) throw new Error(`bad test time ${iso}`);
  return time;
};
const d = parseLocalDate;
const iso = (n: number) => formatLocalDate(civilFromDays(n));
const dayNumber = (date: string) => {
  const { year, month, day } = d(date);
  return daysFromCivil(year, month, day);
};

describe('date helpers', () => {
  it('formats, parses and compares local dates', () => {
    expect(formatLocalDate({ year: 2013, month: 10, day: 7 })).toBe('2013-10-07');
    expect(formatLocalDate({ year: 987, month: 1, day: 2 })).toBe('0987-01-02');
    expect(parseLocalDate('2013-10-07')).toEqual({ year: 2013, month: 10, day: 7 });
    expect(parseLocalDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    for (const bad of ['2013-02-29', '2013-13-01', '2013-00-10', '2013-04-31', '2013-1-1', '2013-10-07T00:00', ' 2013-10-07', '', 'today', '0000-01-01']) {
      expect(() => parseLocalDate(bad), bad).toThrow(RangeError);
    }
    expect(compareDates(d('2013-10-07'), d('2013-10-08'))).toBe(-1);
    expect(compareDates(d('2013-10-07'), d('2013-10-07'))).toBe(0);
    expect(compareDates(d('2014-01-01'), d('2013-12-31'))).toBe(1);
    expect(compareDates(d('2013-11-01'), d('2013-10-31'))).toBe(1);
  });

  it('hands out one instance per calendar and rejects unknown ids and invalid dates', () => {
    expect(calendarFor('us-equity')).toBe(us);
    expect(us.id).toBe('us-equity');
    expect(us.timeZone).toBe(NY);
    expect(crypto.id).toBe('24x7');
    expect(crypto.timeZone).toBe('UTC');
    expect(() => calendarFor('lse' as never)).toThrow(RangeError);
    expect(() => us.tradingDay({ year: 2013, month: 13, day: 1 })).toThrow(RangeError);
    expect(() => us.isTradingDay({ year: 2013, month: 2, day: 29 })).toThrow(RangeError);
    expect(() => us.status(Number.NaN)).toThrow(RangeError);
  });
});

describe('zoned time', () => {
  it('converts between day numbers and dates', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2013, 10, 7)).toBe(15_985);
    expect(dayNumber('2013-10-07')).toBe(15_985);
    expect(daysFromCivil(1969, 12, 31)).toBe(-1);
    expect(daysFromCivil(2000, 3, 1) - daysFromCivil(2000, 2, 28)).toBe(2);
    expect(daysFromCivil(1900, 3, 1) - daysFromCivil(1900, 2, 28)).toBe(1);
    expect(dayOfWeek(daysFromCivil(2013, 10, 7))).toBe(1); // Monday
    expect(dayOfWeek(daysFromCivil(1969, 12, 28))).toBe(0); // Sunday
    for (let n = daysFromCivil(1599, 12, 1); n <= daysFromCivil(2401, 3, 1); n += 13) {
      const { year, month, day } = civilFromDays(n);
      expect(daysFromCivil(year, month, day)).toBe(n);
    }
    for (let n = -800; n < 800; n++) {
      const date = new Date(n * 86_400_000);
      expect(civilFromDays(n)).toEqual({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
    }
  });

  it('reads New York wall clocks on both sides of both 2013 DST changes', () => {
    expect(zoneOffsetMs(NY, at('2013-03-10T06:59:59Z'))).toBe(-5 * 3_600_000);
    expect(zoneOffsetMs(NY, at('2013-03-10T07:00:00Z'))).toBe(-4 * 3_600_000);
    expect(zoneOffsetMs(NY, at('2013-11-03T05:59:59Z'))).toBe(-4 * 3_600_000);
    expect(zoneOffsetMs(NY, at('2013-11-03T06:00:00Z'))).toBe(-5 * 3_600_000);
    expect(localDateTimeOf(NY, at('2013-03-10T06:59:59.999Z'))).toEqual({ year: 2013, month: 3, day: 10, hour: 1, minute: 59, second: 59, millisecond: 999 });
    expect(localDateTimeOf(NY, at('2013-03-10T07:00:00Z'))).toEqual({ year: 2013, month: 3, day: 10, hour: 3, minute: 0, second: 0, millisecond: 0 });
    expect(localDateOf(NY, at('2013-03-10T04:59:59.999Z'))).toEqual({ year: 2013, month: 3, day: 9 });
    expect(localDateOf(NY, at('2013-03-10T05:00:00Z'))).toEqual({ year: 2013, month: 3, day: 10 });
    expect(localDateOf(NY, at('2013-11-04T04:59:59.999Z'))).toEqual({ year: 2013, month: 11, day: 3 });
    expect(localDateOf(NY, at('2013-11-04T05:00:00Z'))).toEqual({ year: 2013, month: 11, day: 4 });
    expect(zoneOffsetMs('Asia/Kolkata', at('2013-10-07T00:00:00Z'))).toBe(5.5 * 3_600_000);
    expect(zoneOffsetMs('UTC', at('2013-10-07T00:00:00Z'))).toBe(0);
  });

  it('maps wall times to instants: regular, in the spring gap (forward) and in the autumn fold (earlier)', () => {
    const march10 = { year: 2013, month: 3, day: 10 };
    const nov3 = { year: 2013, month: 11, day: 3 };
    expect(localToEpoch(NY, { year: 2013, month: 10, day: 7 }, 9.5 * 3_600_000)).toBe(at('2013-10-07T09:30:00-04:00'));
    expect(localToEpoch(NY, march10, 0)).toBe(at('2013-03-10T00:00:00-05:00'));
    expect(localToEpoch(NY, march10, 1.5 * 3_600_000)).toBe(at('2013-03-10T01:30:00-05:00'));
    expect(localToEpoch(NY, march10, 2.5 * 3_600_000)).toBe(at('2013-03-10T03:30:00-04:00'));
    expect(localToEpoch(NY, march10, 3.5 * 3_600_000)).toBe(at('2013-03-10T03:30:00-04:00'));
    expect(localToEpoch(NY, march10, 24 * 3_600_000)).toBe(at('2013-03-11T00:00:00-04:00'));
    expect(localToEpoch(NY, nov3, 1.5 * 3_600_000)).toBe(at('2013-11-03T01:30:00-04:00'));
    expect(localToEpoch(NY, nov3, 2.5 * 3_600_000)).toBe(at('2013-11-03T02:30:00-05:00'));
    expect(localToEpoch('Europe/London', { year: 2013, month: 3, day: 31 }, 1.5 * 3_600_000)).toBe(at('2013-03-31T02:30:00+01:00'));
    expect(localToEpoch('UTC', { year: 2024, month: 2, day: 29 }, 0)).toBe(Date.UTC(2024, 1, 29));
  });

  it('agrees with @date-fns/tz hour by hour through 2013 in New York', () => {
    for (let time = at('2013-01-01T00:00:00Z'); time < at('2014-01-01T00:00:00Z'); time += 3_600_000 + 1_234) {
      const tz = new TZDate(time, NY);
      const local = localDateTimeOf(NY, time);
      expect(local).toEqual({
        year: tz.getFullYear(),
        month: tz.getMonth() + 1,
        day: tz.getDate(),
        hour: tz.getHours(),
        minute: tz.getMinutes(),
        second: tz.getSeconds(),
        millisecond: tz.getMilliseconds(),
      });
      if (local.hour !== 1 && local.hour !== 2) {
        // Outside the hours a DST change can make missing or ambiguous, the way back is exact.
        expect(localToEpoch(NY, local, ((local.hour * 60 + local.minute) * 60 + local.second) * 1000 + local.millisecond)).toBe(time);
      }
    }
  });
});

describe('us-equity calendar', () => {
  it('closes for Thanksgiving 2026 with its name', () => {
    const thanksgiving = d('2026-11-26');
    expect(us.tradingDay(thanksgiving)).toBeNull();
    expect(us.isTradingDay(thanksgiving)).toBe(false);
    expect(us.holidayName(thanksgiving)).toBe('Thanksgiving Day');
    expect(us.status(at('2026-11-26T11:00:00-05:00'))).toEqual<MarketStatus>({
      phase: 'closed',
      closedReason: 'holiday',
      holiday: 'Thanksgiving Day',
      nextChange: at('2026-11-27T04:00:00-05:00'),
    });
    expect(us.phase(at('2026-11-26T11:00:00-05:00'))).toBe('closed');
    // The evening before is an ordinary overnight close whose next change skips the holiday.
    expect(us.status(at('2026-11-25T21:00:00-05:00'))).toEqual<MarketStatus>({
      phase: 'closed',
      closedReason: 'overnight',
      earlyClose: false,
      nextChange: at('2026-11-27T04:00:00-05:00'),
    });
  });

  it('closes early at 13:00 ET on 2026-11-27, with after-hours until 17:00', () => {
    expect(us.tradingDay(d('2026-11-27'))).toEqual({
      date: { year: 2026, month: 11, day: 27 },
      preOpen: 1_795_770_000_000, // 04:00 EST
      open: 1_795_789_800_000, // 09:30 EST
      close: 1_795_802_400_000, // 13:00 EST = 18:00Z
      postClose: 1_795_816_800_000, // 17:00 EST
      earlyClose: true,
    });
    expect(at('2026-11-27T13:00:00-05:00')).toBe(1_795_802_400_000);
    expect(us.holidayName(d('2026-11-27'))).toBeNull();
    expect(us.status(at('2026-11-27T02:00:00-05:00'))).toEqual({ phase: 'closed', closedReason: 'overnight', earlyClose: true, nextChange: 1_795_770_000_000 });
    expect(us.status(at('2026-11-27T12:59:59.999-05:00'))).toEqual({ phase: 'open', earlyClose: true, nextChange: 1_795_802_400_000 });
    expect(us.status(1_795_802_400_000)).toEqual({ phase: 'after-hours', earlyClose: true, nextChange: 1_795_816_800_000 });
    expect(us.status(at('2026-11-27T16:30:00-05:00')).phase).toBe('after-hours');
    expect(us.status(1_795_816_800_000)).toEqual({
      phase: 'closed',
      closedReason: 'overnight',
      earlyClose: true,
      nextChange: at('2026-11-30T04:00:00-05:00'),
    });
  });

  it('is closed at weekends until Monday pre-market', () => {
    const saturday = at('2013-10-05T12:00:00-04:00');
    expect(us.localDate(saturday)).toEqual({ year: 2013, month: 10, day: 5 });
    expect(us.status(saturday)).toEqual<MarketStatus>({ phase: 'closed', closedReason: 'weekend', nextChange: at('2013-10-07T04:00:00-04:00') });
    expect(us.phase(saturday)).toBe('closed');
    expect(us.tradingDay(d('2013-10-05'))).toBeNull();
    expect(us.holidayName(d('2013-10-05'))).toBeNull();
    expect(us.isTradingDay(d('2013-10-06'))).toBe(false);
    // Friday after after-hours is 'overnight', and its next change is also Monday 04:00.
    expect(us.status(at('2013-10-04T20:00:00-04:00'))).toEqual<MarketStatus>({
      phase: 'closed',
      closedReason: 'overnight',
      earlyClose: false,
      nextChange: at('2013-10-07T04:00:00-04:00'),
    });
  });

  it('walks through the phases of Monday 2013-10-07', () => {
    const cases: [string, MarketStatus][] = [
      ['2013-10-07T00:00:00-04:00', { phase: 'closed', closedReason: 'overnight', earlyClose: false, nextChange: at('2013-10-07T04:00:00-04:00') }],
      ['2013-10-07T03:59:59.999-04:00', { phase: 'closed', closedReason: 'overnight', earlyClose: false, nextChange: at('2013-10-07T04:00:00-04:00') }],
      ['2013-10-07T04:00:00-04:00', { phase: 'pre-market', earlyClose: false, nextChange: at('2013-10-07T09:30:00-04:00') }],
      ['2013-10-07T09:29:59.999-04:00', { phase: 'pre-market', earlyClose: false, nextChange: at('2013-10-07T09:30:00-04:00') }],
      ['2013-10-07T09:30:00-04:00', { phase: 'open', earlyClose: false, nextChange: at('2013-10-07T16:00:00-04:00') }],
      ['2013-10-07T15:59:59.999-04:00', { phase: 'open', earlyClose: false, nextChange: at('2013-10-07T16:00:00-04:00') }],
      ['2013-10-07T16:00:00-04:00', { phase: 'after-hours', earlyClose: false, nextChange: at('2013-10-07T20:00:00-04:00') }],
      ['2013-10-07T19:59:59.999-04:00', { phase: 'after-hours', earlyClose: false, nextChange: at('2013-10-07T20:00:00-04:00') }],
      ['2013-10-07T20:00:00-04:00', { phase: 'closed', closedReason: 'overnight', earlyClose: false, nextChange: at('2013-10-08T04:00:00-04:00') }],
      ['2013-10-07T23:59:59.999-04:00', { phase: 'closed', closedReason: 'overnight', earlyClose: false, nextChange: at('2013-10-08T04:00:00-04:00') }],
    ];
    for (const [time, status] of cases) {
      expect(us.status(at(time)), time).toEqual(status);
      expect(us.phase(at(time)), time).toBe(status.phase);
      expect(us.localDate(at(time)), time).toEqual({ year: 2013, month: 10, day: 7 });
    }
    expect(us.tradingDay(d('2013-10-07'))).toEqual({
      date: { year: 2013, month: 10, day: 7 },
      preOpen: 1_381_132_800_000,
      open: 1_381_152_600_000,
      close: 1_381_176_000_000,
      postClose: 1_381_190_400_000,
      earlyClose: false,
    });
    expect(us.localDate(at('2013-10-08T00:00:00-04:00'))).toEqual({ year: 2013, month: 10, day: 8 });
  });

  it('keeps sessions at 09:30/16:00 local across both 2013 DST changes', () => {
    // The changes happen on Sundays: 2013-03-10 (EST -> EDT) and 2013-11-03 (EDT -> EST).
    expect(us.tradingDay(d('2013-03-10'))).toBeNull();
    expect(us.tradingDay(d('2013-11-03'))).toBeNull();
    expect(us.status(at('2013-03-10T12:00:00-04:00'))).toEqual({ phase: 'closed', closedReason: 'weekend', nextChange: at('2013-03-11T04:00:00-04:00') });
    expect(us.status(at('2013-03-08T20:00:00-05:00')).nextChange).toBe(at('2013-03-11T08:00:00Z'));
    expect(us.status(at('2013-11-01T20:00:00-04:00')).nextChange).toBe(at('2013-11-04T09:00:00Z'));
    const sessions = (date: string) => {
      const day = us.tradingDay(d(date))!;
      return [day.preOpen!, day.open, day.close, day.postClose!].map((t) => new Date(t).toISOString().slice(11, 16));
    };
    expect(sessions('2013-03-08')).toEqual(['09:00', '14:30', '21:00', '01:00']); // EST
    expect(sessions('2013-03-11')).toEqual(['08:00', '13:30', '20:00', '00:00']); // EDT
    expect(sessions('2013-11-01')).toEqual(['08:00', '13:30', '20:00', '00:00']); // EDT
    expect(sessions('2013-11-04')).toEqual(['09:00', '14:30', '21:00', '01:00']); // EST
    expect(us.phase(at('2013-03-11T09:29:59.999-04:00'))).toBe('pre-market');
    expect(us.phase(at('2013-03-11T09:30:00-04:00'))).toBe('open');
    expect(us.phase(at('2013-11-04T09:29:59.999-05:00'))).toBe('pre-market');
    expect(us.phase(at('2013-11-04T09:30:00-05:00'))).toBe('open');
    // The 23- and 25-hour Sundays still map to their own local date.
    expect(us.localDate(at('2013-03-10T00:00:00-05:00'))).toEqual({ year: 2013, month: 3, day: 10 });
    expect(us.localDate(at('2013-03-10T23:59:59.999-04:00'))).toEqual({ year: 2013, month: 3, day: 10 });
    expect(us.localDate(at('2013-11-03T00:00:00-04:00'))).toEqual({ year: 2013, month: 11, day: 3 });
    expect(us.localDate(at('2013-11-03T23:59:59.999-05:00'))).toEqual({ year: 2013, month: 11, day: 3 });
    expect(us.localDate(at('2013-11-04T00:00:00-05:00'))).toEqual({ year: 2013, month: 11, day: 4 });
  });

  it('opens at 09:30 and closes at 16:00 (or 13:00) New York time on every trading day of 2013', () => {
    const hhmm = (t: number | null) => {
      const local = localDateTimeOf(NY, t!);
      return `${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`;
    };
    const early: string[] = [];
    for (const date of us.tradingDays(d('2013-01-01'), d('2013-12-31'))) {
      const day = us.tradingDay(date)!;
      expect(day.date).toEqual(date);
      expect([hhmm(day.preOpen), hhmm(day.open)]).toEqual(['04:00', '09:30']);
      expect([hhmm(day.close), hhmm(day.postClose)]).toEqual(day.earlyClose ? ['13:00', '17:00'] : ['16:00', '20:00']);
      if (day.earlyClose) early.push(formatLocalDate(date));
    }
    expect(early).toEqual(['2013-07-03', '2013-11-29', '2013-12-24']);
  });

  it('steps minute by minute through Thanksgiving week 2013 with consistent nextChange values', () => {
    const changes: string[] = [];
    let previous: MarketStatus | null = null;
    for (let time = at('2013-11-25T00:00:00-05:00'); time < at('2013-12-03T00:00:00-05:00'); time += 60_000) {
      const status = us.status(time);
      expect(us.phase(time)).toBe(status.phase);
      if (previous && status.phase !== previous.phase) {
        expect(previous.nextChange).toBe(time);
        changes.push(`${new Date(time - 5 * 3_600_000).toISOString().slice(5, 16)} ${status.phase}`);
      } else if (previous) {
        expect(status.nextChange).toBe(previous.nextChange);
      }
      previous = status;
    }
    expect(changes).toEqual([
      '11-25T04:00 pre-market', '11-25T09:30 open', '11-25T16:00 after-hours', '11-25T20:00 closed',
      '11-26T04:00 pre-market', '11-26T09:30 open', '11-26T16:00 after-hours', '11-26T20:00 closed',
      '11-27T04:00 pre-market', '11-27T09:30 open', '11-27T16:00 after-hours', '11-27T20:00 closed',
      // Thursday 11-28 Thanksgiving: closed all day.
      '11-29T04:00 pre-market', '11-29T09:30 open', '11-29T13:00 after-hours', '11-29T17:00 closed',
      '12-02T04:00 pre-market', '12-02T09:30 open', '12-02T16:00 after-hours', '12-02T20:00 closed',
    ]);
  });

  it('finds previous and next trading days across long weekends and Good Friday', () => {
    // Labor Day 2013-09-02.
    expect(us.previousTradingDay(d('2013-09-03'))).toEqual({ year: 2013, month: 8, day: 30 });
    expect(us.nextTradingDay(d('2013-08-30'))).toEqual({ year: 2013, month: 9, day: 3 });
    expect(us.previousTradingDay(d('2013-09-02'))).toEqual({ year: 2013, month: 8, day: 30 });
    expect(us.nextTradingDay(d('2013-08-31'))).toEqual({ year: 2013, month: 9, day: 3 });
    // Good Friday 2013-03-29.
    expect(us.holidayName(d('2013-03-29'))).toBe('Good Friday');
    expect(us.previousTradingDay(d('2013-04-01'))).toEqual({ year: 2013, month: 3, day: 28 });
    expect(us.nextTradingDay(d('2013-03-28'))).toEqual({ year: 2013, month: 4, day: 1 });
    // Strictly before / after, also across a year end.
    expect(us.previousTradingDay(d('2013-10-08'))).toEqual({ year: 2013, month: 10, day: 7 });
    expect(us.nextTradingDay(d('2013-10-07'))).toEqual({ year: 2013, month: 10, day: 8 });
    expect(us.nextTradingDay(d('2013-12-31'))).toEqual({ year: 2014, month: 1, day: 2 });
    expect(us.previousTradingDay(d('2014-01-02'))).toEqual({ year: 2013, month: 12, day: 31 });
    // Hurricane Sandy: Friday 2012-10-26 to Wednesday 2012-10-31.
    expect(us.nextTradingDay(d('2012-10-26'))).toEqual({ year: 2012, month: 10, day: 31 });
  });

  it('lists trading days: 252 in 2013, bounded to 100 years', () => {
    const days2013 = us.tradingDays(d('2013-01-01'), d('2013-12-31'));
    expect(days2013).toHaveLength(252);
    expect(days2013[0]).toEqual({ year: 2013, month: 1, day: 2 });
    expect(days2013.at(-1)).toEqual({ year: 2013, month: 12, day: 31 });
    expect(us.tradingDays(d('2012-01-01'), d('2012-12-31'))).toHaveLength(250); // Hurricane Sandy
    expect(us.tradingDays(d('2001-01-01'), d('2001-12-31'))).toHaveLength(248); // September 11
    expect(us.tradingDays(d('2026-01-01'), d('2026-12-31'))).toHaveLength(251);
    expect(us.tradingDays(d('2013-10-07'), d('2013-10-07'))).toEqual([{ year: 2013, month: 10, day: 7 }]);
    expect(us.tradingDays(d('2013-10-05'), d('2013-10-06'))).toEqual([]);
    expect(us.tradingDays(d('2013-10-08'), d('2013-10-07'))).toEqual([]);
    expect(us.tradingDays(d('1950-01-01'), d('2050-01-01')).length).toBeGreaterThan(25_000);
    expect(() => us.tradingDays(d('1950-01-01'), d('2050-01-02'))).toThrow(RangeError);
  });

  it('names every closure in the data, including the special ones', () => {
    expect(us.holidayName(d('2001-09-11'))).toBe('September 11 attacks');
    expect(us.holidayName(d('2001-09-14'))).toBe('September 11 attacks');
    expect(us.holidayName(d('2004-06-11'))).toBe('National Day of Mourning for Ronald Reagan');
    expect(us.holidayName(d('2007-01-02'))).toBe('National Day of Mourning for Gerald Ford');
    expect(us.holidayName(d('2012-10-29'))).toBe('Hurricane Sandy');
    expect(us.holidayName(d('2018-12-05'))).toBe('National Day of Mourning for George H. W. Bush');
    expect(us.holidayName(d('2025-01-09'))).toBe('National Day of Mourning for Jimmy Carter');
    expect(us.holidayName(d('2021-12-24'))).toBe('Christmas Day (observed)');
    expect(us.holidayName(d('2027-06-18'))).toBe('Juneteenth National Independence Day (observed)');
    expect(us.holidayName(d('2013-01-21'))).toBe('Martin Luther King Jr. Day');
    expect(us.status(at('2012-10-30T12:00:00-04:00'))).toEqual({
      phase: 'closed',
      closedReason: 'holiday',
      holiday: 'Hurricane Sandy',
      nextChange: at('2012-10-31T04:00:00-04:00'),
    });
    for (const date of usEquityData.holidays) {
      const name = us.holidayName(d(date));
      expect(name, date).toBeTypeOf('string');
      expect(name, date).not.toBe('Market holiday');
    }
    // Lean lists the Saturdays 2011-01-01 and 2022-01-01; the extraction drops them: a weekend, not a holiday.
    expect(us.holidayName(d('2022-01-01'))).toBeNull();
    expect(us.status(at('2022-01-01T12:00:00-05:00')).closedReason).toBe('weekend');
  });
});

describe('us-equity rules', () => {
  const dataHolidays = new Set(usEquityData.holidays);
  const dataEarly = new Set(Object.keys(usEquityData.earlyCloses));
  const ruleDays = new Set<string>();
  const ruleEarly = new Set<string>();
  for (let year = 1998; year <= 2028; year++) {
    for (const n of ruleHolidays(year).keys()) ruleDays.add(iso(n));
    for (const n of ruleEarlyCloses(year)) ruleEarly.add(iso(n));
  }

  it('reproduce the Lean holidays 1998-2028 except the special closures', () => {
    expect([usEquityData.firstYear, usEquityData.lastYear]).toEqual([1998, 2028]);
    expect([...ruleDays].filter((date) => !dataHolidays.has(date))).toEqual([]);
    expect([...dataHolidays].filter((date) => !ruleDays.has(date))).toEqual([
      '2001-09-11', '2001-09-12', '2001-09-13', '2001-09-14', // September 11 attacks
      '2004-06-11', // Reagan
      '2007-01-02', // Ford
      '2012-10-29', '2012-10-30', // Hurricane Sandy
      '2018-12-05', // G. H. W. Bush
      '2025-01-09', // Carter
    ]);
    expect(Object.keys(usEquityData.specialClosures)).toEqual([...dataHolidays].filter((date) => !ruleDays.has(date)));
  });

  it('reproduce the Lean early closes 1998-2028 except five known differences', () => {
    // Lean has no early closes in 1998; 2002 closed early on Friday July 5 rather than Wednesday July 3;
    // 2003 also closed early on Friday December 26.
    expect([...ruleEarly].filter((date) => !dataEarly.has(date))).toEqual(['1998-11-27', '1998-12-24', '2002-07-03']);
    expect([...dataEarly].filter((date) => !ruleEarly.has(date))).toEqual(['2002-07-05', '2003-12-26']);
    expect(new Set(Object.values(usEquityData.earlyCloses))).toEqual(new Set(['13:00']));
  });

  it('compute Easter', () => {
    const easter = (year: number) => iso(easterSunday(year));
    expect([1943, 1961, 2000, 2008, 2013, 2019, 2038, 2285].map(easter)).toEqual([
      '1943-04-25', '1961-04-02', '2000-04-23', '2008-03-23', '2013-03-31', '2019-04-21', '2038-04-25', '2285-03-22',
    ]);
  });

  it('drive the calendar outside the data range', () => {
    const closures = (from: string, to: string) => {
      const out: string[] = [];
      for (let n = dayNumber(from); n <= dayNumber(to); n++) {
        const date: LocalDate = civilFromDays(n);
        const name = us.holidayName(date);
        if (name) out.push(`${formatLocalDate(date)} ${name}`);
      }
      return out;
    };
    expect(closures('2029-01-01', '2029-12-31')).toEqual([
      "2029-01-01 New Year's Day",
      '2029-01-15 Martin Luther King Jr. Day',
      "2029-02-19 Washington's Birthday",
      '2029-03-30 Good Friday',
      '2029-05-28 Memorial Day',
      '2029-06-19 Juneteenth National Independence Day',
      '2029-07-04 Independence Day',
      '2029-09-03 Labor Day',
      '2029-11-22 Thanksgiving Day',
      '2029-12-25 Christmas Day',
    ]);
    expect(us.tradingDays(d('2029-01-01'), d('2029-12-31'))).toHaveLength(251); // 261 weekdays - 10 holidays
    expect(
      us.tradingDays(d('2029-01-01'), d('2029-12-31')).filter((date) => us.tradingDay(date)!.earlyClose).map(formatLocalDate),
    ).toEqual(['2029-07-03', '2029-11-23', '2029-12-24']);
    // Observance: Christmas 2032 is a Saturday (Friday off, no early close on Thursday the 23rd);
    // New Year's Day 2033 is a Saturday (not observed: Friday 2032-12-31 trades); Juneteenth 2033 is a Sunday.
    expect(us.holidayName(d('2032-12-24'))).toBe('Christmas Day (observed)');
    expect(us.tradingDay(d('2032-12-23'))!.earlyClose).toBe(false);
    expect(us.tradingDay(d('2032-12-31'))!.earlyClose).toBe(false);
    expect(us.holidayName(d('2033-06-20'))).toBe('Juneteenth National Independence Day (observed)');
    expect(us.holidayName(d('2034-01-02'))).toBe("New Year's Day (observed)");
    // Before the data: no MLK Day before 1998, and no Juneteenth before 2022 by rule either.
    expect(us.isTradingDay(d('1997-01-20'))).toBe(true);
    expect(us.holidayName(d('1997-03-28'))).toBe('Good Friday');
    expect(us.isTradingDay(d('2021-06-18'))).toBe(true);
  });
});

describe('24x7 calendar', () => {
  it('is always open in UTC with no extended hours', () => {
    for (const time of [at('2013-10-05T12:00:00Z'), at('2026-11-26T15:00:00Z'), at('2024-12-25T00:00:00Z'), at('2024-12-31T23:59:59.999Z')]) {
      expect(crypto.phase(time)).toBe('open');
      expect(crypto.status(time)).toEqual({ phase: 'open', earlyClose: false, nextChange: null });
    }
    expect(crypto.localDate(at('2024-02-29T23:59:59.999Z'))).toEqual({ year: 2024, month: 2, day: 29 });
    expect(crypto.localDate(at('2024-03-01T00:00:00Z'))).toEqual({ year: 2024, month: 3, day: 1 });
    expect(crypto.localDate(at('2024-03-01T00:30:00+01:00'))).toEqual({ year: 2024, month: 2, day: 29 });
    expect(crypto.tradingDay(d('2024-02-29'))).toEqual({
      date: { year: 2024, month: 2, day: 29 },
      preOpen: null,
      open: Date.UTC(2024, 1, 29),
      close: Date.UTC(2024, 2, 1),
      postClose: null,
      earlyClose: false,
    });
    expect(crypto.holidayName(d('2024-12-25'))).toBeNull();
    expect(crypto.isTradingDay(d('2024-12-25'))).toBe(true);
    expect(crypto.previousTradingDay(d('2024-03-01'))).toEqual({ year: 2024, month: 2, day: 29 });
    expect(crypto.nextTradingDay(d('2024-12-31'))).toEqual({ year: 2025, month: 1, day: 1 });
    expect(crypto.tradingDays(d('2024-01-01'), d('2024-12-31'))).toHaveLength(366);
    expect(() => crypto.tradingDays(d('1900-01-01'), d('2000-01-02'))).toThrow(RangeError);
  });
});
