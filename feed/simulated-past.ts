import { emptyStoredBars, type StoredBars } from '../shared/bars/bar-series.ts';
import { DEFAULT_HISTORY_LIMITS, SymbolBars, type HistoryLimits, type SymbolHistory } from '../shared/bars/symbol-bars.ts';
import { formatLocalDate, type MarketCalendar, type TradingDay } from '../shared/market-calendar.ts';
import type { Quote } from '../shared/protocol.ts';
import { emptyQuote } from './day-state.ts';
import { SeededRandom, seedFrom } from './random.ts';
import {
  DEFAULT_VOLATILITY_SCALE,
  IDIOSYNCRATIC_LOADING,
  JUMP_STDEV,
  JUMPS_PER_HOUR,
  MARKET_LOADING,
  MEAN_TRADE_SIZE,
  MS_PER_TRADING_YEAR,
  OPENING_GAP_STDEV,
  SECTOR_LOADING,
  SPREAD_FRACTION,
  tradeSize,
} from './simulator.ts';
import { PHASE_ACTIVITY, PHASE_VARIANCE } from './trading-hours.ts';
import type { SimulatedSymbol } from './universe.ts';

export interface PastConfig {
  universe: readonly SimulatedSymbol[];
  seed: number;
  /** The simulator's rate (ticks per second across the universe, regular session): the past trades as busily. */
  ticksPerSecond: number;
  calendar: MarketCalendar;
  /** The simulated present: the past is everything before it. */
  at: number;
  /** Trading days of daily bars before the current session. */
  days: number;
  volatilityScale?: number;
  limits?: HistoryLimits;
}

export interface SimulatedPast {
  /** Each symbol's quote at `at`: the day state a stream starts from. */
  quotes: Quote[];
  history: Map<string, SymbolHistory>;
  /** Each symbol's last traded price (its previous close if it has not traded): where the live simulator takes over. */
  lastPrices: number[];
  /** The trading day whose session the intraday bars are of, e.g. "2026-11-20". */
  sessionDay: string;
}

export const DEFAULT_HISTORY_DAYS = 300;
export const MAX_HISTORY_DAYS = 5000;

const MINUTE = 60_000;
const MINUTE_YEARS = MINUTE / MS_PER_TRADING_YEAR;
const TRADING_DAYS_PER_YEAR = 252;
/** A day's open is this many daily stdevs from the previous close, its high and low this far beyond open and close. */
const DAILY_GAP = 0.3;
const DAILY_RANGE = 0.5;
/** Up to this many prints in a minute, sizes are drawn one by one; beyond, their sum is drawn at once. */
const SIZES_DRAWN_EACH = 8;
/** Points of a minute's path looked at for its open, high and low. */
const PATH_POINTS = 4;

/**
 * A simulated market's past, made at startup so a demo opened one second
 * later shows full charts: the current session so far as 1-minute bars
 * (from the pre-market open, or the day's start on a 24x7 calendar) and
 * `days` trading days of daily bars before it, on the real calendar
 * (weekends, holidays and early closes are absent or short, as they were).
 *
 * It is made a bar at a time, not a tick at a time, by the live simulator's
 * model (the same volatility, factor loadings, activity by phase, trade
 * sizes and opening gaps), so a 5,000-symbol day takes a second, not the
 * hours its ticks would. Daily bars use the symbols' real volatility (the
 * live demo scales intraday moves up). Every symbol's previous close in
 * the universe is the last daily close before the session, so change and
 * % agree with the chart.
 *
 * Deterministic: the same seed, universe, rate and session day give the
 * same bars, and a later `at` on the same day only adds bars (each
 * random stream is keyed by seed, symbol and day, and read in time order).
 */
