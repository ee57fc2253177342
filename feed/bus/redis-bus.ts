import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { ErrorCode } from '../../shared/error-codes.ts';
import type { ControlMessage } from '../../shared/protocol.ts';
import type { ReplayStatus, SequencedBatch, StreamStart } from '../stream.ts';
import type { Bus, BusConsumer, BusHealth, ControlHandler, ControlResult } from './bus.ts';
import type { RedisClient } from './redis-client.ts';
import { CHECKPOINT_TTL_MS, RedisPublisher } from './redis-publisher.ts';
import { ALL_SCRIPTS } from './redis-scripts.ts';
import { RedisStreamReader } from './redis-stream-reader.ts';

export interface RedisBusOptions {
  url: string;
  /** Every key and channel starts with it: one feed per prefix. */
  prefix?: string;
  /** Batches kept in the stream for edges that join or resume late... */
  maxStreamLength?: number;
  /** ...and for at most this long. */
  maxStreamAgeMs?: number;
  /** How often the producer writes a checkpoint within an epoch. */
  checkpointEveryMs?: number;
  /** Batches the producer holds while Redis is unreachable; beyond it the oldest go (counted) and the stream restarts with a new epoch. */
  maxPendingBatches?: number;
  /** Entries an edge reads per round trip, and how long one read waits for more. */
  readCount?: number;
  blockMs?: number;
  /** How long an edge waits for the producer to answer a control request. */
  controlTimeoutMs?: number;
  /** Each round trip to Redis from the producer, in seconds (for /metrics). */
  onRoundTrip?: (seconds: number) => void;
  log?: (line: string) => void;
}

export const REDIS_BUS_DEFAULTS = {
  prefix: 'tickwall',
  // 10 minutes of 50 ms batches: room for any resume a client can make, and for a late edge after a checkpoint.
  maxStreamLength: 12_000,
  maxStreamAgeMs: 15 * 60_000,
  // A checkpoint of 5,000 symbols' bars is about 90 MB; a late edge reads at most this much stream after one.
  checkpointEveryMs: 60_000,
  // A minute of 50 ms batches.
  maxPendingBatches: 1200,
  readCount: 500,
  blockMs: 500,
  controlTimeoutMs: 5000,
} as const;

/** How often the producer says it is alive while there is nothing to publish (a paused replay). */
const ALIVE_EVERY_MS = 1000;

/**
 * The Bus on Redis Streams: one feed process publishes each batch once
 * (one script, one round trip); any number of edge processes read the
 * stream from a checkpoint and serve exactly what an in-process edge
 * would. See docs/scaling.md for the design and the failure semantics.
 *
 * A RedisBus is either side or both: the feed uses reset/publish/
 * replayStatus/serveControl (RedisPublisher), an edge uses consume/control
 * (a RedisStreamReader per consumer).
 */
export class RedisBus implements Bus {
  readonly options: Required<Omit<RedisBusOptions, 'onRoundTrip' | 'log'>> & Pick<RedisBusOptions, 'onRoundTrip' | 'log'>;
  private readonly client: RedisClient;
  private subscriber: RedisClient | null = null;
  private readonly id = randomBytes(6).toString('base64url');
  private readonly keys: { stream: string; meta: string; behind: string; status: string; control: string; reply: string };
  private readonly publisher: RedisPublisher;
  private readonly readers = new Set<RedisStreamReader>();
  private connected: Promise<void> | null = null;
  private closed = false;
  /** Connected, and the scripts are loaded (again after every reconnect: a restarted Redis has none). */
  private usable = false;
  private aliveTimer: ReturnType<typeof setInterval> | null = null;
  private lostHandler: ((kept: StreamStart) => void) | null = null;
  private statusSeen: ReplayStatus | null = null;
  private readonly pendingControls = new Map<string, (result: ControlResult) => void>();
  private controlSeq = 0;

