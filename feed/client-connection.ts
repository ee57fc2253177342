import { decodeClientMessage } from '../shared/client-message-decoder.ts';
import type { BarInterval } from '../shared/bars/bar-interval.ts';
import type { WireCodec } from '../shared/codec/codecs.ts';
import type { TicksCodec } from '../shared/codec/ticks-codec.ts';
import { CloseCode, ErrorCode } from '../shared/error-codes.ts';
import type { BarsMessage, ClientMessage, ControlMessage, ErrorMessage, HistoryMessage, ResumeMessage, ServerMessage, SnapshotMessage, Tick } from '../shared/protocol.ts';
import type { ControlResult } from './bus/bus.ts';
import { ClientOutbox, type OutboxFrame, type OutboxLimits, type ReplyPart } from './client-outbox.ts';
import { NO_METER, type ConnectionMeter, type ResumeOutcome } from './connection-meter.ts';
import type { ClientTransport } from './client-transport.ts';
import type { Subscriber } from './fanout-hub.ts';
import { TokenBucket } from './rate-limiter.ts';
import type { ReplayStatus } from './stream.ts';
import { inlineWorkQueue, type WorkQueue } from './work-queue.ts';

/** Batches a resume may replay: every one after the position, or why not. */
export type MissedBatches = { ok: true; batches: readonly { seq: number; ticks: readonly Tick[] }[] } | { ok: false; reason: Exclude<ResumeOutcome, 'recovered' | 'too much missed for this connection'> };

/** A history request, as the edge answers it. */
export type HistoryQuery = Pick<HistoryMessage, 'id' | 'symbols' | 'interval' | 'from' | 'to' | 'limit'>;

/** What a client connection needs of the edge it is served by; nothing else reaches it. */
export interface EdgeApi {
  readonly epoch: string;
  readonly seq: number;
  /** The hello for a new connection, as the bytes of its text frame. */
  helloFrame(): Buffer;
  currentReplayStatus(): ReplayStatus | null;
  isKnownSymbol(symbol: string): boolean;
  codecFor(subprotocol: string): WireCodec;
  snapshot(symbols: Iterable<string>, conflated?: boolean): SnapshotMessage;
  sessionBars(symbols: readonly string[], interval: BarInterval): BarsMessage;
  history(query: HistoryQuery): BarsMessage;
  missedSince(epoch: string, seq: number): MissedBatches;
  control(message: ControlMessage): Promise<ControlResult>;
  readonly hub: {
    add(client: ClientConnection): void;
    remove(client: ClientConnection): void;
    subscribe(client: ClientConnection, symbols: Iterable<string>): string[];
    unsubscribe(client: ClientConnection, symbols: Iterable<string>): void;
    subscriptions(client: ClientConnection): ReadonlySet<string>;
  };
}

export interface ClientLimits extends OutboxLimits {
  /** Symbols one connection may subscribe to. */
  maxSubscriptions: number;
  /** Client messages: this many per second sustained, bursts up to messageBurst; beyond that, 1008. */
  messagesPerSecond: number;
  messageBurst: number;
  /**
   * Symbols named in subscribe, unsubscribe and resume requests per second
   * (sustained, and in a burst): the work a client can ask for, since each
   * subscribed symbol costs a snapshot. Beyond it requests are refused with
   * rate_limited and the connection stays open.
   */
  symbolsPerSecond: number;
  symbolBurst: number;
  /** Bad messages tolerated per errorWindowMs before the connection is closed with 1008. */
  maxErrors: number;
  errorWindowMs: number;
}

export const DEFAULT_CLIENT_LIMITS: ClientLimits = {
  highWaterBytes: 1024 * 1024,
  maxConflationMs: 10_000,
  hardLimitBytes: 8 * 1024 * 1024,
  maxDeferred: 64,
  maxSubscriptions: 5000,
  messagesPerSecond: 20,
  messageBurst: 60,
  symbolsPerSecond: 10_000,
  symbolBurst: 10_000,
  maxErrors: 20,
  errorWindowMs: 10_000,
};