export function simulatePast(config: PastConfig): SimulatedPast {
  const { universe, calendar, at } = config;
  if (!(config.days >= 0 && config.days <= MAX_HISTORY_DAYS)) throw new RangeError(`days must be 0 to ${MAX_HISTORY_DAYS}, got ${config.days}`);
  const scale = config.volatilityScale ?? DEFAULT_VOLATILITY_SCALE;
  const limits = config.limits ?? DEFAULT_HISTORY_LIMITS;
  const session = sessionDayOf(calendar, at);
  const sessionKey = formatLocalDate(session.date);
  const minutes = sessionMinutes(calendar, session, at);
  const priorDays = tradingDaysBefore(calendar, session, config.days);
  const totalActivity = universe.reduce((sum, s) => sum + s.activity, 0);
  const dayStarts = priorDays.map((day) => calendar.dayOf(day.open).start);

  const stream = (...parts: (string | number)[]) => new SeededRandom(seedFrom([config.seed, ...parts].join(':')));
  const marketMinutes = normals(stream('minute-market', sessionKey), minutes.length);
  const marketDays = normals(stream('day-market', sessionKey), priorDays.length);
  const sectors = new Map<string, { minutes: Float64Array; days: Float64Array }>();
  const sectorOf = (sector: string) => {
    let factors = sectors.get(sector);
    if (!factors) {
      factors = { minutes: normals(stream('minute-sector', sector, sessionKey), minutes.length), days: normals(stream('day-sector', sector, sessionKey), priorDays.length) };
      sectors.set(sector, factors);
    }
    return factors;
  };

  const quotes: Quote[] = [];
  const history = new Map<string, SymbolHistory>();
  const lastPrices: number[] = [];
  for (const meta of universe) {
    const ticksPerSecond = (config.ticksPerSecond * meta.activity) / totalActivity;
    const sector = sectorOf(meta.sector);
    const bars = new SymbolBars(calendar, limits);
    const daily = dailyBars(meta, priorDays, dayStarts, ticksPerSecond, marketDays, sector.days, stream('days', meta.symbol, sessionKey));
    bars.d1.restore(daily);
    const last = sessionBars(meta, minutes, ticksPerSecond, marketMinutes, sector.minutes, stream('minutes', meta.symbol, sessionKey), scale, bars);
    quotes.push(quoteAt(meta, bars, calendar.dayOf(session.open).start, sessionKey, last, priorDays));
    lastPrices.push(last?.price ?? meta.prevClose);
    history.set(meta.symbol, bars.history());
  }
  return { quotes, history, lastPrices, sessionDay: sessionKey };
}

/** The latest trading day whose first session has begun by `at`: today once pre-market opens, else the last one. */
export function sessionDayOf(calendar: MarketCalendar, at: number): TradingDay {
  const today = calendar.tradingDay(calendar.localDate(at));
  if (today && (today.preOpen ?? today.open) <= at) return today;
  return calendar.tradingDay(calendar.previousTradingDay(calendar.localDate(at)))!;
}

interface SessionMinute {
  time: number;
  /** The phase's activity (PHASE_ACTIVITY) and how fast prices move in it (PHASE_VARIANCE). */
  activity: number;
  variance: number;
  /** How much of the minute lies before `at`: 1, except for the minute `at` falls in. */
  fraction: number;
}

function sessionMinutes(calendar: MarketCalendar, day: TradingDay, at: number): SessionMinute[] {
  const start = day.preOpen ?? day.open;
  const end = Math.min(at, day.postClose ?? day.close);
  const minutes: SessionMinute[] = [];
  for (let time = start; time < end; time += MINUTE) {
    const phase = calendar.phase(time);
    minutes.push({ time, activity: PHASE_ACTIVITY[phase], variance: PHASE_VARIANCE[phase], fraction: Math.min(1, (end - time) / MINUTE) });
  }
  return minutes;
}

/** The `count` trading days before `day`, most recent first. */
function tradingDaysBefore(calendar: MarketCalendar, day: TradingDay, count: number): TradingDay[] {
  const days: TradingDay[] = [];
  let date = day.date;
  for (let i = 0; i < count; i++) {
    date = calendar.previousTradingDay(date);
    days.push(calendar.tradingDay(date)!);
  }
  return days;
}