  constructor(options: RedisBusOptions) {
    this.options = { ...REDIS_BUS_DEFAULTS, ...options };
    const p = this.options.prefix;
    this.keys = { stream: `${p}:stream`, meta: `${p}:meta`, behind: `${p}:behind`, status: `${p}:status`, control: `${p}:control`, reply: `${p}:reply:${this.id}` };
    this.client = createClient({
      url: this.options.url,
      // Reconnect for ever, quickly at first: a feed or an edge outlives a Redis restart.
      socket: { reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000), connectTimeout: 2000 },
      // Commands never wait for a connection: while Redis is down the bus holds batches itself, bounded.
      disableOfflineQueue: true,
    });
    this.client.on('error', (error: Error) => this.log(`redis: ${error.message}`));
    this.client.on('ready', () => void this.onReady());
    this.client.on('end', () => (this.usable = false));
    this.client.on('reconnecting', () => (this.usable = false));
    this.publisher = new RedisPublisher(
      this.client,
      this.keys,
      this.options,
      () => this.usable && !this.closed,
      (kept) => this.lostHandler?.(kept),
      (line) => this.log(line),
    );
  }

  /** Connects, loads the scripts, and subscribes to control replies and replay status. */
  connect(): Promise<void> {
    this.connected ??= (async () => {
      await this.client.connect();
      await this.loadScripts();
      this.subscriber = this.client.duplicate();
      this.subscriber.on('error', (error: Error) => this.log(`redis subscriber: ${error.message}`));
      await this.subscriber.connect();
      await this.subscriber.subscribe(this.keys.reply, (message: string) => this.onReply(message));
      await this.subscriber.subscribe(this.keys.status, (message: string) => this.onStatus(JSON.parse(message) as ReplayStatus));
      const latest = (await this.client.get(this.keys.status)) as string | null;
      if (latest && !this.statusSeen) this.onStatus(JSON.parse(latest) as ReplayStatus);
    })();
    return this.connected;
  }

  onStreamLost(handler: (kept: StreamStart) => void): void {
    this.lostHandler = handler;
  }

  // ---- producer side

  reset(start: StreamStart): void {
    if (this.closed) return;
    this.aliveTimer ??= setInterval(() => this.sayAlive(), ALIVE_EVERY_MS);
    this.aliveTimer.unref?.();
    this.publisher.reset(start);
  }

  /** Never waits on Redis: false only when an edge marked itself behind (a replay at max speed then waits in ready()). */
  publish(batch: SequencedBatch): boolean {
    if (this.closed) return true;
    this.publisher.publish(batch);
    return this.publisher.edgesBehind === 0;
  }

  replayStatus(status: ReplayStatus): void {
    if (this.closed || !this.usable) return;
    const json = JSON.stringify(status);
    void this.client.set(this.keys.status, json, { PX: CHECKPOINT_TTL_MS }).catch(() => {});
    void this.client.publish(this.keys.status, json).catch(() => {});
  }

  serveControl(handler: ControlHandler): void {
    void this.connect().then(() =>
      this.subscriber!.subscribe(this.keys.control, (raw: string) => {
        const request = JSON.parse(raw) as { id: string; reply: string; message: ControlMessage };
        let result: ControlResult;
        try {
          result = handler(request.message);
        } catch (error) {
          result = { ok: false, code: ErrorCode.Internal, message: (error as Error).message };
        }
        void this.client.publish(request.reply, JSON.stringify({ id: request.id, result })).catch(() => {});
      }),
    );
  }

  /** Resolves once no edge has marked itself behind. */
  async ready(): Promise<void> {
    while (!this.closed && this.publisher.edgesBehind > 0) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (!this.usable) continue;
      try {
        await this.client.zRemRangeByScore(this.keys.behind, '-inf', Date.now());
        this.publisher.edgesBehind = Number(await this.client.zCard(this.keys.behind));
      } catch {
        // Redis is away: try again.
      }
    }
  }

  // ---- edge side

  consume(consumer: BusConsumer): () => void {
    const reader = new RedisStreamReader(this.client, this.keys, consumer, this.options, this.id, (line) => this.log(line), () => this.usable);
    this.readers.add(reader);
    void this.connect().then(() => {
      if (this.statusSeen && !reader.stopped) consumer.replayStatus(this.statusSeen);
      reader.run();
    });
    return () => {
      reader.stop();
      this.readers.delete(reader);
    };
  }

  async control(message: ControlMessage): Promise<ControlResult> {
    await this.connect();
    const id = `${this.id}:${++this.controlSeq}`;
    const answered = new Promise<ControlResult>((resolve) => {
      this.pendingControls.set(id, resolve);
      setTimeout(() => {
        if (this.pendingControls.delete(id)) resolve({ ok: false, code: ErrorCode.Internal, message: 'the feed did not answer in time; try again' });
      }, this.options.controlTimeoutMs).unref?.();
    });
    try {
      const listeners = Number(await this.client.publish(this.keys.control, JSON.stringify({ id, reply: this.keys.reply, message })));
      if (listeners === 0) {
        this.pendingControls.delete(id);
        return { ok: false, code: ErrorCode.Internal, message: 'no feed is running to control; try again when it is back' };
      }
    } catch (error) {
      this.pendingControls.delete(id);
      return { ok: false, code: ErrorCode.Internal, message: `the feed cannot be reached: ${(error as Error).message}` };
    }
    return answered;
  }

  health(): BusHealth {
    if (!this.usable) return { problem: 'Redis is unreachable', lagSeconds: null };
    let problem: string | null = null;
    let lag: number | null = null;
    for (const reader of this.readers) {
      problem ??= reader.problem();
      lag = reader.lagSeconds ?? lag;
    }
    return { problem, lagSeconds: lag };
  }

  /** The producer's batches waiting for Redis, and those dropped at the bound while it was away. */
  get backlog(): { pending: number; dropped: number } {
    return this.publisher.backlog;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.aliveTimer) clearInterval(this.aliveTimer);
    const readers = [...this.readers];
    for (const reader of readers) reader.stop();
    this.readers.clear();
    await Promise.allSettled(readers.map((r) => r.done));
    await Promise.allSettled([this.subscriber?.close(), this.client.close()].filter(Boolean));
  }

  /** Loaded before anything else is sent, so EVALSHA never meets a Redis that lacks the script (a restarted one has none). */
  private async loadScripts(): Promise<void> {
    for (const script of ALL_SCRIPTS) await this.client.scriptLoad(script);
    this.usable = true;
  }

  private async onReady(): Promise<void> {
    if (!this.connected) return;
    try {
      await this.loadScripts();
    } catch (error) {
      return this.log(`redis: could not load scripts: ${(error as Error).message}`);
    }
    this.publisher.reconnected();
  }

  private sayAlive(): void {
    if (!this.publisher.started || !this.usable) return;
    void this.client.hSet(this.keys.meta, 'alive', String(Date.now())).catch(() => {});
  }

  private onReply(raw: string): void {
    const { id, result } = JSON.parse(raw) as { id: string; result: ControlResult };
    const resolve = this.pendingControls.get(id);
    if (!resolve) return;
    this.pendingControls.delete(id);
    resolve(result);
  }

  private onStatus(status: ReplayStatus): void {
    this.statusSeen = status;
    for (const reader of this.readers) reader.replayStatus(status);
  }

  private log(line: string): void {
    this.options.log?.(`tickwall: ${line}`);
  }
}
