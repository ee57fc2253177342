import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { hostAddress, integerIn, seedValue, symbolList } from './cli-values.ts';
import { Feed } from './feed.ts';
import { seedFrom } from './random.ts';
import { startServer, type RunningServer } from './server.ts';
import { MAX_TICKS_PER_SECOND, MarketSimulator } from './simulator.ts';
import { DEFAULT_UNIVERSE, MAX_UNIVERSE_SIZE, syntheticUniverse, universeFromSymbols } from './universe.ts';
import { buildWebIfNeeded } from './web-build.ts';
import type { ClientSession } from './client-session.ts';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../dist', import.meta.url));

/** Exit status for usage errors: a bad flag or value. */
const USAGE_ERROR = 2;

interface ServeOptions {
  port: number;
  host: string;
  symbols?: string[];
  universe?: number;
  seed: string;
  rate: number;
  batchMs: number;
  staticDir: string;
  buildIfNeeded: boolean;
}

function buildProgram(): Command {
  const program = new Command('tickwall')
    .description('Live stock-ticker dashboard: a seeded market simulator streaming to a web dashboard.')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('serve')
    .description('Serve the dashboard and the live simulated feed (WebSocket at /ws) on one port.')
    .addOption(new Option('-p, --port <n>', 'HTTP port; 0 picks a free one').default(8080).argParser(integerIn(0, 65535, 'port')))
    .addOption(new Option('--host <addr>', 'address to bind; 0.0.0.0 exposes it to the network').default('127.0.0.1').argParser(hostAddress))
    .addOption(new Option('-s, --symbols <list>', 'comma-separated symbols to simulate (default: 32 US large caps)').argParser(symbolList).conflicts('universe'))
    .addOption(new Option('-u, --universe <n>', `synthetic universe of n symbols (1-${MAX_UNIVERSE_SIZE}); large caps first`).argParser(integerIn(1, MAX_UNIVERSE_SIZE, 'universe size')))
    .addOption(new Option('--seed <seed>', 'simulator seed; same seed and options give the same ticks').default('42').argParser(seedValue))
    .addOption(new Option('-r, --rate <ticks>', `mean ticks per second across all symbols (1-${MAX_TICKS_PER_SECOND})`).default(300).argParser(integerIn(1, MAX_TICKS_PER_SECOND, 'rate')))
    .addOption(new Option('-b, --batch-ms <ms>', 'batch interval: ticks are gathered this long into one message (5-5000)').default(50).argParser(integerIn(5, 5000, 'batch interval')))
    .addOption(new Option('--static-dir <dir>', 'directory of the built web app').default(DEFAULT_STATIC_DIR))
    .addOption(new Option('--build-if-needed', 'build the web app first if it is missing or stale').default(false).hideHelp())
    .action(async (options: ServeOptions) => serve(options));

  return program;
}

async function serve(options: ServeOptions): Promise<void> {
  if (options.buildIfNeeded) buildWebIfNeeded(PROJECT_ROOT, options.staticDir);
  const universe = options.symbols
    ? universeFromSymbols(options.symbols)
    : options.universe
      ? syntheticUniverse(options.universe)
      : [...DEFAULT_UNIVERSE];
  const known = new Set(DEFAULT_UNIVERSE.map((s) => s.symbol));
  const invented = (options.symbols ?? []).filter((s) => !known.has(s));
  if (invented.length > 0) console.error(`tickwall: not in the built-in universe, simulated with generated metadata: ${invented.join(', ')}`);

  const source = new MarketSimulator({
    universe,
    seed: seedFrom(options.seed),
    ticksPerSecond: options.rate,
    startTime: Date.now(),
  });
  const feed = new Feed<ClientSession>(source, { batchIntervalMs: options.batchMs });
  const server = await startServer(feed, { host: options.host, port: options.port, staticDir: options.staticDir });
  feed.start();
  console.log(
    `tickwall: serving ${server.url} (live, ${universe.length} symbols, seed ${options.seed}, ${options.rate} ticks/s, ${options.batchMs} ms batches, epoch ${feed.epoch})`,
  );
  shutDownOnSignals(feed, server);
}

function shutDownOnSignals(feed: Feed<ClientSession>, server: RunningServer): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.error(`tickwall: ${signal}, shutting down`);
    feed.stop();
    // Whatever happens, exit within 2 s.
    setTimeout(() => process.exit(0), 2000).unref();
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return;
    }
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exit(error.exitCode === 0 ? 0 : USAGE_ERROR);
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') console.error(`tickwall: error: ${(error as Error).message}; is another tickwall running? Pick another with --port.`);
    else if (code === 'EACCES' || code === 'EADDRNOTAVAIL') console.error(`tickwall: error: cannot listen: ${(error as Error).message}`);
    else console.error(`tickwall: error: ${(error as Error).message}`);
    process.exit(1);
  }
}