/**
 * Daily bars walked backwards from the previous close (the universe's),
 * so the newest daily close is exactly it; stored oldest first. `days` is
 * most recent first, as are the factor shocks.
 */
function dailyBars(
  meta: SimulatedSymbol,
  days: readonly TradingDay[],
  dayStarts: readonly number[],
  ticksPerSecond: number,
  market: Float64Array,
  sector: Float64Array,
  random: SeededRandom,
): StoredBars {
  const n = days.length;
  if (n === 0) return emptyStoredBars();
  const bars = { time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n), count: new Float64Array(n), turnover: new Float64Array(n) };
  const sigma = meta.volatility / Math.sqrt(TRADING_DAYS_PER_YEAR);
  const tick = meta.tickSize;
  let close = meta.prevClose;
  for (let j = 0; j < n; j++) {
    const day = days[j]!;
    let change = sigma * (MARKET_LOADING * market[j]! + SECTOR_LOADING * sector[j]! + IDIOSYNCRATIC_LOADING * random.normal());
    if (random.next() < 1 - Math.exp(-JUMPS_PER_HOUR * 6.5)) change += JUMP_STDEV * random.normal();
    const previousClose = close * Math.exp(-change);
    const open = roundTo(previousClose * Math.exp(DAILY_GAP * sigma * random.normal()), tick);
    const high = Math.max(open, close, roundTo(Math.max(open, close) * Math.exp(DAILY_RANGE * sigma * Math.abs(random.normal())), tick));
    const low = Math.min(open, close, roundTo(Math.min(open, close) * Math.exp(-DAILY_RANGE * sigma * Math.abs(random.normal())), tick));
    const trades = Math.max(1, Math.round(((ticksPerSecond * (day.close - day.open)) / 1000) * Math.exp(0.25 * random.normal() - 0.03125)));
    const volume = Math.max(trades, Math.round(trades * MEAN_TRADE_SIZE * Math.exp(0.1 * random.normal() - 0.005)));
    const k = n - 1 - j;
    bars.time[k] = dayStarts[j]!;
    bars.open[k] = open;
    bars.high[k] = high;
    bars.low[k] = low;
    bars.close[k] = close;
    bars.volume[k] = volume;
    bars.count[k] = trades;
    bars.turnover[k] = (volume * (high + low + close)) / 3;
    close = roundTo(previousClose, tick);
  }
  return bars;
}

/**
 * The session so far, a minute at a time: the price moves every minute (in
 * trading time), prints arrive as a Poisson count at the phase's rate, and
 * a minute with prints becomes a bar (its open, high and low read from a
 * few points of the minute's path). Returns the last print, if any.
 */
function sessionBars(
  meta: SimulatedSymbol,
  minutes: readonly SessionMinute[],
  ticksPerSecond: number,
  market: Float64Array,
  sector: Float64Array,
  random: SeededRandom,
  scale: number,
  bars: SymbolBars,
): { price: number; time: number } | null {
  const sigma = meta.volatility * scale;
  const tick = meta.tickSize;
  let x = OPENING_GAP_STDEV * random.normal();
  let last: { price: number; time: number } | null = null;
  const path = new Float64Array(PATH_POINTS);
  for (let k = 0; k < minutes.length; k++) {
    const { time, activity, variance, fraction } = minutes[k]!;
    const step = sigma * Math.sqrt(MINUTE_YEARS * fraction * variance);
    let next = x + step * (MARKET_LOADING * market[k]! + SECTOR_LOADING * sector[k]! + IDIOSYNCRATIC_LOADING * random.normal()) - 0.5 * step * step;
    if (random.next() < 1 - Math.exp((-JUMPS_PER_HOUR * fraction) / 60)) next += JUMP_STDEV * random.normal();
    const prints = poisson(random, ticksPerSecond * 60 * activity * fraction);
    if (prints > 0) {
      // A Brownian bridge from x to next, seen at a few points: the first is the open, the last the close.
      const points = Math.min(prints, PATH_POINTS);
      for (let j = 1; j <= points; j++) {
        const f = j / points;
        path[j - 1] = j === points ? next : x + (next - x) * f + step * Math.sqrt(f * (1 - f)) * random.normal();
      }
      let high = Number.NEGATIVE_INFINITY;
      let low = Number.POSITIVE_INFINITY;
      let sum = 0;
      for (let j = 0; j < points; j++) {
        const price = roundTo(meta.prevClose * Math.exp(path[j]!), tick);
        high = Math.max(high, price);
        low = Math.min(low, price);
        sum += price;
      }
      const open = roundTo(meta.prevClose * Math.exp(path[0]!), tick);
      const close = roundTo(meta.prevClose * Math.exp(next), tick);
      const volume = printsVolume(random, prints);
      bars.applyMinute({ time, open, high, low, close, volume, count: prints, turnover: (volume * sum) / points });
      last = { price: close, time: Math.min(time + Math.floor(fraction * MINUTE) - 1, time + MINUTE - 1) };
    }
    x = next;
  }
  return last;
}