/** Pongs a client may miss in a row before it is considered dead. */
const MAX_MISSED_PONGS = 2;
/** A history request is costed as if it asked for at most this many bars a symbol (the reply is capped anyway). */
const MAX_BARS_COST = 10_000;
/** Session history goes out in messages of this many symbols, each made only while the client keeps up. */
const SESSION_SYMBOLS_PER_MESSAGE = 20;

/**
 * One client's connection: validates what the client sends and applies it
 * through the edge, and protects the server from the client: everything it
 * is sent goes through its bounded outbox; a silent peer is detected by
 * ping; a flood is rate-limited.
 */
export class ClientConnection implements Subscriber {
  private awaitingPong = false;
  private missedPongs = 0;
  private readonly messages: TokenBucket;
  private readonly symbolWork: TokenBucket;
  private errorTimes: number[] = [];
  private closed = false;
  private readonly outbox: ClientOutbox;
  /** Newly subscribed symbols whose snapshot has not been sent yet (it waits while the client is behind). */
  private readonly pendingSnapshot = new Set<string>();
  /** Symbols subscribed with session history, and its interval: sent again after a new epoch or a conflation. */
  private readonly historySymbols = new Set<string>();
  private sessionInterval: BarInterval = '5m';
  /** Negotiated at the upgrade through Sec-WebSocket-Protocol. */
  private readonly wire: WireCodec;
  readonly codec: TicksCodec;

  constructor(
    private readonly transport: ClientTransport,
    private readonly edge: EdgeApi,
    private readonly limits: ClientLimits = DEFAULT_CLIENT_LIMITS,
    /** Operator-facing notes about this client (dropped as slow, rate-limited), never containing secrets. */
    private readonly log: (line: string) => void = () => {},
    private readonly now: () => number = Date.now,
    /** Where subscribe, unsubscribe and resume wait their turn, shared fairly with every other client. */
    private readonly work: WorkQueue = inlineWorkQueue,
    /** The client's address group (see address-group.ts), which the work queue shares out by. */
    private readonly address = 'unknown',
    /** Where this connection's traffic and outcomes are counted (the server's metrics). */
    private readonly meter: ConnectionMeter = NO_METER,
  ) {
    this.messages = new TokenBucket(limits.messagesPerSecond, limits.messageBurst, now);
    this.symbolWork = new TokenBucket(limits.symbolsPerSecond, limits.symbolBurst, now);
    this.wire = edge.codecFor(transport.protocol);
    this.codec = this.wire.ticks;
    this.outbox = new ClientOutbox(transport, limits, {
      onCaughtUp: () => this.sendConflatedSnapshot(),
      onTooSlow: (bytes) => this.tooSlow(bytes),
      now,
      meter,
    });
    transport.onPong(() => {
      this.awaitingPong = false;
      this.missedPongs = 0;
    });
  }

  /** True while batches are being dropped for this client until its socket drains. */
  get isConflating(): boolean {
    return this.outbox.conflating;
  }

  open(): void {
    this.edge.hub.add(this);
    this.outbox.message(this.edge.helloFrame());
    const status = this.edge.currentReplayStatus();
    if (status) this.sendMessage(status);
  }

  /** Removes the client from fan-out at once; safe to call more than once. */
  release(): void {
    this.closed = true;
    this.outbox.close();
    this.work.cancel(this);
    this.edge.hub.remove(this);
  }

  backlog(): number {
    return this.outbox.unsentBytes;
  }

  /** A batch from the hub. */
  deliver(payload: Uint8Array, framed: Buffer, binary: boolean): boolean {
    return !this.closed && this.outbox.batch(payload, binary, framed);
  }

  /** The stream began a new epoch: fresh snapshots (and session history) of everything subscribed, waiting if the client is behind. */
  streamRestarted(): void {
    if (this.closed) return;
    const subscribed = this.edge.hub.subscriptions(this);
    this.sendSnapshotOf(subscribed);
    this.sendSessionHistory([...subscribed].filter((s) => this.historySymbols.has(s)));
  }

