import type { ClientSession } from '../../feed/client-session.ts';
import { Feed, type FeedOptions } from '../../feed/feed.ts';
import { LivePacer } from '../../feed/live-pacer.ts';
import { startServer, type RunningServer, type ServerOptions } from '../../feed/server.ts';
import { MarketSimulator } from '../../feed/simulator.ts';
import { DEFAULT_UNIVERSE } from '../../feed/universe.ts';

export const TEST_START_TIME = Date.UTC(2026, 10, 20, 15, 0, 0);

export interface TestFeed {
  feed: Feed<ClientSession>;
  server: RunningServer;
  /** Publishes the batch of simulated ticks due `ms` after the previous step. */
  step(ms?: number): void;
  close(): Promise<void>;
}

/**
 * The real server on an ephemeral loopback port, with the pacer left off:
 * tests step batches by hand, so what is sent is determined by the seed.
 */
export async function startTestFeed(
  options: Partial<ServerOptions> & { rate?: number; seed?: number; feed?: Partial<FeedOptions> } = {},
): Promise<TestFeed> {
  const source = new MarketSimulator({
    universe: DEFAULT_UNIVERSE,
    seed: options.seed ?? 7,
    ticksPerSecond: options.rate ?? 2000,
    startTime: TEST_START_TIME,
  });
  const feed = new Feed<ClientSession>(source, { batchIntervalMs: 50, epoch: 'test-epoch', ...options.feed });
  const pacer = new LivePacer(source, (ticks) => feed.publish(ticks), { batchIntervalMs: 50 });
  const { rate: _rate, seed: _seed, feed: _feed, ...serverOptions } = options;
  const server = await startServer(feed, { host: '127.0.0.1', port: 0, staticDir: null, ...serverOptions });
  let clock = TEST_START_TIME;
  return {
    feed,
    server,
    step(ms = 50) {
      clock += ms;
      pacer.flush(clock);
    },
    close: () => server.close(),
  };
}
