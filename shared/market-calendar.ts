/**
 * Exchange calendars: trading days, holidays, early closes and the market phase (pre-market, open, after-hours,
 * closed) at an instant. Environment-neutral (feed in Node, dashboard in the browser): no Node APIs; zone
 * conversion is Intl via ./zoned-time.ts.
 *
 * 'us-equity' (NYSE/NASDAQ, America/New_York): pre-market 04:00-09:30, regular 09:30-16:00, after-hours
 * 16:00-20:00. On early-close days the regular session ends at 13:00 and after-hours runs 13:00-17:00 (the
 * NYSE Arca / Nasdaq rule; Lean itself treats everything after an early close as closed). Holidays and early
 * closes for the years of the Lean data (calendar-data/us-equity.json, 1998-2028) come from that data; other
 * years use the NYSE rules in ./us-equity-rules.ts.
 *
 * '24x7' (crypto, UTC): every day trades 00:00-24:00, always open, no extended hours, no holidays.
 */
import usEquityData from './calendar-data/us-equity.json' with { type: 'json' };
import { EARLY_CLOSE_MS, ruleEarlyCloses, ruleHolidays } from './us-equity-rules.ts';
import { MS_PER_DAY, civilFromDays, dayNumberToEpoch, dayOfWeek, daysFromCivil, isValidDate, localDayNumber } from './zoned-time.ts';

export type CalendarId = 'us-equity' | '24x7';
export type MarketPhase = 'pre-market' | 'open' | 'after-hours' | 'closed';

/** A calendar date in the calendar's zone; month is 1-12. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export interface TradingDay {
  date: LocalDate;
  /** Epoch ms. preOpen/postClose are null for calendars without extended hours (24x7). */
  preOpen: number | null;
  open: number;
  close: number;
  postClose: number | null;
  /** True on an early-close day: the regular session closes at 13:00 and after-hours ends at 17:00 (us-equity). */
  earlyClose: boolean;
}

export interface MarketStatus {
  phase: MarketPhase;
  /** When closed: why. 'overnight' covers before pre-market and after after-hours on a trading day. */
  closedReason?: 'weekend' | 'holiday' | 'overnight';
  /** The holiday's name when closedReason is 'holiday', e.g. "Thanksgiving Day". */
  holiday?: string;
  /** The trading day this instant belongs to has an early close. Set (true or false) on trading days only. */
  earlyClose?: boolean;
  /**
   * Epoch ms of the next phase change; null when the market never changes phase (24x7). A closed market's next
   * change is the next trading day's pre-market, however many weekend days and holidays lie between.
   */
  nextChange: number | null;
}

/**
 * The calendar day an instant falls in, for per-trade work: the same object
 * for every instant of a day, so checking "same day?" is a reference
 * comparison, and the regular session's bounds are at hand.
 */
export interface CalendarDay {
  /** "2013-10-07": the local date. */
  readonly key: string;
  /** Epoch ms of local midnight starting and ending the date. */
  readonly start: number;
  readonly end: number;
  /** Epoch ms of the regular session; both null when the market does not trade that date. */
  readonly open: number | null;
  readonly close: number | null;
}

export interface MarketCalendar {
  readonly id: CalendarId;
  /** 'America/New_York' or 'UTC'. */
  readonly timeZone: string;
  localDate(time: number): LocalDate;
  /** null on weekends and holidays. The result is frozen (it is cached). */
  tradingDay(date: LocalDate): TradingDay | null;
  /** The name of the closure on a weekday the market would otherwise trade; null for trading days and weekends. */
  holidayName(date: LocalDate): string | null;
  isTradingDay(date: LocalDate): boolean;
  /** Strictly before. */
  previousTradingDay(date: LocalDate): LocalDate;
  /** Strictly after. */
  nextTradingDay(date: LocalDate): LocalDate;
  /** Trading days from..to inclusive, oldest first. Bounded: throws RangeError for spans over 100 years. */
  tradingDays(from: LocalDate, to: LocalDate): LocalDate[];
  phase(time: number): MarketPhase;
  status(time: number): MarketStatus;
  /** The local day of an instant (cached: constant time on the same day). */
  dayOf(time: number): CalendarDay;
}

const HOUR = 3_600_000;
/** After-hours end on early-close days (NYSE Arca and Nasdaq close their late sessions at 17:00 then). */
const EARLY_CLOSE_POST_CLOSE_MS = 17 * HOUR;
/** Longest run of non-trading days a search walks before giving up (no real calendar comes near this). */
const MAX_GAP_DAYS = 366;
const MAX_CACHED_DAYS = 4096;
const MAX_CACHED_YEARS = 512;