  /** The replay clock changed; a client that is behind gets only the latest once it drains. */
  replayStatusChanged(status: ReplayStatus): void {
    if (!this.closed) this.outbox.bulk('replay-status', () => [{ data: JSON.stringify(status), binary: false }]);
  }

  /** The feed now serves another universe: this connection's hello no longer holds; the client reconnects. */
  universeChanged(): void {
    if (this.closed) return;
    this.release();
    this.transport.close(CloseCode.ServiceRestart, 'the feed restarted with another universe; reconnect');
  }

  /** Every heartbeat interval: proof of life for the client, and a drain check while conflating. */
  heartbeat(frame: Buffer): void {
    if (!this.closed) this.outbox.heartbeat(frame);
  }

  /** Every ping interval. A client that missed MAX_MISSED_PONGS in a row is terminated. */
  ping(): void {
    if (this.closed) return;
    if (this.awaitingPong && ++this.missedPongs >= MAX_MISSED_PONGS) {
      this.release();
      this.transport.terminate();
      return;
    }
    this.awaitingPong = true;
    this.transport.ping();
  }

  /**
   * A message from the client. Only the message-rate check happens at once;
   * decoding and applying it (which for 5,000 symbols costs about a
   * millisecond) waits its turn in the shared work queue.
   */
  receive(text: string | null): void {
    if (this.closed) return;
    if (!this.messages.take()) return this.violation('too many messages');
    if (text === null) return this.sendError(ErrorCode.UnsupportedFrame, 'binary frames are not part of the protocol; send JSON text');
    // What a request costs is roughly its size: a symbol is about eight bytes of it.
    const queued = this.work.submit(this, this.address, Math.ceil(text.length / 8), () => {
      if (!this.closed) this.handle(text);
    });
    if (!queued) this.sendError(ErrorCode.RateLimited, 'too many requests waiting from this connection or address; try again shortly');
  }

  private handle(text: string): void {
    const decoded = decodeClientMessage(text);
    if (!decoded.ok) return this.sendError(decoded.code, decoded.message);
    this.apply(decoded.message);
  }

  /** Closes the connection with 1008 for abuse (flooding, bad frames). */
  violation(reason: string): void {
    if (this.closed) return;
    this.log(`closed a client for ${reason}: 1008`);
    this.sendMessage({ type: 'error', code: ErrorCode.RateLimited, message: `${reason}; closing the connection` });
    this.release();
    this.transport.close(CloseCode.PolicyViolation, reason);
    // A client that does not read may never complete the closing handshake.
    setTimeout(() => this.transport.terminate(), 1000).unref?.();
  }

  private tooSlow(unsentBytes: number): void {
    if (this.closed) return;
    this.log(`closed a slow consumer (${unsentBytes} bytes unsent): 4001`);
    this.meter.droppedSlow();
    this.release();
    this.transport.close(CloseCode.SlowConsumer, 'slow consumer: could not keep up even with conflation');
    // If even the close frame cannot get through, do not wait for it.
    setTimeout(() => this.transport.terminate(), 1000).unref?.();
  }

  private apply(message: ClientMessage): void {
    if (message.type !== 'control' && message.type !== 'history' && !this.symbolWork.take(message.symbols.length)) {
      return this.sendError(
        ErrorCode.RateLimited,
        `${message.type} of ${message.symbols.length} symbols refused: a connection may name at most ${this.limits.symbolsPerSecond} symbols a second in requests`,
      );
    }
    switch (message.type) {
      case 'control':
        return void this.control(message);
      case 'resume':
        return this.resume(message);
      case 'subscribe': {
        const [known, unknown] = this.partition(message.symbols);
        if (!this.withinSubscriptionLimit(known)) return;
        const added = this.edge.hub.subscribe(this, known);
        this.sendSnapshotOf(added);
        if (message.history) {
          this.wantSessionHistory(known, message.history);
          this.sendSessionHistory(added.filter((s) => this.historySymbols.has(s)));
        }
        return this.reportUnknown(unknown);
      }
      case 'unsubscribe': {
        const [known, unknown] = this.partition(message.symbols);
        this.edge.hub.unsubscribe(this, known);
        for (const symbol of known) {
          this.pendingSnapshot.delete(symbol);
          this.historySymbols.delete(symbol);
        }
        return this.reportUnknown(unknown);
      }
      case 'history':
        return this.history(message);
    }
  }

