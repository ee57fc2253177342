import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { BinaryTicksCodec } from '../../shared/codec/binary-ticks-codec.ts';
import { ErrorCode } from '../../shared/error-codes.ts';
import type { ControlMessage, Tick } from '../../shared/protocol.ts';
import { StreamState, type StreamHistory } from '../stream-state.ts';
import type { ReplayStatus, SequencedBatch, StreamStart } from '../stream.ts';
import type { Bus, BusConsumer, BusHealth, ControlHandler, ControlResult } from './bus.ts';
import { RedisStreamReader } from './redis-stream-reader.ts';
import { ALL_SCRIPTS, CHECKPOINT, PUBLISH, RESET, scriptSha } from './redis-scripts.ts';
import { encodeStreamStart } from './stream-start-codec.ts';

import type { RedisClient } from './redis-client.ts';

export interface RedisBusOptions {
  url: string;
  /** Every key and channel starts with it: one feed per prefix. */
  prefix?: string;
  /** Batches kept in the stream for edges that join or resume late. */
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
  // 10 minutes of 50 ms batches: room for any resume a client can make.
  maxStreamLength: 12_000,
  maxStreamAgeMs: 15 * 60_000,
  checkpointEveryMs: 10_000,
  maxPendingBatches: 1200,
  readCount: 500,
  blockMs: 500,
  controlTimeoutMs: 5000,
} as const;

/** A producer silent this long (no batch, no sign of life) is reported as gone. */
const PRODUCER_SILENCE_MS = 3000;
/** How often the producer says it is alive while there is nothing to publish (a paused replay). */
const ALIVE_EVERY_MS = 1000;
/** Checkpoints outlive the stream entries after them. */
const CHECKPOINT_TTL_MS = 30 * 60_000;

/**
 * The Bus on Redis Streams: one feed process publishes each batch once
 * (one script, one round trip); any number of edge processes read the
 * stream from a checkpoint and serve exactly what an in-process edge would.
 * See docs/scaling.md for the design and the failure semantics.
 *
 * A RedisBus is either side or both: the feed uses reset/publish/
 * replayStatus/serveControl, an edge uses consume/control. The producer
 * side keeps the stream's state (quotes and bars) to write checkpoints,
 * as an in-process edge would hold it.
 */
export class RedisBus implements Bus {
  readonly options: Required<Omit<RedisBusOptions, 'onRoundTrip' | 'log'>> & Pick<RedisBusOptions, 'onRoundTrip' | 'log'>;
  private readonly client: RedisClient;
  private subscriber: RedisClient | null = null;
  private readonly id = randomBytes(6).toString('base64url');
  private readonly keys: { stream: string; meta: string; behind: string; status: string; control: string; reply: string };
  private readonly readers = new Set<RedisStreamReader>();
  private connected: Promise<void> | null = null;
  private closed = false;
  /** Connected, and the scripts are loaded (again after every reconnect: a restarted Redis has none). */
  private usable = false;

  // ---- producer side
  private start: StreamStart | null = null;
  private state: StreamState | null = null;
  private codec: BinaryTicksCodec | null = null;
  private edgesBehind = 0;
  private pending: SequencedBatch[] = [];
  private droppedWhileDown = 0;
  /** Set when a batch may not have reached Redis: the stream must restart with a new epoch before more is written. */
  private broken = false;
  private lastCheckpointAt = 0;
  private lastSeq = 0;
  private aliveTimer: ReturnType<typeof setInterval> | null = null;
  private lostHandler: ((state: StreamStart) => void) | null = null;