export function compareDates(a: LocalDate, b: LocalDate): number {
  return Math.sign(a.year - b.year || a.month - b.month || a.day - b.day);
}

/** "2013-10-07" */
export function formatLocalDate(d: LocalDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** Parses "YYYY-MM-DD" (an existing date, years 0001-9999); throws RangeError otherwise. */
export function parseLocalDate(s: string): LocalDate {
  const match = typeof s === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(s) : null;
  const date = match ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) } : null;
  if (!date || !isValidDate(date.year, date.month, date.day)) throw new RangeError(`Invalid date ${JSON.stringify(s)}; expected YYYY-MM-DD`);
  return date;
}

/** Day number of a validated LocalDate. */
function dayNumberOf(date: LocalDate): number {
  if (!date || !isValidDate(date.year, date.month, date.day)) {
    throw new RangeError(`Invalid LocalDate ${JSON.stringify(date)}`);
  }
  return daysFromCivil(date.year, date.month, date.day);
}

function checkTime(time: number): void {
  if (!Number.isFinite(time)) throw new RangeError(`Invalid time ${time}`);
}

/** Shared date walking; subclasses say which days trade. */
abstract class CalendarBase implements MarketCalendar {
  abstract readonly id: CalendarId;
  abstract readonly timeZone: string;
  protected abstract isTradingDayNumber(dayNumber: number): boolean;
  abstract localDate(time: number): LocalDate;
  abstract tradingDay(date: LocalDate): TradingDay | null;
  abstract holidayName(date: LocalDate): string | null;
  abstract phase(time: number): MarketPhase;
  abstract status(time: number): MarketStatus;
  abstract dayOf(time: number): CalendarDay;

  isTradingDay(date: LocalDate): boolean {
    return this.isTradingDayNumber(dayNumberOf(date));
  }

  previousTradingDay(date: LocalDate): LocalDate {
    return civilFromDays(this.walk(dayNumberOf(date), -1));
  }

  nextTradingDay(date: LocalDate): LocalDate {
    return civilFromDays(this.walk(dayNumberOf(date), 1));
  }

  tradingDays(from: LocalDate, to: LocalDate): LocalDate[] {
    const first = dayNumberOf(from);
    const last = dayNumberOf(to);
    if (compareDates(to, { year: from.year + 100, month: from.month, day: from.day }) > 0) {
      throw new RangeError(`tradingDays spans more than 100 years (${formatLocalDate(from)}..${formatLocalDate(to)})`);
    }
    const days: LocalDate[] = [];
    for (let n = first; n <= last; n++) if (this.isTradingDayNumber(n)) days.push(civilFromDays(n));
    return days;
  }

  /** The nearest trading day strictly before (step -1) or after (step 1) a day number. */
  protected walk(dayNumber: number, step: 1 | -1): number {
    for (let n = dayNumber + step, i = 0; i < MAX_GAP_DAYS; n += step, i++) {
      if (this.isTradingDayNumber(n)) return n;
    }
    throw new RangeError(`No trading day within ${MAX_GAP_DAYS} days of ${formatLocalDate(civilFromDays(dayNumber))}`);
  }
}

/** Crypto: UTC, every day trades 00:00-24:00, always open. */
class AlwaysOpenCalendar extends CalendarBase {
  readonly id = '24x7' as const;
  readonly timeZone = 'UTC';
  private recentDay: CalendarDay | null = null;

  dayOf(time: number): CalendarDay {
    const recent = this.recentDay;
    if (recent && time >= recent.start && time < recent.end) return recent;
    checkTime(time);
    const n = Math.floor(time / MS_PER_DAY);
    const start = n * MS_PER_DAY;
    this.recentDay = Object.freeze({ key: formatLocalDate(civilFromDays(n)), start, end: start + MS_PER_DAY, open: start, close: start + MS_PER_DAY });
    return this.recentDay;
  }

  protected isTradingDayNumber(): boolean {
    return true;
  }

  localDate(time: number): LocalDate {
    checkTime(time);
    return civilFromDays(Math.floor(time / MS_PER_DAY));
  }

  tradingDay(date: LocalDate): TradingDay {
    const n = dayNumberOf(date);
    return Object.freeze({
      date: Object.freeze(civilFromDays(n)),
      preOpen: null,
      open: n * MS_PER_DAY,
      close: (n + 1) * MS_PER_DAY,
      postClose: null,
      earlyClose: false,
    });
  }

  holidayName(date: LocalDate): null {
    dayNumberOf(date);
    return null;
  }

  phase(time: number): MarketPhase {
    checkTime(time);
    return 'open';
  }

  status(time: number): MarketStatus {
    checkTime(time);
    return { phase: 'open', earlyClose: false, nextChange: null };
  }
}

