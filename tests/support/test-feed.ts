import { MemoryBus } from '../../feed/bus/memory-bus.ts';
import { Edge, type EdgeOptions } from '../../feed/edge.ts';
import { LivePacer } from '../../feed/live-pacer.ts';
import { Producer } from '../../feed/producer.ts';
import { startServer, type RunningServer, type ServerOptions } from '../../feed/server.ts';
import { simulatedMarket } from '../../feed/cli/simulator-options.ts';

/** Friday 20 Nov 2026, 10:00 in New York: half an hour into the regular session. */
export const TEST_START_TIME = Date.UTC(2026, 10, 20, 15, 0, 0);

export interface TestFeed {
  producer: Producer;
  edge: Edge;
  server: RunningServer;
  /** Publishes the batch of simulated ticks due `ms` after the previous step. */
  step(ms?: number): void;
  close(): Promise<void>;
}

/**
 * The real producer, in-process bus, edge and server on an ephemeral
 * loopback port, with the pacer left off: tests step batches by hand, so
 * what is sent is determined by the seed.
 */
export async function startTestFeed(
  options: Partial<ServerOptions> & { rate?: number; seed?: number; epoch?: string; edge?: EdgeOptions; historyDays?: number } = {},
): Promise<TestFeed> {
  // The same market the CLI makes: the NYSE calendar, the session so far and daily bars, the simulator taking over.
  const market = simulatedMarket(
    { seed: String(options.seed ?? 7), rate: options.rate ?? 2000, batchMs: 50, hours: 'calendar', historyDays: options.historyDays ?? 20 },
    TEST_START_TIME,
  );
  const source = market.simulator;
  const bus = new MemoryBus();
  const producer = new Producer(bus, { mode: 'live', symbols: source.symbols, batchIntervalMs: 50, timeZone: 'America/New_York' }, { epoch: options.epoch ?? 'test-epoch' });
  producer.start(market.past.quotes, 0, market.past.history);
  const pacer = new LivePacer(source, (ticks) => producer.publish(ticks), { batchIntervalMs: 50 });
  const { rate: _rate, seed: _seed, epoch: _epoch, edge: edgeOptions, historyDays: _historyDays, ...serverOptions } = options;
  const edge = new Edge(bus, edgeOptions);
  const server = await startServer(edge, { host: '127.0.0.1', port: 0, staticDir: null, ...serverOptions });
  let clock = TEST_START_TIME;
  return {
    producer,
    edge,
    server,
    step(ms = 50) {
      clock += ms;
      pacer.flush(clock);
    },
    close: async () => {
      await server.close();
      edge.close();
    },
  };
}
