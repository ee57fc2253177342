import { US_EQUITY_DEFAULTS } from '../shared/instrument.ts';
import { calendarFor, type MarketCalendar } from '../shared/market-calendar.ts';
import type { SymbolMeta, Tick } from '../shared/protocol.ts';
import { SeededRandom } from './random.ts';
import type { TickSource } from './tick-source.ts';
import { PHASE_ACTIVITY, TradingClock } from './trading-hours.ts';
import type { SimulatedSymbol } from './universe.ts';

export interface SimulatorConfig {
  universe: readonly SimulatedSymbol[];
  seed: number;
  /** Mean ticks per second across the whole universe in the regular session (a Poisson process; fewer in extended hours). */
  ticksPerSecond: number;
  /** Epoch ms of the simulated clock's first instant. */
  startTime: number;
  /**
   * When the market trades (see trading-hours.ts): ticks come only in its
   * sessions, scaled by PHASE_ACTIVITY, and closed time (nights, weekends,
   * holidays) passes without moving prices. Default: around the clock.
   */
  calendar?: MarketCalendar;
  /** Each symbol's price at startTime (a simulated past's last prices); default: its previous close with an opening gap. */
  startPrices?: readonly number[];
  /**
   * Multiplies every symbol's volatility. Real intraday moves are slow to watch;
   * the default makes a few minutes of demo look like a busy day.
   */
  volatilityScale?: number;
}

export const DEFAULT_VOLATILITY_SCALE = 3;
export const MAX_TICKS_PER_SECOND = 200_000;

/** Volatility is annualised over trading time: 252 sessions of 6.5 hours. */
export const MS_PER_TRADING_YEAR = 252 * 6.5 * 3600 * 1000;
/** Factor loadings: within-sector correlation is 0.25 + 0.30 = 0.55, across sectors 0.25. */
export const MARKET_LOADING = Math.sqrt(0.25);
export const SECTOR_LOADING = Math.sqrt(0.3);
export const IDIOSYNCRATIC_LOADING = Math.sqrt(0.45);
export const JUMPS_PER_HOUR = 0.6;
export const JUMP_STDEV = 0.012;
/** A session opens this far (log stdev) from where the last one left off. */
export const OPENING_GAP_STDEV = 0.004;
/** Quoted spread as a fraction of price; at least one tick. */
export const SPREAD_FRACTION = 0.00005;

/** A Brownian path sampled lazily: advanced only when someone reads it. */
class LazyBrownian {
  value = 0;
  private time: number;
  constructor(startTime: number) {
    this.time = startTime;
  }
  at(time: number, random: SeededRandom): number {
    if (time > this.time) {
      this.value += Math.sqrt((time - this.time) / MS_PER_TRADING_YEAR) * random.normal();
      this.time = time;
    }
    return this.value;
  }
}

interface SymbolState {
  meta: SimulatedSymbol;
  sector: LazyBrownian;
  sigma: number;
  ticksPerUnit: number;
  logDeviation: number;
  /** Trading time (TradingClock) of the symbol's last tick. */
  lastTime: number;
  marketAtLast: number;
  sectorAtLast: number;
  /** The session its price was last moved in: a later one opens with a gap. */
  session: number;
}

/**
 * A seeded market: trades arrive as a Poisson process, symbols are drawn by
 * activity, and each symbol's price follows geometric Brownian motion driven
 * by market, sector and idiosyncratic factors, with rare jumps. Prices trade
 * at the bid or the ask on the tick grid. It trades in its calendar's
 * sessions only, more slowly in extended hours (thinning the Poisson
 * process), and prices move in trading time (TradingClock): extended hours
 * drift slower, a night, a weekend or a stall passes without a move, and
 * the next session opens with a small gap.
 * Same config and seed: same ticks.
 */
export class MarketSimulator implements TickSource {
  readonly mode = 'live' as const;
  readonly symbols: readonly SymbolMeta[];
  readonly calendar: MarketCalendar;
  private readonly random: SeededRandom;
  private readonly states: SymbolState[];
  private readonly cumulativeActivity: Float64Array;
  private readonly market: LazyBrownian;
  private readonly meanGapMs: number;
  private nextTime: number;
  /** What prices move in: regular hours in full, extended hours slower, closed time and stalls not at all. */
  private readonly tradingClock: TradingClock;
  /** Sessions opened since the start. */
  private session = 0;

  constructor(config: SimulatorConfig) {
    if (config.universe.length === 0) throw new RangeError('the simulator needs at least one symbol');
    if (!(config.ticksPerSecond > 0 && config.ticksPerSecond <= MAX_TICKS_PER_SECOND)) {
      throw new RangeError(`ticksPerSecond must be in (0, ${MAX_TICKS_PER_SECOND}], got ${config.ticksPerSecond}`);
    }
    if (config.startPrices && config.startPrices.length !== config.universe.length) throw new RangeError('startPrices must have one price per symbol');
    const scale = config.volatilityScale ?? DEFAULT_VOLATILITY_SCALE;
    this.calendar = config.calendar ?? calendarFor('24x7');
    this.random = new SeededRandom(config.seed);
    this.market = new LazyBrownian(config.startTime);
    this.tradingClock = new TradingClock(this.calendar, config.startTime);
    this.meanGapMs = 1000 / config.ticksPerSecond;
    this.symbols = config.universe.map((meta) => publicMeta(meta, this.calendar));

    const sectors = new Map<string, LazyBrownian>();
    this.states = config.universe.map((meta, i) => {
      let sector = sectors.get(meta.sector);
      if (!sector) sectors.set(meta.sector, (sector = new LazyBrownian(config.startTime)));
      const startPrice = config.startPrices?.[i];
      return {
        meta,
        sector,
        sigma: meta.volatility * scale,
        ticksPerUnit: Math.round(1 / meta.tickSize),
        logDeviation: startPrice !== undefined ? Math.log(startPrice / meta.prevClose) : OPENING_GAP_STDEV * this.random.normal(),
        lastTime: config.startTime,
        marketAtLast: 0,
        sectorAtLast: 0,
        session: 0,
      };
    });

    this.cumulativeActivity = new Float64Array(config.universe.length);
    let total = 0;
    config.universe.forEach((meta, i) => (this.cumulativeActivity[i] = total += meta.activity));
    this.nextTime = config.startTime;
    this.advance();
  }