  /**
   * Resubscribes after a reconnect and replays exactly the batches missed
   * since {epoch, seq}, filtered to this client's symbols, if they are all
   * still held and fit in the client's room below the high-water mark;
   * otherwise says so and sends fresh snapshots. Never a silent gap.
   */
  private resume(message: ResumeMessage): void {
    const [known, unknown] = this.partition(message.symbols);
    this.reportUnknown(unknown);
    if (!this.withinSubscriptionLimit(known)) return;
    this.edge.hub.subscribe(this, known);
    if (message.history) this.wantSessionHistory(known, message.history);
    const { epoch, seq } = this.edge;
    const symbols = this.edge.hub.subscriptions(this);
    const missed = this.edge.missedSince(message.epoch, message.seq);
    let reason: ResumeOutcome | null = missed.ok ? null : missed.reason;
    if (missed.ok) {
      const frames = this.replayFrames(missed.batches, symbols);
      if (frames) {
        for (const frame of frames) this.outbox.message(frame.data, frame.binary);
        this.sendMessage({ type: 'resumed', recovered: true, epoch, seq });
        this.meter.resumed('recovered');
        return;
      }
      reason = 'too much missed for this connection';
    }
    this.sendMessage({ type: 'resumed', recovered: false, epoch, seq, reason: reason! });
    this.meter.resumed(reason!);
    this.sendSnapshotOf(symbols);
    // The bars the client holds miss the gap too: the session again, whole.
    this.sendSessionHistory([...symbols].filter((s) => this.historySymbols.has(s)));
  }

  /** These symbols' sessions (or the ones the request names) go out now and after every new epoch or conflation. */
  private wantSessionHistory(symbols: readonly string[], history: { interval: BarInterval; symbols?: readonly string[] | undefined }): void {
    this.sessionInterval = history.interval;
    const only = history.symbols ? new Set(history.symbols) : null;
    for (const symbol of symbols) if (!only || only.has(symbol)) this.historySymbols.add(symbol);
  }

  /** The missed batches as frames, or null if they would not fit in the client's room below the high-water mark. */
  private replayFrames(missed: readonly { seq: number; ticks: readonly Tick[] }[], symbols: ReadonlySet<string>): OutboxFrame[] | null {
    const room = this.outbox.room;
    const frames: OutboxFrame[] = [];
    let bytes = 0;
    for (const batch of missed) {
      const ticks = batch.ticks.filter((t) => symbols.has(t.symbol));
      if (ticks.length === 0) continue;
      const data = this.codec.encode({ type: 'ticks', epoch: this.edge.epoch, seq: batch.seq, ticks });
      bytes += data.length;
      if (bytes > room) return null;
      frames.push({ data, binary: this.codec.binaryFrames });
    }
    return frames;
  }

  /** Snapshots of newly subscribed symbols; while the client is behind they wait, coalesced into one. */
  private sendSnapshotOf(symbols: Iterable<string>): void {
    for (const symbol of symbols) this.pendingSnapshot.add(symbol);
    if (this.pendingSnapshot.size === 0) return;
    this.outbox.bulk('snapshot', () => {
      const subscribed = this.edge.hub.subscriptions(this);
      const wanted = [...this.pendingSnapshot].filter((s) => subscribed.has(s));
      this.pendingSnapshot.clear();
      return wanted.length > 0 ? [{ data: JSON.stringify(this.edge.snapshot(wanted)), binary: false }] : [];
    });
  }

