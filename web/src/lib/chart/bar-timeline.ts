/**
 * What the chart needs to know about each bar's time, worked out once per
 * bar (a replaced tail costs only its own bars): its wall-clock date and time
 * in the display zone, its trading day (for day separators, VWAP sessions and
 * day labels), whether it lies outside the regular session, and how
 * important a time-axis label at it would be (a new year outranks a new
 * month, a new day, a new hour, a new five minutes...).
 *
 * The axis is by bar index, not by time: nights, weekends and quiet spells
 * take no room, so these per-bar facts are what tells the reader where time
 * jumps.
 */
import type { BarInterval } from '../../../../shared/bars/bar-interval.ts';
import { calendarFor, type CalendarId, type MarketCalendar } from '../../../../shared/market-calendar.ts';
import { MS_PER_DAY, civilFromDays, dayOfWeek, zoneOffsetMs } from '../../../../shared/zoned-time.ts';
import { checkReplaceFrom, ensureFloat64, ensureInt32, ensureUint8 } from './growable.ts';

/** Label importance of a bar; higher survives when labels would collide. Below DAY: time-of-day boundaries. */
export const TICK_WEIGHT = { day: 17, week: 18, month: 19, year: 20 } as const;
export const MAX_TICK_WEIGHT = TICK_WEIGHT.year;

/**
 * Time-of-day steps, in seconds, a bar can be the first of: crossing a 12-hour
 * mark weighs 16, an hour 12, five minutes 8, a second 1.
 */
const STEPS_S = [43_200, 21_600, 10_800, 7_200, 3_600, 1_800, 900, 600, 300, 120, 60, 30, 15, 10, 5, 1] as const;

const NEW_DAY = 1;
const EXTENDED = 2;

/** Zone offsets hold for at least a quarter hour (every zone changes offset on one): one Intl call per bucket. */
const OFFSET_BUCKET_MS = 900_000;

/** A bar's wall-clock date and time in the display zone. */
export interface WallTime {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  /** 0 = Sunday */
  weekday: number;
  hour: number;
  minute: number;
  second: number;
}

export class BarTimeline {
  readonly intraday: boolean;
  private readonly calendar: MarketCalendar;
  /** Shading applies to calendars with extended hours; a 24x7 market has none. */
  private readonly shadesSessions: boolean;
  private dayNumbers = new Int32Array(0);
  private seconds = new Int32Array(0);
  private tradingDays = new Float64Array(0);
  private sessions = new Int32Array(0);
  private flags = new Uint8Array(0);
  /** Per bar, its TICK_WEIGHT-scale importance as an axis label. */
  weights = new Uint8Array(0);
  private count = 0;
  private offsetBucket = Number.NaN;
  private offset = 0;

  constructor(
    readonly interval: BarInterval,
    calendar: CalendarId,
    readonly timeZone: string,
  ) {
    this.intraday = interval !== '1d';
    this.calendar = calendarFor(calendar);
    this.shadesSessions = this.intraday && calendar !== '24x7';
  }

  get length(): number {
    return this.count;
  }

  /** Bars from `from` on (from <= length) get these start times. */
  replace(from: number, times: ArrayLike<number>): void {
    checkReplaceFrom(from, this.count);
    const end = from + times.length;
    this.dayNumbers = ensureInt32(this.dayNumbers, end, from);
    this.seconds = ensureInt32(this.seconds, end, from);
    this.tradingDays = ensureFloat64(this.tradingDays, end, from);
    this.sessions = ensureInt32(this.sessions, end, from);
    this.flags = ensureUint8(this.flags, end, from);
    this.weights = ensureUint8(this.weights, end, from);
    for (let k = 0; k < times.length; k++) this.place(from + k, times[k]!);
    this.count = end;
  }

  /** The first bar of a trading day (bar 0 included). */
  startsDay(index: number): boolean {
    return (this.flags[index]! & NEW_DAY) !== 0;
  }

  /** Outside the regular session: pre-market, after-hours, or a day the market is closed. */
  isExtended(index: number): boolean {
    return (this.flags[index]! & EXTENDED) !== 0;
  }

  /** Which trading day, counted from the first bar's: VWAP restarts where this changes. */
  sessionOf(index: number): number {
    return this.sessions[index]!;
  }

  wallTime(index: number): WallTime {
    const date = civilFromDays(this.dayNumbers[index]!);
    const second = this.seconds[index]!;
    return {
      ...date,
      weekday: dayOfWeek(this.dayNumbers[index]!),
      hour: Math.floor(second / 3600),
      minute: Math.floor(second / 60) % 60,
      second: second % 60,
    };
  }

  private place(i: number, time: number): void {
    const wall = time + this.offsetAt(time);
    const dayNumber = Math.floor(wall / MS_PER_DAY);
    const second = Math.floor((wall - dayNumber * MS_PER_DAY) / 1000);
    const day = this.calendar.dayOf(time);
    const newDay = i === 0 || day.start !== this.tradingDays[i - 1];
    this.dayNumbers[i] = dayNumber;
    this.seconds[i] = second;
    this.tradingDays[i] = day.start;
    this.sessions[i] = i === 0 ? 0 : this.sessions[i - 1]! + (newDay ? 1 : 0);
    const extended = this.shadesSessions && (day.open === null || day.close === null || time < day.open || time >= day.close);
    this.flags[i] = (newDay ? NEW_DAY : 0) | (extended ? EXTENDED : 0);
    // The first bar is labelled with its day, for context (a real day boundary close by wins the tie: see chooseTicks).
    this.weights[i] = i === 0 ? TICK_WEIGHT.day : this.weigh(i, newDay);
  }

  /** How much a label at bar i says, given bar i - 1. */
  private weigh(i: number, newTradingDay: boolean): number {
    const dayNumber = this.dayNumbers[i]!;
    const previousDay = this.dayNumbers[i - 1]!;
    if (newTradingDay || (!this.intraday && dayNumber !== previousDay)) {
      const date = civilFromDays(dayNumber);
      const previous = civilFromDays(previousDay);
      if (date.year !== previous.year) return TICK_WEIGHT.year;
      if (date.month !== previous.month) return TICK_WEIGHT.month;
      if (dayNumber - previousDay >= 7 || dayOfWeek(dayNumber) < dayOfWeek(previousDay)) return TICK_WEIGHT.week;
      return TICK_WEIGHT.day;
    }
    // Within a trading day (which may span a local midnight when the display zone is not the exchange's).
    const second = this.seconds[i]! + (dayNumber - previousDay) * 86_400;
    const previousSecond = this.seconds[i - 1]!;
    for (let s = 0; s < STEPS_S.length; s++) {
      const step = STEPS_S[s]!;
      if (Math.floor(second / step) !== Math.floor(previousSecond / step)) return STEPS_S.length - s;
    }
    return 0;
  }

  private offsetAt(time: number): number {
    const bucket = Math.floor(time / OFFSET_BUCKET_MS);
    if (bucket !== this.offsetBucket) {
      this.offsetBucket = bucket;
      this.offset = zoneOffsetMs(this.timeZone, time);
    }
    return this.offset;
  }
}