  nextTickTime(): number {
    return Math.floor(this.nextTime);
  }

  drainUntil(untilMs: number, out: Tick[]): void {
    while (this.nextTime < untilMs + 1) {
      out.push(this.tickAt(this.nextTime));
      this.advance();
    }
  }

  /** A stall is skipped like a closed market: no ticks, and no price move for the time lost. */
  skipTo(timeMs: number): void {
    if (timeMs <= this.nextTime) return;
    this.tradingClock.at(this.nextTime);
    this.tradingClock.skip(timeMs);
    this.nextTime = timeMs;
    this.advance();
  }

  /** Moves nextTime to the next tick: arrivals at the regular session's rate, kept with the phase's activity, closed time jumped. */
  private advance(): void {
    for (;;) {
      this.nextTime += this.random.exponential(this.meanGapMs);
      const activity = PHASE_ACTIVITY[this.calendar.phase(this.nextTime)];
      if (activity === 0) {
        const reopens = this.calendar.status(this.nextTime).nextChange;
        if (reopens === null) return;
        this.nextTime = reopens;
        this.session++;
        continue;
      }
      if (activity >= 1 || this.random.next() < activity) return;
    }
  }

  private tickAt(time: number): Tick {
    const state = this.states[this.pickSymbolIndex()]!;
    this.evolve(state, this.tradingClock.at(time));
    if (state.session !== this.session) {
      state.session = this.session;
      state.logDeviation += OPENING_GAP_STDEV * this.random.normal();
    }

    const fairTicks = state.meta.prevClose * Math.exp(state.logDeviation) * state.ticksPerUnit;
    const spreadTicks = Math.max(1, Math.round(fairTicks * SPREAD_FRACTION));
    const bidTicks = Math.max(1, Math.floor(fairTicks - spreadTicks / 2));
    const askTicks = bidTicks + spreadTicks;
    const buyerInitiated = this.random.next() < 0.5;
    const lastTicks = buyerInitiated ? askTicks : bidTicks;
    const unit = state.ticksPerUnit;
    return {
      symbol: state.meta.symbol,
      price: lastTicks / unit,
      size: this.tradeSize(),
      time: Math.floor(time),
      bid: bidTicks / unit,
      ask: askTicks / unit,
    };
  }

  private evolve(state: SymbolState, time: number): void {
    const dtYears = (time - state.lastTime) / MS_PER_TRADING_YEAR;
    const market = this.market.at(time, this.random);
    const sector = state.sector.at(time, this.random);
    const shock =
      MARKET_LOADING * (market - state.marketAtLast) +
      SECTOR_LOADING * (sector - state.sectorAtLast) +
      IDIOSYNCRATIC_LOADING * Math.sqrt(dtYears) * this.random.normal();
    let logReturn = state.sigma * shock - 0.5 * state.sigma * state.sigma * dtYears;

    const dtHours = (time - state.lastTime) / 3_600_000;
    if (this.random.next() < 1 - Math.exp(-JUMPS_PER_HOUR * dtHours)) logReturn += JUMP_STDEV * this.random.normal();

    state.logDeviation += logReturn;
    state.lastTime = time;
    state.marketAtLast = market;
    state.sectorAtLast = sector;
  }

  private pickSymbolIndex(): number {
    const weights = this.cumulativeActivity;
    const target = this.random.next() * weights[weights.length - 1]!;
    let low = 0;
    let high = weights.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (weights[mid]! > target) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  private tradeSize(): number {
    return tradeSize(this.random);
  }
}

/** Mostly round lots, some odd lots, and the occasional block. */
export function tradeSize(random: SeededRandom): number {
  const u = random.next();
  if (u < 0.22) return 1 + random.int(99);
  if (u > 0.992) return 100 * (50 + random.int(450));
  return 100 * Math.min(100, Math.ceil(random.exponential(2.5)));
}

/** The mean of tradeSize: 0.22 x 50 + 0.008 x 27,450 + 0.772 x 100 x E[ceil(Exp(2.5))] (3.03). */
export const MEAN_TRADE_SIZE = 465;

/** The simulated market is a US equity market (whole shares, dollars) on the calendar it trades by. */
function publicMeta({ symbol, name, sector, prevClose, tickSize, marketCap }: SimulatedSymbol, calendar: MarketCalendar): SymbolMeta {
  const meta: SymbolMeta = { symbol, name, sector, prevClose, tickSize, ...US_EQUITY_DEFAULTS, calendar: calendar.id };
  if (marketCap !== undefined) meta.marketCap = marketCap;
  return meta;
}