  // ---- edge side
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
  }

  /** Connects, and subscribes to control replies and replay status; every other call waits for it. */
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

  /**
   * Called when Redis lost the stream (or batches could not be written):
   * the producer must start a new epoch from this state. The Producer
   * registers itself here.
   */
  onStreamLost(handler: (state: StreamStart) => void): void {
    this.lostHandler = handler;
  }

  // ---- producer side

  reset(start: StreamStart): void {
    if (this.closed) return;
    if (!this.state || !this.codec || this.start?.info !== start.info) {
      this.state = new StreamState(start.info.symbols);
      this.codec = new BinaryTicksCodec(start.info.symbols);
    }
    this.start = { ...start, history: undefined };
    this.lastSeq = start.seq;
    this.state.load(start.state, start.history);
    this.pending = [];
    this.droppedWhileDown = 0;
    this.broken = false;
    this.aliveTimer ??= setInterval(() => this.sayAlive(), ALIVE_EVERY_MS);
    this.aliveTimer.unref?.();
    // Not connected yet (or Redis is away): written once it is, as a new epoch from the state then (onReady).
    if (!this.usable) this.broken = true;
    else this.writeReset(this.checkpointOf(start.reason, start.history));
  }

  publish(batch: SequencedBatch): boolean {
    if (this.closed || !this.start || !this.state) return true;
    this.state.apply(batch.ticks);
    this.lastSeq = batch.seq;
    if (this.broken) return true;
    if (!this.usable) {
      this.pending.push(batch);
      if (this.pending.length > this.options.maxPendingBatches) {
        this.pending.shift();
        this.droppedWhileDown++;
      }
      return true;
    }
    this.send(batch);
    if (Date.now() - this.lastCheckpointAt >= this.options.checkpointEveryMs) this.writeCheckpoint();
    return this.edgesBehind === 0;
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

  /** Resolves once no edge has marked itself behind (a replay at max speed waits on the slowest edge). */
  async ready(): Promise<void> {
    while (!this.closed && this.edgesBehind > 0) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (!this.usable) continue;
      try {
        await this.client.zRemRangeByScore(this.keys.behind, '-inf', Date.now());
        this.edgesBehind = Number(await this.client.zCard(this.keys.behind));
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

  async close(): Promise<void> {
    this.closed = true;
    if (this.aliveTimer) clearInterval(this.aliveTimer);
    for (const reader of this.readers) reader.stop();
    this.readers.clear();
    await Promise.allSettled([...this.readers].map((r) => r.done));
    await Promise.allSettled([this.subscriber?.close(), this.client.close()].filter(Boolean));
  }

  // ---- internals

  private send(batch: SequencedBatch): void {
    const started = performance.now();
    // The binary ticks codec (about 7 bytes a tick, exact): Redis memory and bandwidth per batch stay small. encode() only reads the ticks.
    const data = Buffer.from(this.codec!.encode({ type: 'ticks', epoch: batch.epoch, seq: batch.seq, ticks: batch.ticks as Tick[] })).toString('base64');
    const now = Date.now();
    const args = [batch.epoch, String(batch.seq), String(batch.time), data, String(this.options.maxStreamLength), String(now), `${now - this.options.maxStreamAgeMs}-0`];
    this.client
      .evalSha(scriptSha(PUBLISH), { keys: [this.keys.stream, this.keys.meta, this.keys.behind], arguments: args })
      .then((reply) => {
        this.options.onRoundTrip?.((performance.now() - started) / 1000);
        const [status, behind] = reply as [number, number, string];
        if (status === -1) return this.lost(batch.epoch, `Redis does not hold epoch ${batch.epoch} (restarted, or restored from an old snapshot)`);
        this.edgesBehind = Number(behind);
      })
      .catch((error: Error) => this.lost(batch.epoch, `a batch could not be written (${error.message})`));
  }

  /**
   * The stream cannot go on as it was: ask the producer for a new epoch
   * from the state kept here. Once per epoch: batches of it still in flight
   * fail the same way and must not start yet another.
   */
  private lost(epoch: string, reason: string): void {
    if (this.broken || this.closed || epoch !== this.start?.epoch) return;
    this.broken = true;
    this.log(`redis: ${reason}; the stream restarts with a new epoch`);
    if (this.usable) this.restartEpoch();
  }

  /** The producer's new epoch arrives back here as reset(), which writes it. */
  private restartEpoch(): void {
    const start = this.start;
    if (!start || !this.state || !this.lostHandler) return;
    this.broken = false;
    this.lostHandler({ ...start, seq: this.lastSeq, state: this.state.day.all(), history: this.state.history(), reason: 'start' });
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
    if (!this.start) return;
    if (this.broken || this.droppedWhileDown > 0) {
      this.log(`redis: back; ${this.droppedWhileDown} batches dropped while it was away`);
      this.pending = [];
      this.droppedWhileDown = 0;
      this.broken = true;
      return this.restartEpoch();
    }
    const held = this.pending;
    this.pending = [];
    for (const batch of held) this.send(batch);
  }

  private writeReset(checkpoint: string): void {
    const start = this.start!;
    const key = `${this.options.prefix}:checkpoint:${start.epoch}:${start.seq}`;
    this.lastCheckpointAt = Date.now();
    this.client
      .evalSha(scriptSha(RESET), { keys: [this.keys.stream, this.keys.meta, key], arguments: [start.epoch, String(start.seq), checkpoint, String(this.options.maxStreamLength), String(CHECKPOINT_TTL_MS), String(Date.now())] })
      .catch((error: Error) => this.lost(start.epoch, `the stream's start could not be written (${error.message})`));
  }

  private writeCheckpoint(): void {
    const start = this.start!;
    this.lastCheckpointAt = Date.now();
    const seq = this.lastSeq;
    const key = `${this.options.prefix}:checkpoint:${start.epoch}:${seq}`;
    this.client
      .evalSha(scriptSha(CHECKPOINT), { keys: [this.keys.meta, key], arguments: [start.epoch, String(seq), this.checkpointOf('start'), String(CHECKPOINT_TTL_MS)] })
      .catch(() => {});
  }

  private checkpointOf(reason: StreamStart['reason'], history?: StreamHistory): string {
    const start = this.start!;
    return encodeStreamStart({ ...start, seq: this.lastSeq, reason, state: this.state!.day.all(), history: history ?? this.state!.history() });
  }

  private sayAlive(): void {
    if (!this.start || !this.usable || this.broken) return;
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

export { PRODUCER_SILENCE_MS };
