import { Option, type Command } from 'commander';
import { RECORDING_FORMAT, RECORDING_VERSION, type RecordingHeader } from '../recording/format.ts';
import { calendarFor } from '../../shared/market-calendar.ts';
import { seedFrom } from '../random.ts';
import { MAX_TICKS_PER_SECOND, MarketSimulator } from '../simulator.ts';
import { DEFAULT_UNIVERSE, MAX_UNIVERSE_SIZE, syntheticUniverse, universeFromSymbols, type SimulatedSymbol } from '../universe.ts';
import { integerIn, seedValue, symbolList } from './values.ts';

export interface SimulatorFlags {
  symbols?: string[];
  universe?: number;
  seed: string;
  rate: number;
  batchMs: number;
}

/** The flags that define a simulated market, shared by `serve` and `record`. */
export function addSimulatorOptions(command: Command): Command {
  return command
    .addOption(new Option('-s, --symbols <list>', 'comma-separated symbols to simulate (default: 32 US large caps)').argParser(symbolList).conflicts('universe'))
    .addOption(new Option('-u, --universe <n>', `synthetic universe of n symbols (1-${MAX_UNIVERSE_SIZE}); large caps first`).argParser(integerIn(1, MAX_UNIVERSE_SIZE, 'universe size')))
    .addOption(new Option('--seed <seed>', 'simulator seed; same seed and options give the same ticks').default('42').argParser(seedValue))
    .addOption(new Option('-r, --rate <ticks>', `mean ticks per second across all symbols (1-${MAX_TICKS_PER_SECOND})`).default(300).argParser(integerIn(1, MAX_TICKS_PER_SECOND, 'rate')))
    .addOption(new Option('-b, --batch-ms <ms>', 'batch interval: ticks are gathered this long into one message (5-5000)').default(50).argParser(integerIn(5, 5000, 'batch interval')));
}

export interface SimulatedMarket {
  simulator: MarketSimulator;
  universe: SimulatedSymbol[];
  /** How the universe was chosen, for a recording's provenance. */
  universeLabel: string;
}

export function simulatedMarket(flags: SimulatorFlags, startTime: number): SimulatedMarket {
  const universe = flags.symbols ? universeFromSymbols(flags.symbols) : flags.universe ? syntheticUniverse(flags.universe) : [...DEFAULT_UNIVERSE];
  const known = new Set(DEFAULT_UNIVERSE.map((s) => s.symbol));
  const invented = (flags.symbols ?? []).filter((s) => !known.has(s));
  if (invented.length > 0) console.error(`tickwall: not in the built-in universe, simulated with generated metadata: ${invented.join(', ')}`);
  const simulator = new MarketSimulator({ universe, seed: seedFrom(flags.seed), ticksPerSecond: flags.rate, startTime });
  const universeLabel = flags.symbols ? `symbols:${flags.symbols.join(',')}` : flags.universe ? `universe:${flags.universe}` : 'default';
  return { simulator, universe, universeLabel };
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
    timeZone: calendarFor('us-equity').timeZone,
    symbols: [...market.simulator.symbols],
    range: null,
    batchIntervalMs: flags.batchMs,
  };
}
