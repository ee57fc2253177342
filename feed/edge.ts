import { ErrorCode } from '../shared/error-codes.ts';
import { ticksCodecs } from '../shared/codec/codecs.ts';
import type { TicksCodec } from '../shared/codec/ticks-codec.ts';
import { PROTOCOL_VERSION, type ControlMessage, type HelloMessage, type SnapshotMessage } from '../shared/protocol.ts';
import type { Bus, BusConsumer, ControlResult } from './bus/bus.ts';
import type { ClientConnection, EdgeApi, MissedBatches } from './client-connection.ts';
import { DayState } from './day-state.ts';
import { FanoutHub } from './fanout-hub.ts';
import { DEFAULT_RECENT_BATCH_LIMITS, RecentBatches, type RecentBatchLimits } from './recent-batches.ts';
import type { ReplayStatus, SequencedBatch, StreamInfo, StreamStart } from './stream.ts';

export interface EdgeOptions {
  /** How often clients hear from the server at the least (see HelloMessage.heartbeatMs). */
  heartbeatMs?: number;
  /** What is kept for clients that reconnect and resume. */
  recentBatches?: RecentBatchLimits;
  now?: () => number;
}

export const DEFAULT_HEARTBEAT_MS = 1000;
/** A replay at max speed waits while any client has more than this queued, so nobody is cut off for being slow. */
const SATURATED_BACKLOG_BYTES = 2 * 1024 * 1024;

/**
 * The serving side of a stream: it consumes batches from the bus and holds
 * everything its clients need. The day state (for snapshots), the recent
 * batches (for resume) and the fan-out hub all follow from what the bus
 * delivers, so any number of edges, in this process or others, serve the
 * same stream identically. Client connections see it through EdgeApi.
 */
export class Edge implements BusConsumer, EdgeApi {
  readonly hub = new FanoutHub<ClientConnection>();
  readonly recent: RecentBatches;
  readonly heartbeatMs: number;
  private started: StreamStart | null = null;
  private state = new DayState([]);
  private currentEpoch = '';
  private lastSeq = 0;
  private known: ReadonlySet<string> = new Set();
  private codecs: ReadonlyMap<string, TicksCodec> = new Map();
  private symbolsJson = '[]';
  private symbolsBytes = Buffer.from('[]');
  private status: ReplayStatus | null = null;
  private readonly now: () => number;
  private readonly waiting: (() => void)[] = [];
  private detach: (() => void) | null = null;

  constructor(
    private readonly bus: Bus,
    options: EdgeOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    this.recent = new RecentBatches(options.recentBatches ?? DEFAULT_RECENT_BATCH_LIMITS, this.now);
  }

  /** Starts consuming the bus; resolves once the stream has started (there is something to serve). */
  attach(): Promise<void> {
    this.detach ??= this.bus.consume(this);
    return this.started ? Promise.resolve() : new Promise((resolve) => this.waiting.push(resolve));
  }

  close(): void {
    this.detach?.();
    this.detach = null;
  }

  get info(): StreamInfo {
    if (!this.started) throw new Error('the stream has not started');
    return this.started.info;
  }

  get epoch(): string {
    return this.currentEpoch;
  }

  /** Seq of the last batch served (or the start's). */
  get seq(): number {
    return this.lastSeq;
  }

  /** Copies of every symbol's day state. */
  dayState(): DayState {
    return this.state;
  }

  // ---- from the bus

  reset(start: StreamStart): void {
    if (this.started?.info !== start.info && this.adopt(start.info)) {
      // Binary symbol ids and every client's view follow the universe: clients must start over with a new hello.
      for (const [client] of this.hub.clients()) client.universeChanged();
    }
    this.started = start;
    this.currentEpoch = start.epoch;
    this.lastSeq = start.seq;
    this.state.clear();
    this.state.load(start.state);
    this.recent.clear();
    for (const [client] of this.hub.clients()) client.streamRestarted();
    this.waiting.splice(0).forEach((resolve) => resolve());
  }