/** The quote at `at`: today's statistics from the session's bars, or, before today's first print, the last day's. */
function quoteAt(meta: SimulatedSymbol, bars: SymbolBars, dayStart: number, sessionKey: string, last: { price: number; time: number } | null, priorDays: readonly TradingDay[]): Quote {
  const quote = emptyQuote(meta.symbol, meta.prevClose);
  const daily = bars.d1;
  const newest = daily.length > 0 ? daily.at(daily.length - 1) : null;
  if (last) {
    // The day's statistics count the regular session: a session still in pre-market has none yet.
    const today = newest?.time === dayStart ? newest : null;
    return {
      ...quote,
      day: sessionKey,
      last: last.price,
      time: last.time,
      ...spread(last.price, meta.tickSize),
      ...(today ? { open: today.open, high: today.high, low: today.low, close: today.close, volume: today.volume } : {}),
    };
  }
  // Nothing traded yet this session: the quote is still the previous trading day's, as a live feed's would be.
  if (!newest || !priorDays[0]) return quote;
  const before = daily.length > 1 ? daily.at(daily.length - 2) : null;
  return {
    ...quote,
    day: formatLocalDate(priorDays[0].date),
    last: newest.close,
    ...spread(newest.close, meta.tickSize),
    open: newest.open,
    high: newest.high,
    low: newest.low,
    close: newest.close,
    prevClose: before?.close ?? null,
    volume: newest.volume,
    time: priorDays[0].close - 1,
  };
}

function spread(price: number, tickSize: number): { bid: number; ask: number } {
  const ticks = Math.max(1, Math.round((price / tickSize) * SPREAD_FRACTION));
  return { bid: Math.max(tickSize, roundTo(price - ticks * tickSize, tickSize)), ask: price };
}

/** The sizes of `prints` prints, summed: drawn one by one for a few, at once (a lognormal around the mean) for many. */
function printsVolume(random: SeededRandom, prints: number): number {
  if (prints <= SIZES_DRAWN_EACH) {
    let volume = 0;
    for (let i = 0; i < prints; i++) volume += tradeSize(random);
    return volume;
  }
  return Math.max(prints, Math.round(prints * MEAN_TRADE_SIZE * Math.exp(0.15 * random.normal() - 0.01125)));
}

/** A Poisson count: Knuth's method for small means, the normal approximation for large ones. */
function poisson(random: SeededRandom, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.normal()));
  const limit = Math.exp(-mean);
  let count = 0;
  for (let product = random.next(); product > limit; product *= random.next()) count++;
  return count;
}

function normals(random: SeededRandom, count: number): Float64Array {
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = random.normal();
  return values;
}

/** The nearest price on the grid, at least one step, as the nearest double to the decimal. */
function roundTo(price: number, step: number): number {
  const perUnit = Math.round(1 / step);
  return Math.max(1, Math.round(price * perUnit)) / perUnit;
}