  /** After batches were dropped: one snapshot of everything subscribed replaces them, and the session history they changed. */
  private sendConflatedSnapshot(): void {
    this.meter.conflated();
    this.pendingSnapshot.clear();
    const symbols = this.edge.hub.subscriptions(this);
    if (symbols.size > 0) this.outbox.message(JSON.stringify(this.edge.snapshot(symbols, true)));
    this.sendSessionHistory([...symbols].filter((s) => this.historySymbols.has(s)));
  }

  /** The session's bars for these symbols, in messages of a few symbols each, made as the client keeps up. */
  private sendSessionHistory(symbols: readonly string[]): void {
    if (symbols.length === 0) return;
    const interval = this.sessionInterval;
    const part = (from: number): ReplyPart => {
      const chunk = symbols.slice(from, from + SESSION_SYMBOLS_PER_MESSAGE);
      const frames = [this.barsFrame(this.edge.sessionBars(chunk, interval))];
      const next = from + SESSION_SYMBOLS_PER_MESSAGE;
      return next < symbols.length ? { frames, more: () => part(next) } : { frames };
    };
    this.outbox.bulk(`session:${symbols[0]}:${symbols.length}`, () => part(0));
  }

  /**
   * A history request: the bars are built when its turn comes in the work
   * queue, costed by the bars asked for, and sent through the outbox like
   * any bulk reply.
   */
  private history(message: HistoryMessage): void {
    const [known, unknown] = this.partition(message.symbols);
    this.reportUnknown(unknown);
    const bars = known.length * Math.min(message.limit ?? 1000, MAX_BARS_COST);
    const queued = this.work.submit(this, this.address, Math.ceil(bars / 10), () => {
      if (this.closed) return;
      this.outbox.bulk(`history:${message.id}`, () => [this.barsFrame(this.edge.history({ ...message, symbols: known }))]);
    });
    if (!queued) this.sendError(ErrorCode.RateLimited, 'history refused: too many requests waiting from this connection; try again shortly');
  }

  private barsFrame(message: BarsMessage): OutboxFrame {
    return { data: this.wire.bars.encode(message), binary: this.wire.bars.binaryFrames };
  }

  private partition(symbols: readonly string[]): [known: string[], unknown: string[]] {
    return [symbols.filter((s) => this.edge.isKnownSymbol(s)), symbols.filter((s) => !this.edge.isKnownSymbol(s))];
  }

  /** The rest of a request still applies; the unknown symbols are reported after it. */
  private reportUnknown(unknown: readonly string[]): void {
    if (unknown.length === 0) return;
    const listed = unknown.slice(0, 10).join(', ') + (unknown.length > 10 ? `, and ${unknown.length - 10} more` : '');
    this.sendError(ErrorCode.UnknownSymbol, `not in this feed's universe: ${listed}`, unknown.slice(0, 100));
  }

  private withinSubscriptionLimit(symbols: readonly string[]): boolean {
    const current = this.edge.hub.subscriptions(this);
    const total = current.size + symbols.filter((s) => !current.has(s)).length;
    if (total <= this.limits.maxSubscriptions) return true;
    this.sendError(ErrorCode.TooManySubscriptions, `a connection may subscribe to at most ${this.limits.maxSubscriptions} symbols; this request would make ${total}`);
    return false;
  }

  private async control(message: ControlMessage): Promise<void> {
    const result = await this.edge.control(message);
    if (!result.ok && !this.closed) this.sendError(result.code, result.message);
  }

  private sendError(code: ErrorMessage['code'], message: string, symbols?: string[]): void {
    this.sendMessage(symbols ? { type: 'error', code, message, symbols } : { type: 'error', code, message });
    const now = this.now();
    this.errorTimes = this.errorTimes.filter((t) => now - t < this.limits.errorWindowMs);
    this.errorTimes.push(now);
    if (this.errorTimes.length > this.limits.maxErrors) this.violation('too many bad messages');
  }

  private sendMessage(message: ServerMessage): void {
    this.outbox.message(JSON.stringify(message));
  }
}
