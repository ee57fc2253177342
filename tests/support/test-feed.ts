import { MemoryBus } from '../../feed/bus/memory-bus.ts';
import { DayState } from '../../feed/day-state.ts';
import { Edge, type EdgeOptions } from '../../feed/edge.ts';
import { LivePacer } from '../../feed/live-pacer.ts';
import { Producer } from '../../feed/producer.ts';
import { startServer, type RunningServer, type ServerOptions } from '../../feed/server.ts';
import { MarketSimulator } from '../../feed/simulator.ts';
import { DEFAULT_UNIVERSE } from '../../feed/universe.ts';

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
  options: Partial<ServerOptions> & { rate?: number; seed?: number; epoch?: string; edge?: EdgeOptions } = {},
): Promise<TestFeed> {
  const source = new MarketSimulator({
    universe: DEFAULT_UNIVERSE,
    seed: options.seed ?? 7,
    ticksPerSecond: options.rate ?? 2000,
    startTime: TEST_START_TIME,
  });
  const bus = new MemoryBus();
  const producer = new Producer(bus, { mode: 'live', symbols: source.symbols, batchIntervalMs: 50, timeZone: 'America/New_York' }, { epoch: options.epoch ?? 'test-epoch' });
  producer.start(new DayState(source.symbols).all());
  const pacer = new LivePacer(source, (ticks) => producer.publish(ticks), { batchIntervalMs: 50 });
  const { rate: _rate, seed: _seed, epoch: _epoch, edge: edgeOptions, ...serverOptions } = options;
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
