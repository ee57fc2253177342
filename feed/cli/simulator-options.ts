import { Option, type Command } from 'commander';
import { RECORDING_FORMAT, RECORDING_VERSION, type RecordingHeader } from '../recording/format.ts';
import { seedFrom } from '../random.ts';
import { DEFAULT_HISTORY_DAYS, MAX_HISTORY_DAYS, simulatePast, type SimulatedPast } from '../simulated-past.ts';
import { MAX_TICKS_PER_SECOND, MarketSimulator } from '../simulator.ts';
import { simulatedCalendar, TRADING_HOURS, type TradingHours } from '../trading-hours.ts';
import { DEFAULT_UNIVERSE, MAX_UNIVERSE_SIZE, syntheticUniverse, universeFromSymbols, type SimulatedSymbol } from '../universe.ts';
import { integerIn, isoInstant, seedValue, symbolList } from './values.ts';

export interface SimulatorFlags {
  symbols?: string[];
  universe?: number;
  seed: string;
  rate: number;
  batchMs: number;
  hours: TradingHours;
  historyDays: number;
  start?: number;
}

/** The flags that define a simulated market, shared by `serve` and `record`. */
export function addSimulatorOptions(command: Command): Command {
  return command
    .addOption(new Option('-s, --symbols <list>', 'comma-separated symbols to simulate (default: 32 US large caps)').argParser(symbolList).conflicts('universe'))
    .addOption(new Option('-u, --universe <n>', `synthetic universe of n symbols (1-${MAX_UNIVERSE_SIZE}); large caps first`).argParser(integerIn(1, MAX_UNIVERSE_SIZE, 'universe size')))
    .addOption(new Option('--seed <seed>', 'simulator seed; same seed and options give the same ticks and history').default('42').argParser(seedValue))
    .addOption(new Option('-r, --rate <ticks>', `mean ticks per second across all symbols in the regular session (1-${MAX_TICKS_PER_SECOND})`).default(300).argParser(integerIn(1, MAX_TICKS_PER_SECOND, 'rate')))
    .addOption(new Option('-b, --batch-ms <ms>', 'batch interval: ticks are gathered this long into one message (5-5000)').default(50).argParser(integerIn(5, 5000, 'batch interval')))
    .addOption(
      new Option('--hours <when>', 'when the market trades: "calendar" (NYSE sessions, weekends and holidays, New York time) or "always" (24x7, UTC)')
        .choices(TRADING_HOURS)
        .default('calendar'),
    )
    .addOption(new Option('--start <iso>', 'the simulated clock starts here, e.g. 2026-11-20T10:30:00-05:00 (default: now)').argParser(isoInstant))
    .addOption(
      new Option('--history-days <n>', `trading days of daily bars before the session, made at startup (0-${MAX_HISTORY_DAYS})`)
        .default(DEFAULT_HISTORY_DAYS)
        .argParser(integerIn(0, MAX_HISTORY_DAYS, 'history days')),
    );
}

export interface SimulatedMarket {
  simulator: MarketSimulator;
  universe: SimulatedSymbol[];
  /** The session so far and the daily bars before it, at the simulated start. */
  past: SimulatedPast;
  /** How the universe was chosen, for a recording's provenance. */
  universeLabel: string;
}

/** A simulated market at `startTime`: its past made, and the live simulator taking over from its last prices. */
export function simulatedMarket(flags: SimulatorFlags, startTime: number): SimulatedMarket {
  const universe = flags.symbols ? universeFromSymbols(flags.symbols) : flags.universe ? syntheticUniverse(flags.universe) : [...DEFAULT_UNIVERSE];
  const known = new Set(DEFAULT_UNIVERSE.map((s) => s.symbol));
  const invented = (flags.symbols ?? []).filter((s) => !known.has(s));
  if (invented.length > 0) console.error(`tickwall: not in the built-in universe, simulated with generated metadata: ${invented.join(', ')}`);
  const calendar = simulatedCalendar(flags.hours);
  const seed = seedFrom(flags.seed);
  const past = simulatePast({ universe, seed, ticksPerSecond: flags.rate, calendar, at: startTime, days: flags.historyDays });
  const simulator = new MarketSimulator({ universe, seed, ticksPerSecond: flags.rate, startTime, calendar, startPrices: past.lastPrices });
  const universeLabel = flags.symbols ? `symbols:${flags.symbols.join(',')}` : flags.universe ? `universe:${flags.universe}` : 'default';
  return { simulator, universe, past, universeLabel };
}

export function simulatorRecordingHeader(flags: SimulatorFlags, market: SimulatedMarket, startTime: number): RecordingHeader {
  return {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    createdAt: Date.now(),
    source: {
      kind: 'simulator',
      seed: flags.seed,
      ticksPerSecond: flags.rate,
      batchIntervalMs: flags.batchMs,
      startTime,
      universe: market.universeLabel,
    },
    timeZone: market.simulator.calendar.timeZone,
    symbols: [...market.simulator.symbols],
    range: null,
    batchIntervalMs: flags.batchMs,
  };
}
