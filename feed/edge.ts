import { barStartOf, type BarInterval } from '../shared/bars/bar-interval.ts';
import { emptyColumns } from '../shared/bars/bar-series.ts';
import { wireCodecs, JSON_SUBPROTOCOL, type WireCodec } from '../shared/codec/codecs.ts';
import { ErrorCode } from '../shared/error-codes.ts';
import { instrumentOf } from '../shared/instrument.ts';
import { calendarFor } from '../shared/market-calendar.ts';
import { PROTOCOL_VERSION, type BarsMessage, type ControlMessage, type HelloMessage, type SnapshotMessage, type SymbolMeta } from '../shared/protocol.ts';
import type { Bus, BusConsumer, ControlResult } from './bus/bus.ts';
import type { ClientConnection, EdgeApi, HistoryQuery, MissedBatches } from './client-connection.ts';
import { FanoutHub } from './fanout-hub.ts';
import { DEFAULT_RECENT_BATCH_LIMITS, RecentBatches, type RecentBatchLimits } from './recent-batches.ts';
import { StreamState } from './stream-state.ts';
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
/** Bars one history reply may hold in all, shared among its symbols: a reply stays well inside a client's unsent-bytes bound. */
export const MAX_BARS_PER_REPLY = 50_000;
const DEFAULT_HISTORY_LIMIT = 1000;

/**
 * The serving side of a stream: it consumes batches from the bus and holds
 * everything its clients need. The day state (for snapshots), the bars (for
 * history), the recent batches (for resume) and the fan-out hub all follow
 * from what the bus delivers, so any number of edges, in this process or
 * others, serve the same stream identically. Client connections see it
 * through EdgeApi.
 */
export class Edge implements BusConsumer, EdgeApi {
  readonly hub = new FanoutHub<ClientConnection>();
  readonly recent: RecentBatches;
  readonly heartbeatMs: number;
  private started: StreamStart | null = null;
  private state = new StreamState([]);
  private currentEpoch = '';
  private lastSeq = 0;
  private known: ReadonlySet<string> = new Set();
  private metas: ReadonlyMap<string, SymbolMeta> = new Map();
  private codecs: ReadonlyMap<string, WireCodec> = new Map();
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

  /** True once the bus has delivered the stream's start: before it there is nothing to greet a client with. */
  get isStarted(): boolean {
    return this.started !== null;
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

  /** Whether this edge can serve, and if not why: for /healthz (a load balancer sends no clients to one that cannot). */
  health(): { ready: boolean; problems: string[]; lagSeconds: number | null } {
    const problems: string[] = [];
    if (!this.started) problems.push('the stream has not started');
    const bus = this.bus.health?.();
    if (bus?.problem) problems.push(bus.problem);
    return { ready: problems.length === 0, problems, lagSeconds: bus?.lagSeconds ?? null };
  }

  /** The quotes and bars served, as the bus delivered them. */
  get streamState(): StreamState {
    return this.state;
  }

  // ---- from the bus

  reset(start: StreamStart): void {
    if (this.started?.info !== start.info && this.adopt(start.info)) {
      // Binary symbol ids and every client's view follow the universe: clients must start over with a new hello.
      for (const [client] of this.hub.clients()) client.universeChanged();
    }
    // Bars live in this.state from here on; keeping the start's copy too would hold the whole history twice.
    this.started = { ...start, history: undefined };
    this.currentEpoch = start.epoch;
    this.lastSeq = start.seq;
    this.state.load(start.state, start.history);
    this.recent.clear();
    for (const [client] of this.hub.clients()) client.streamRestarted();
    this.waiting.splice(0).forEach((resolve) => resolve());
  }

  checkpoint(): StreamStart | null {
    if (!this.started) return null;
    return { ...this.started, epoch: this.currentEpoch, seq: this.lastSeq, state: this.state.day.all(), history: this.state.history() };
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

  currentReplayStatus(): ReplayStatus | null {
    return this.status;
  }

  isKnownSymbol(symbol: string): boolean {
    return this.known.has(symbol);
  }

  codecFor(subprotocol: string): WireCodec {
    return this.codecs.get(subprotocol) ?? this.codecs.get(JSON_SUBPROTOCOL)!;
  }

  snapshot(symbols: Iterable<string>, conflated = false): SnapshotMessage {
    const snapshot: SnapshotMessage = { type: 'snapshot', epoch: this.currentEpoch, seq: this.lastSeq, quotes: this.state.day.snapshot(symbols) };
    if (conflated) snapshot.conflated = true;
    return snapshot;
  }

  /** The bars of the current (or, when closed, the last) trading day of each symbol, from local midnight. */
  sessionBars(symbols: readonly string[], interval: BarInterval): BarsMessage {
    return this.barsMessage(interval, undefined, symbols.map((symbol) => {
      const bars = this.state.barsOf(symbol);
      if (!bars || bars.m1.length === 0) return { symbol, bars: emptyColumns() };
      const calendar = calendarFor(instrumentOf(this.metaOf(symbol)).calendar);
      const dayStart = barStartOf('1d', bars.m1.lastTime, calendar);
      return { symbol, bars: bars.bars(interval === '1d' ? '1m' : interval, dayStart) };
    }));
  }

  history(query: HistoryQuery): BarsMessage {
    const known = query.symbols.filter((s) => this.known.has(s));
    const perSymbol = Math.max(1, Math.floor(MAX_BARS_PER_REPLY / Math.max(1, known.length)));
    const limit = Math.min(query.limit ?? DEFAULT_HISTORY_LIMIT, perSymbol);
    return this.barsMessage(
      query.interval,
      query.id,
      known.map((symbol) => ({ symbol, bars: this.state.barsOf(symbol)!.bars(query.interval, query.from ?? Number.NEGATIVE_INFINITY, query.to ?? Number.POSITIVE_INFINITY, limit) })),
    );
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
    // An edge that cannot serve live data says so, so screens show STALE within a heartbeat rather than after their own timeout.
    const problem = this.bus.health?.().problem ?? null;
    return Buffer.from(JSON.stringify({ type: 'heartbeat', time: this.now(), seq: this.lastSeq, ...(problem ? { stale: problem } : {}) }));
  }

  private barsMessage(interval: BarInterval, id: string | undefined, series: BarsMessage['series']): BarsMessage {
    const message: BarsMessage = { type: 'bars', epoch: this.currentEpoch, seq: this.lastSeq, interval, series };
    if (id !== undefined) message.id = id;
    return message;
  }

  private metaOf(symbol: string): SymbolMeta {
    return this.metas.get(symbol)!;
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

  /** A stream with a different description (a new feed process). Returns true if its universe differs from the one served. */
  private adopt(info: StreamInfo): boolean {
    const symbolsJson = JSON.stringify(info.symbols);
    const changed = this.started !== null && symbolsJson !== this.symbolsJson;
    if (symbolsJson !== this.symbolsJson || this.started === null) {
      this.state = new StreamState(info.symbols);
      this.known = new Set(info.symbols.map((s) => s.symbol));
      this.metas = new Map(info.symbols.map((s) => [s.symbol, s]));
      this.codecs = wireCodecs(info.symbols);
      this.symbolsJson = symbolsJson;
      this.symbolsBytes = Buffer.from(symbolsJson);
    }
    return changed;
  }
}