/** ms after midnight of a local session time, as the daily session boundaries of a calendar. */
interface Sessions {
  preOpen: number;
  open: number;
  close: number;
  postClose: number;
}

/** Holidays (day number -> name) and early closes (day number -> close, ms after midnight) of one year. */
interface YearSchedule {
  holidays: ReadonlyMap<number, string>;
  earlyCloses: ReadonlyMap<number, number>;
}

/** One local date, cached: its bounds as epoch ms and, on a trading day, its sessions. */
interface DayRecord {
  dayNumber: number;
  calendarDay: CalendarDay;
  /** Epoch ms of local midnight starting and ending the date. */
  start: number;
  end: number;
  weekend: boolean;
  holiday: string | null;
  trading: TradingDay | null;
}

/** The parsed calendar-data file. */
interface CalendarData {
  timeZone: string;
  firstYear: number;
  lastYear: number;
  sessions: Record<keyof Sessions, string>;
  holidays: string[];
  specialClosures: Record<string, string>;
  earlyCloses: Record<string, string>;
}

/** "13:00" or "13:00:30" -> ms after midnight. */
function parseTimeOfDay(text: string): number {
  const match = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!match) throw new RangeError(`Invalid time of day ${JSON.stringify(text)}`);
  return ((Number(match[1]) * 60 + Number(match[2])) * 60 + Number(match[3] ?? 0)) * 1000;
}

/** A calendar with weekday sessions in a zone, weekends off, and per-year holidays and early closes. */
class SessionCalendar extends CalendarBase {
  private readonly days = new Map<number, DayRecord>();
  private readonly years = new Map<number, YearSchedule>();
  /** The date of the last phase/status/localDate call: the fast path for clocks that tick within a day. */
  private recent: DayRecord | null = null;

  constructor(
    readonly id: CalendarId,
    readonly timeZone: string,
    private readonly sessions: Sessions,
    private readonly scheduleOf: (year: number) => YearSchedule,
  ) {
    super();
  }

  protected isTradingDayNumber(dayNumber: number): boolean {
    const weekday = dayOfWeek(dayNumber);
    return weekday !== 0 && weekday !== 6 && !this.schedule(civilFromDays(dayNumber).year).holidays.has(dayNumber);
  }

  localDate(time: number): LocalDate {
    return civilFromDays(this.dayAt(time).dayNumber);
  }

  tradingDay(date: LocalDate): TradingDay | null {
    return this.day(dayNumberOf(date)).trading;
  }

  holidayName(date: LocalDate): string | null {
    return this.day(dayNumberOf(date)).holiday;
  }

  phase(time: number): MarketPhase {
    const trading = this.dayAt(time).trading;
    if (!trading) return 'closed';
    if (trading.preOpen !== null && time >= trading.preOpen && time < trading.open) return 'pre-market';
    if (time >= trading.open && time < trading.close) return 'open';
    if (trading.postClose !== null && time >= trading.close && time < trading.postClose) return 'after-hours';
    return 'closed';
  }

  status(time: number): MarketStatus {
    const day = this.dayAt(time);
    const trading = day.trading;
    if (!trading) {
      const nextChange = this.firstChange(this.walk(day.dayNumber, 1));
      return day.weekend
        ? { phase: 'closed', closedReason: 'weekend', nextChange }
        : { phase: 'closed', closedReason: 'holiday', holiday: day.holiday ?? 'Market holiday', nextChange };
    }
    const earlyClose = trading.earlyClose;
    const start = trading.preOpen ?? trading.open;
    const end = trading.postClose ?? trading.close;
    if (time < start) return { phase: 'closed', closedReason: 'overnight', earlyClose, nextChange: start };
    if (time < trading.open) return { phase: 'pre-market', earlyClose, nextChange: trading.open };
    if (time < trading.close) return { phase: 'open', earlyClose, nextChange: trading.close };
    if (time < end) return { phase: 'after-hours', earlyClose, nextChange: end };
    return { phase: 'closed', closedReason: 'overnight', earlyClose, nextChange: this.firstChange(this.walk(day.dayNumber, 1)) };
  }

  /** When a trading day's first phase starts. */
  private firstChange(dayNumber: number): number {
    const trading = this.day(dayNumber).trading!;
    return trading.preOpen ?? trading.open;
  }

  dayOf(time: number): CalendarDay {
    return this.dayAt(time).calendarDay;
  }

  private dayAt(time: number): DayRecord {
    checkTime(time);
    const recent = this.recent;
    if (recent && time >= recent.start && time < recent.end) return recent;
    const day = this.day(localDayNumber(this.timeZone, time));
    this.recent = day;
    return day;
  }

