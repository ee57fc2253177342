import type { RedisBus } from '../bus/redis-bus.ts';
import { FeedMetrics } from '../metrics.ts';
import { startOperationsServer, type OperationsServer } from '../operations-server.ts';
import type { Producer } from '../producer.ts';

/**
 * /healthz and /metrics for a feed publishing to Redis (simulated or
 * replay): ready while Redis takes its batches; the metrics count Redis
 * round trips and the batches held or dropped while Redis was away.
 */
export function startFeedOperations(bus: RedisBus, producer: Producer, host: string, port: number): Promise<OperationsServer> {
  const metrics = new FeedMetrics({ clients: () => 0, groups: () => 0, seq: () => producer.seq, redisBacklog: () => bus.backlog });
  bus.options.onRoundTrip = (seconds) => metrics.redisRoundTrip.observe(seconds);
  return startOperationsServer({
    host,
    port,
    registry: metrics.registry,
    health: () => {
      const problem = bus.health().problem;
      return { ready: problem === null, body: { problems: problem ? [problem] : [], role: 'feed', epoch: producer.epoch, seq: producer.seq, ...bus.backlog } };
    },
  });
}

/** Until SIGINT or SIGTERM; then runs the shutdown and exits 0 within 2 s. */
export function stopOnSignal(shutdown: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.error(`tickwall: ${signal}, shutting down`);
    setTimeout(() => process.exit(0), 2000).unref();
    void shutdown().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
