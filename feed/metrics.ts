import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ConnectionMeter, ResumeOutcome } from './connection-meter.ts';

/** What a process's metrics read at scrape time, rather than count as they happen. */
export interface MetricSources {
  clients(): number;
  /** Subscription groups: clients with identical subscriptions share one encoded frame. */
  groups(): number;
  /** The newest seq served, in the current epoch. */
  seq(): number;
  /** How far this process is behind the producer, in seconds; null where that does not apply (one process). */
  lagSeconds?(): number | null;
  /** A feed on Redis: batches waiting for Redis, and all dropped at the bound while it was away. */
  redisBacklog?(): { pending: number; dropped: number };
}

/**
 * One process's metrics in the Prometheus text format (prom-client), on
 * its own registry so two servers in one process (tests, benchmarks) never
 * share counters. Label sets are fixed and small: kinds and resume
 * outcomes, never symbols, clients or addresses.
 */
export class FeedMetrics implements ConnectionMeter {
  readonly registry = new Registry();
  /**
   * Sends are counted per client per batch (tens of thousands a second on a
   * busy edge): plain additions here, handed to the counters only at scrape
   * time, rather than a prom-client label lookup on every send.
   */
  private readonly sentSoFar = { batches: 0, batchBytes: 0, otherBytes: 0 };
  private readonly conflations: Counter;
  private readonly slowDrops: Counter;
  private readonly resumes: Counter<'outcome'>;
  /** Round trips to Redis, for the bus on Redis Streams; empty in one process. */
  readonly redisRoundTrip: Histogram;

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'tickwall_' });
    new Gauge({ name: 'tickwall_clients', help: 'WebSocket clients connected to this process.', registers, collect: gauge(sources.clients) });
    new Gauge({ name: 'tickwall_subscription_groups', help: 'Groups of clients with identical subscriptions (one encoded frame per group and batch).', registers, collect: gauge(sources.groups) });
    new Gauge({ name: 'tickwall_stream_seq', help: 'The newest batch seq this process serves, in the current epoch.', registers, collect: gauge(sources.seq) });
    new Gauge({
      name: 'tickwall_stream_lag_seconds',
      help: 'How far this edge is behind the producer (0 in one process).',
      registers,
      collect: gauge(() => sources.lagSeconds?.() ?? 0),
    });
    if (sources.redisBacklog) {
      const backlog = sources.redisBacklog;
      new Gauge({ name: 'tickwall_redis_pending_batches', help: 'Batches the feed holds for Redis (while it is away, or behind a new epoch\'s checkpoint).', registers, collect: gauge(() => backlog().pending) });
      new Gauge({ name: 'tickwall_redis_dropped_batches', help: 'Batches the feed dropped at its bound while Redis was away (each drop starts a new epoch).', registers, collect: gauge(() => backlog().dropped) });
    }
    const sent = this.sentSoFar;
    const reported = { batches: 0, batchBytes: 0, otherBytes: 0 };
    new Counter({
      name: 'tickwall_batches_sent_total',
      help: 'Batches of ticks written to clients (one per client and batch).',
      registers,
      collect(this: Counter) {
        this.inc(sent.batches - reported.batches);
        reported.batches = sent.batches;
      },
    });
    new Counter({
      name: 'tickwall_bytes_sent_total',
      help: 'Bytes written to clients, by kind: batches of ticks, or everything else.',
      labelNames: ['kind'],
      registers,
      collect(this: Counter<'kind'>) {
        this.inc({ kind: 'batch' }, sent.batchBytes - reported.batchBytes);
        this.inc({ kind: 'other' }, sent.otherBytes - reported.otherBytes);
        reported.batchBytes = sent.batchBytes;
        reported.otherBytes = sent.otherBytes;
      },
    });
    this.conflations = new Counter({ name: 'tickwall_conflations_total', help: 'Times a client fell behind and one snapshot replaced the batches it missed.', registers });
    this.slowDrops = new Counter({ name: 'tickwall_slow_consumer_drops_total', help: 'Clients closed with 4001 for not keeping up even with conflation.', registers });
    this.resumes = new Counter({ name: 'tickwall_resumes_total', help: 'Resume requests, by outcome: recovered, or why not.', labelNames: ['outcome'], registers });
    this.redisRoundTrip = new Histogram({
      name: 'tickwall_redis_round_trip_seconds',
      help: 'Round trips to Redis (the bus on Redis Streams).',
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
  }

  sent(kind: 'batch' | 'other', bytes: number): void {
    if (kind === 'batch') {
      this.sentSoFar.batches++;
      this.sentSoFar.batchBytes += bytes;
    } else this.sentSoFar.otherBytes += bytes;
  }

  conflated(): void {
    this.conflations.inc();
  }

  droppedSlow(): void {
    this.slowDrops.inc();
  }

  resumed(outcome: ResumeOutcome): void {
    this.resumes.inc({ outcome: outcome.replaceAll(' ', '_') });
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

function gauge(read: () => number): (this: Gauge) => void {
  return function (this: Gauge) {
    this.set(read());
  };
}