  private day(dayNumber: number): DayRecord {
    let day = this.days.get(dayNumber);
    if (day) return day;
    const date = civilFromDays(dayNumber);
    const schedule = this.schedule(date.year);
    const weekday = dayOfWeek(dayNumber);
    const weekend = weekday === 0 || weekday === 6;
    const holiday = weekend ? null : (schedule.holidays.get(dayNumber) ?? null);
    let trading: TradingDay | null = null;
    if (!weekend && holiday === null) {
      const at = (ms: number) => dayNumberToEpoch(this.timeZone, dayNumber, ms);
      const earlyClose = schedule.earlyCloses.get(dayNumber);
      const close = earlyClose ?? this.sessions.close;
      const postClose = earlyClose === undefined ? this.sessions.postClose : Math.max(close, Math.min(this.sessions.postClose, EARLY_CLOSE_POST_CLOSE_MS));
      trading = Object.freeze({
        date: Object.freeze({ ...date }),
        preOpen: at(this.sessions.preOpen),
        open: at(this.sessions.open),
        close: at(close),
        postClose: at(postClose),
        earlyClose: earlyClose !== undefined,
      });
    }
    const start = dayNumberToEpoch(this.timeZone, dayNumber, 0);
    const end = dayNumberToEpoch(this.timeZone, dayNumber + 1, 0);
    day = {
      dayNumber,
      calendarDay: Object.freeze({ key: formatLocalDate(date), start, end, open: trading?.open ?? null, close: trading?.close ?? null }),
      start,
      end,
      weekend,
      holiday,
      trading,
    };
    if (this.days.size >= MAX_CACHED_DAYS) this.days.clear();
    this.days.set(dayNumber, day);
    return day;
  }

  private schedule(year: number): YearSchedule {
    let schedule = this.years.get(year);
    if (!schedule) {
      schedule = this.scheduleOf(year);
      if (this.years.size >= MAX_CACHED_YEARS) this.years.clear();
      this.years.set(year, schedule);
    }
    return schedule;
  }
}

function createUsEquity(): SessionCalendar {
  const data: CalendarData = usEquityData;
  const byYear = new Map<number, { holidays: Map<number, string>; earlyCloses: Map<number, number> }>();
  for (let year = data.firstYear; year <= data.lastYear; year++) byYear.set(year, { holidays: new Map(), earlyCloses: new Map() });
  const yearOf = (date: LocalDate) => {
    const entry = byYear.get(date.year);
    if (!entry) throw new RangeError(`calendar data: ${formatLocalDate(date)} is outside ${data.firstYear}-${data.lastYear}`);
    return entry;
  };
  const ruleNames = new Map<number, ReadonlyMap<number, string>>();
  for (const text of data.holidays) {
    const date = parseLocalDate(text);
    const n = daysFromCivil(date.year, date.month, date.day);
    if (!ruleNames.has(date.year)) ruleNames.set(date.year, ruleHolidays(date.year));
    const name = data.specialClosures[text] ?? ruleNames.get(date.year)!.get(n) ?? 'Market holiday';
    yearOf(date).holidays.set(n, name);
  }
  for (const [text, time] of Object.entries(data.earlyCloses)) {
    const date = parseLocalDate(text);
    yearOf(date).earlyCloses.set(daysFromCivil(date.year, date.month, date.day), parseTimeOfDay(time));
  }
  const sessions: Sessions = {
    preOpen: parseTimeOfDay(data.sessions.preOpen),
    open: parseTimeOfDay(data.sessions.open),
    close: parseTimeOfDay(data.sessions.close),
    postClose: parseTimeOfDay(data.sessions.postClose),
  };
  return new SessionCalendar('us-equity', data.timeZone, sessions, (year) => {
    const fromData = byYear.get(year);
    if (fromData) return fromData;
    const holidays = ruleHolidays(year);
    return { holidays, earlyCloses: new Map(ruleEarlyCloses(year, holidays).map((n) => [n, EARLY_CLOSE_MS])) };
  });
}

const calendars = new Map<CalendarId, MarketCalendar>();

/** The calendar for an id; one shared instance per id (its caches are shared too). */
export function calendarFor(id: CalendarId): MarketCalendar {
  let calendar = calendars.get(id);
  if (!calendar) {
    if (id === 'us-equity') calendar = createUsEquity();
    else if (id === '24x7') calendar = new AlwaysOpenCalendar();
    else throw new RangeError(`Unknown calendar ${JSON.stringify(id)}`);
    calendars.set(id, calendar);
  }
  return calendar;
}

/** True if an instant falls in its day's regular session. */
export function inRegularSession(day: CalendarDay, time: number): boolean {
  return day.open !== null && time >= day.open && time < day.close!;
}
