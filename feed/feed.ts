import { randomBytes } from 'node:crypto';
import {
  PROTOCOL_VERSION,
  type ControlMessage,
  type ErrorMessage,
  type FeedMode,
  type HelloMessage,
  type ReplayStatusMessage,
  type ServerMessage,
  type SnapshotMessage,
  type SymbolMeta,
  type Tick,
  type TimeRange,
} from '../shared/protocol.ts';
import { BinaryTicksCodec } from '../shared/ticks-codec.ts';
import { FanoutHub, type Subscriber } from './fanout-hub.ts';
import { MarketState } from './market-state.ts';
import { DEFAULT_RECENT_BATCH_LIMITS, RecentBatches, type RecentBatchLimits } from './recent-batches.ts';

export const EXCHANGE_TIME_ZONE = 'America/New_York';

/** What a feed streams: live or replayed, which symbols, and for a replay its time range. */
export interface FeedDescriptor {
  mode: FeedMode;
  symbols: readonly SymbolMeta[];
  range?: TimeRange;
}

export interface FeedOptions {
  batchIntervalMs: number;
  /** Injected by tests that need a stable epoch; otherwise random per stream. */
  epoch?: string;
  /** The feed's clock, stamped on each published batch (a headless recording steps its own). */
  now?: () => number;
  /** How often clients hear from the server at the least (see HelloMessage.heartbeatMs). */
  heartbeatMs?: number;
  /** What is kept for clients that reconnect and resume. */
  recentBatches?: RecentBatchLimits;
}

export const DEFAULT_HEARTBEAT_MS = 1000;

export type BatchListener = (seq: number, ticks: readonly Tick[], time: number) => void;

export type ControlResult = { ok: true } | { ok: false; code: ErrorMessage['code']; message: string };

/** How client control messages reach a replay; absent on a live feed. */
export interface ReplayControls {
  readonly controllable: boolean;
  control(message: ControlMessage): ControlResult;
  status(): ReplayStatusMessage;
}

export function newEpoch(): string {
  return randomBytes(6).toString('base64url');
}

/**
 * One stream: the day state built from what was published, and the hub that
 * fans batches out. Whatever drives it (the live pacer, a replay) calls
 * publish(); a replay also calls restart() when it seeks or loops.
 */
export class Feed<C extends Subscriber = Subscriber> {
  readonly state: MarketState;
  readonly hub: FanoutHub<C>;
  readonly batchIntervalMs: number;
  readonly heartbeatMs: number;
  /** Recent batches of the current epoch, for resuming clients. */
  readonly recent: RecentBatches;
  /** The binary form of ticks for this feed's universe (symbol ids follow hello.symbols). */
  readonly binaryCodec: BinaryTicksCodec;
  replay: ReplayControls | null = null;
  private readonly knownSymbols: ReadonlySet<string>;
  private readonly batchListeners = new Set<BatchListener>();
  private readonly now: () => number;

  constructor(
    readonly descriptor: FeedDescriptor,
    options: FeedOptions,
  ) {
    this.batchIntervalMs = options.batchIntervalMs;
    this.state = new MarketState(descriptor.symbols);
    this.binaryCodec = new BinaryTicksCodec(descriptor.symbols);
    this.hub = new FanoutHub<C>(options.epoch ?? newEpoch(), this.binaryCodec);
    this.knownSymbols = new Set(descriptor.symbols.map((s) => s.symbol));
    this.now = options.now ?? Date.now;
    this.heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    this.recent = new RecentBatches(options.recentBatches ?? DEFAULT_RECENT_BATCH_LIMITS);
  }

  get epoch(): string {
    return this.hub.epoch;
  }

  isKnownSymbol(symbol: string): boolean {
    return this.knownSymbols.has(symbol);
  }

  /** Observes every published batch, e.g. for a recorder. Returns an unsubscribe function. */
  onBatch(listener: BatchListener): () => void {
    this.batchListeners.add(listener);
    return () => this.batchListeners.delete(listener);
  }

  publish(ticks: readonly Tick[], recordedSeq?: number): void {
    this.state.apply(ticks);
    const seq = this.hub.publish(ticks, recordedSeq);
    if (seq === null) return;
    this.recent.add(seq, ticks);
    if (this.batchListeners.size === 0) return;
    const time = this.now();
    for (const listener of this.batchListeners) listener(seq, ticks, time);
  }

  /**
   * Begins a new epoch after the state was rebuilt (a seek or a loop): every
   * client gets a fresh snapshot of its symbols, so no view mixes two streams.
   */
  restart(lastSeq: number): void {
    this.hub.reset(newEpoch(), lastSeq);
    this.recent.clear();
    for (const [client, symbols] of this.hub.clients()) {
      if (symbols.size > 0) client.send(encode(this.snapshot(symbols)));
    }
  }

  /** Sends a message to every client, subscribed or not. */
  broadcast(message: ServerMessage): void {
    const frame = encode(message);
    for (const [client] of this.hub.clients()) client.send(frame);
  }

  hello(): HelloMessage {
    const hello: HelloMessage = {
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      serverTime: Date.now(),
      mode: this.descriptor.mode,
      epoch: this.epoch,
      batchIntervalMs: this.batchIntervalMs,
      heartbeatMs: this.heartbeatMs,
      timeZone: EXCHANGE_TIME_ZONE,
      symbols: [...this.descriptor.symbols],
    };
    if (this.descriptor.range) hello.range = this.descriptor.range;
    return hello;
  }

  snapshot(symbols: Iterable<string>, conflated = false): SnapshotMessage {
    const snapshot: SnapshotMessage = { type: 'snapshot', epoch: this.epoch, seq: this.hub.seq, quotes: this.state.snapshot(symbols) };
    if (conflated) snapshot.conflated = true;
    return snapshot;
  }

  /** Encoded once per interval and written to every client. */
  heartbeatFrame(): Buffer {
    return encode({ type: 'heartbeat', time: this.now(), seq: this.hub.seq });
  }
}

function encode(message: ServerMessage): Buffer {
  return Buffer.from(JSON.stringify(message));
}
