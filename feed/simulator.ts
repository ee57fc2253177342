import { US_EQUITY_DEFAULTS } from '../shared/instrument.ts';
import type { SymbolMeta, Tick } from '../shared/protocol.ts';
import { SeededRandom } from './random.ts';
import type { TickSource } from './tick-source.ts';
import type { SimulatedSymbol } from './universe.ts';

export interface SimulatorConfig {
  universe: readonly SimulatedSymbol[];
  seed: number;
  /** Mean ticks per second across the whole universe (a Poisson process). */
  ticksPerSecond: number;
  /** Epoch ms of the simulated session's first instant. */
  startTime: number;
  /**
   * Multiplies every symbol's volatility. Real intraday moves are slow to watch;
   * the default makes a few minutes of demo look like a busy day.
   */
  volatilityScale?: number;
}

export const DEFAULT_VOLATILITY_SCALE = 3;
export const MAX_TICKS_PER_SECOND = 200_000;

/** Volatility is annualised over trading time: 252 sessions of 6.5 hours. */
const MS_PER_TRADING_YEAR = 252 * 6.5 * 3600 * 1000;
/** Factor loadings: within-sector correlation is 0.25 + 0.30 = 0.55, across sectors 0.25. */
const MARKET_LOADING = Math.sqrt(0.25);
const SECTOR_LOADING = Math.sqrt(0.3);
const IDIOSYNCRATIC_LOADING = Math.sqrt(0.45);
const JUMPS_PER_HOUR = 0.6;
const JUMP_STDEV = 0.012;
const OPENING_GAP_STDEV = 0.004;
/** Quoted spread as a fraction of price; at least one tick. */
const SPREAD_FRACTION = 0.00005;

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
  lastTime: number;
  marketAtLast: number;
  sectorAtLast: number;
}

/**
 * A seeded market: trades arrive as a Poisson process, symbols are drawn by
 * activity, and each symbol's price follows geometric Brownian motion driven
 * by market, sector and idiosyncratic factors, with rare jumps. Prices trade
 * at the bid or the ask on the tick grid. Same config and seed: same ticks.
 */
export class MarketSimulator implements TickSource {
  readonly mode = 'live' as const;
  readonly symbols: readonly SymbolMeta[];
  private readonly random: SeededRandom;
  private readonly states: SymbolState[];
  private readonly cumulativeActivity: Float64Array;
  private readonly market: LazyBrownian;
  private readonly meanGapMs: number;
  private nextTime: number;

  constructor(config: SimulatorConfig) {
    if (config.universe.length === 0) throw new RangeError('the simulator needs at least one symbol');
    if (!(config.ticksPerSecond > 0 && config.ticksPerSecond <= MAX_TICKS_PER_SECOND)) {
      throw new RangeError(`ticksPerSecond must be in (0, ${MAX_TICKS_PER_SECOND}], got ${config.ticksPerSecond}`);
    }
    const scale = config.volatilityScale ?? DEFAULT_VOLATILITY_SCALE;
    this.random = new SeededRandom(config.seed);
    this.market = new LazyBrownian(config.startTime);
    this.meanGapMs = 1000 / config.ticksPerSecond;
    this.symbols = config.universe.map(publicMeta);

    const sectors = new Map<string, LazyBrownian>();
    this.states = config.universe.map((meta) => {
      let sector = sectors.get(meta.sector);
      if (!sector) sectors.set(meta.sector, (sector = new LazyBrownian(config.startTime)));
      return {
        meta,
        sector,
        sigma: meta.volatility * scale,
        ticksPerUnit: Math.round(1 / meta.tickSize),
        logDeviation: OPENING_GAP_STDEV * this.random.normal(),
        lastTime: config.startTime,
        marketAtLast: 0,
        sectorAtLast: 0,
      };
    });

    this.cumulativeActivity = new Float64Array(config.universe.length);
    let total = 0;
    config.universe.forEach((meta, i) => (this.cumulativeActivity[i] = total += meta.activity));
    this.nextTime = config.startTime + this.random.exponential(this.meanGapMs);
  }

  nextTickTime(): number {
    return Math.floor(this.nextTime);
  }

  drainUntil(untilMs: number, out: Tick[]): void {
    while (this.nextTime < untilMs + 1) {
      out.push(this.tickAt(this.nextTime));
      this.nextTime += this.random.exponential(this.meanGapMs);
    }
  }

  skipTo(timeMs: number): void {
    if (timeMs > this.nextTime) this.nextTime = timeMs + this.random.exponential(this.meanGapMs);
  }

  private tickAt(time: number): Tick {
    const state = this.states[this.pickSymbolIndex()]!;
    this.evolve(state, time);

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

  /** Mostly round lots, some odd lots, and the occasional block. */
  private tradeSize(): number {
    const u = this.random.next();
    if (u < 0.22) return 1 + this.random.int(99);
    if (u > 0.992) return 100 * (50 + this.random.int(450));
    return 100 * Math.min(100, Math.ceil(this.random.exponential(2.5)));
  }
}

/** The simulated market is a US equity market: whole shares, dollars, NYSE hours. */
function publicMeta({ symbol, name, sector, prevClose, tickSize, marketCap }: SimulatedSymbol): SymbolMeta {
  const meta: SymbolMeta = { symbol, name, sector, prevClose, tickSize, ...US_EQUITY_DEFAULTS };
  if (marketCap !== undefined) meta.marketCap = marketCap;
  return meta;
}