  batch(batch: SequencedBatch): void {
    if (batch.epoch !== this.currentEpoch) return;
    this.state.apply(batch.ticks);
    this.lastSeq = batch.seq;
    this.recent.add(batch.seq, batch.ticks);
    this.hub.publish(batch);
  }

  replayStatus(status: ReplayStatus): void {
    this.status = status;
    for (const [client] of this.hub.clients()) client.replayStatusChanged(status);
  }

  saturated(): boolean {
    return this.hub.maxBacklog() > SATURATED_BACKLOG_BYTES;
  }

  // ---- to client connections (EdgeApi)

  /** The hello as text frame bytes: the symbol list (600 KB for 5,000 symbols) is encoded once per stream and copied. */
  helloFrame(): Buffer {
    return Buffer.concat([Buffer.from(this.helloHead()), this.symbolsBytes, Buffer.from('}')]);
  }

  helloJson(): string {
    return `${this.helloHead()}${this.symbolsJson}}`;
  }

  /** The hello without its symbol list, up to where the list goes. */
  private helloHead(): string {
    const info = this.info;
    const hello: Omit<HelloMessage, 'symbols'> = {
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      serverTime: this.now(),
      mode: info.mode,
      epoch: this.currentEpoch,
      batchIntervalMs: info.batchIntervalMs,
      heartbeatMs: this.heartbeatMs,
      timeZone: info.timeZone,
      ...(info.range ? { range: info.range } : {}),
    };
    return `${JSON.stringify(hello).slice(0, -1)},"symbols":`;
  }

  currentReplayStatus(): ReplayStatus | null {
    return this.status;
  }

  isKnownSymbol(symbol: string): boolean {
    return this.known.has(symbol);
  }

  codecFor(subprotocol: string): TicksCodec {
    return this.codecs.get(subprotocol) ?? this.codecs.get('tickwall.json.v1')!;
  }

  snapshot(symbols: Iterable<string>, conflated = false): SnapshotMessage {
    const snapshot: SnapshotMessage = { type: 'snapshot', epoch: this.currentEpoch, seq: this.lastSeq, quotes: this.state.snapshot(symbols) };
    if (conflated) snapshot.conflated = true;
    return snapshot;
  }

  missedSince(epoch: string, seq: number): MissedBatches {
    if (epoch !== this.currentEpoch) return { ok: false, reason: 'epoch changed' };
    if (seq > this.lastSeq) return { ok: false, reason: 'seq from the future' };
    const batches = this.recent.since(seq, this.lastSeq);
    return batches ? { ok: true, batches } : { ok: false, reason: 'too old' };
  }

  async control(message: ControlMessage): Promise<ControlResult> {
    if (this.info.mode !== 'replay') return { ok: false, code: ErrorCode.NotReplay, message: 'this feed is live; control messages steer a replay' };
    if (this.status && !this.status.controllable) return { ok: false, code: ErrorCode.ControlDisabled, message: 'this replay was started with --no-control' };
    return this.bus.control(message);
  }

  heartbeatFrame(): Buffer {
    return Buffer.from(JSON.stringify({ type: 'heartbeat', time: this.now(), seq: this.lastSeq }));
  }

  /** A stream with a different description (a new feed process). Returns true if its universe differs from the one served. */
  private adopt(info: StreamInfo): boolean {
    const symbolsJson = JSON.stringify(info.symbols);
    const changed = this.started !== null && symbolsJson !== this.symbolsJson;
    if (symbolsJson !== this.symbolsJson || this.started === null) {
      this.state = new DayState(info.symbols);
      this.known = new Set(info.symbols.map((s) => s.symbol));
      this.codecs = ticksCodecs(info.symbols);
      this.symbolsJson = symbolsJson;
      this.symbolsBytes = Buffer.from(symbolsJson);
    }
    return changed;
  }
}
