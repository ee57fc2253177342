import type { RawData, WebSocket } from 'ws';
import { decodeClientMessage } from '../shared/client-message-decoder.ts';
import { CloseCode, ErrorCode } from '../shared/error-codes.ts';
import type { ClientMessage, ControlMessage, ErrorMessage, ResumeMessage, ServerMessage, TicksMessage } from '../shared/protocol.ts';
import { BINARY_SUBPROTOCOL } from '../shared/ticks-codec.ts';
import { ClientOutbox, type OutboxLimits } from './client-outbox.ts';
import type { Subscriber } from './fanout-hub.ts';
import type { Feed } from './feed.ts';
import { TokenBucket } from './rate-limiter.ts';

export interface SessionLimits extends OutboxLimits {
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

export const DEFAULT_SESSION_LIMITS: SessionLimits = {
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

/**
 * One WebSocket connection: validates what the client sends and applies it,
 * and protects the server from the client: everything it is sent goes
 * through its bounded outbox; a silent peer is detected by ping; a flood is
 * rate-limited.
 */
export class ClientSession implements Subscriber {
  private awaitingPong = false;
  private missedPongs = 0;
  private readonly messages: TokenBucket;
  private readonly symbolWork: TokenBucket;
  private errorTimes: number[] = [];
  private closed = false;
  private readonly outbox: ClientOutbox;
  /** Newly subscribed symbols whose snapshot has not been sent yet (it waits while the client is behind). */
  private readonly pendingSnapshot = new Set<string>();
  /** Negotiated at the upgrade through Sec-WebSocket-Protocol. */
  readonly codec: 'json' | 'binary';

  constructor(
    private readonly socket: WebSocket,
    private readonly feed: Feed<ClientSession>,
    private readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
    /** Operator-facing notes about this client (dropped as slow, rate-limited), never containing secrets. */
    private readonly log: (line: string) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {
    this.messages = new TokenBucket(limits.messagesPerSecond, limits.messageBurst, now);
    this.symbolWork = new TokenBucket(limits.symbolsPerSecond, limits.symbolBurst, now);
    this.codec = socket.protocol === BINARY_SUBPROTOCOL ? 'binary' : 'json';
    this.outbox = new ClientOutbox(socket, limits, {
      onCaughtUp: () => this.sendConflatedSnapshot(),
      onTooSlow: (bytes) => this.tooSlow(bytes),
      now,
    });
    socket.on('pong', () => {
      this.awaitingPong = false;
      this.missedPongs = 0;
    });
  }

  /** True while batches are being dropped for this client until its socket drains. */
  get isConflating(): boolean {
    return this.outbox.conflating;
  }

  open(): void {
    this.feed.hub.add(this);
    this.sendMessage(this.feed.hello());
    if (this.feed.replay) this.sendMessage(this.feed.replay.status());
  }

  /** Removes the client from fan-out at once; safe to call more than once. */
  release(): void {
    this.closed = true;
    this.outbox.close();
    this.feed.hub.remove(this);
  }

  backlog(): number {
    return this.outbox.unsentBytes;
  }

  /** A batch (or a broadcast) from the hub. */
  send(frame: Buffer, binary = false, framed?: Buffer): void {
    if (!this.closed) this.outbox.batch(frame, binary, framed);
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
      this.socket.terminate();
      return;
    }
    this.awaitingPong = true;
    this.socket.ping();
  }

  receive(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    if (!this.messages.take()) return this.violation('too many messages');
    if (isBinary) return this.sendError(ErrorCode.UnsupportedFrame, 'binary frames are not part of protocol version 1; send JSON text');
    const decoded = decodeClientMessage(rawToString(data));
    if (!decoded.ok) return this.sendError(decoded.code, decoded.message);
    this.apply(decoded.message);
  }

  /** Closes the connection with 1008 for abuse (flooding, bad frames). */
  violation(reason: string): void {
    if (this.closed) return;
    this.log(`closed a client for ${reason}: 1008`);
    this.sendMessage({ type: 'error', code: ErrorCode.RateLimited, message: `${reason}; closing the connection` });
    this.release();
    this.socket.close(CloseCode.PolicyViolation, reason);
    // A client that does not read may never complete the closing handshake.
    setTimeout(() => this.socket.terminate(), 1000).unref();
  }

  private tooSlow(unsentBytes: number): void {
    if (this.closed) return;
    this.log(`closed a slow consumer (${unsentBytes} bytes unsent): 4001`);
    this.release();
    this.socket.close(CloseCode.SlowConsumer, 'slow consumer: could not keep up even with conflation');
    // If even the close frame cannot get through, do not wait for it.
    setTimeout(() => this.socket.terminate(), 1000).unref();
  }

  private apply(message: ClientMessage): void {
    if (message.type !== 'control' && !this.symbolWork.take(message.symbols.length)) {
      return this.sendError(
        ErrorCode.RateLimited,
        `${message.type} of ${message.symbols.length} symbols refused: a connection may name at most ${this.limits.symbolsPerSecond} symbols a second in requests`,
      );
    }
    switch (message.type) {
      case 'control':
        return this.control(message);
      case 'resume':
        return this.resume(message);
      case 'subscribe': {
        const [known, unknown] = this.partition(message.symbols);
        if (!this.withinSubscriptionLimit(known)) return;
        this.sendSnapshotOf(this.feed.hub.subscribe(this, known));
        return this.reportUnknown(unknown);
      }
      case 'unsubscribe': {
        const [known, unknown] = this.partition(message.symbols);
        this.feed.hub.unsubscribe(this, known);
        for (const symbol of known) this.pendingSnapshot.delete(symbol);
        return this.reportUnknown(unknown);
      }
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
    this.feed.hub.subscribe(this, known);
    const { epoch } = this.feed;
    const latest = this.feed.hub.seq;
    const symbols = this.feed.hub.subscriptions(this);
    let reason: string | null = message.epoch !== epoch ? 'epoch changed' : message.seq > latest ? 'seq from the future' : null;
    const missed = reason === null ? this.feed.recent.since(message.seq, latest) : null;
    if (reason === null && missed === null) reason = 'too old';
    if (missed) {
      const frames = this.replayFrames(missed, symbols);
      if (frames) {
        for (const frame of frames) this.outbox.message(frame.data, frame.binary);
        this.sendMessage({ type: 'resumed', recovered: true, epoch, seq: latest });
        return;
      }
      reason = 'too much missed for this connection';
    }
    this.sendMessage({ type: 'resumed', recovered: false, epoch, seq: latest, reason: reason! });
    this.sendSnapshotOf(symbols);
  }

  /** The missed batches as frames, or null if they would not fit in the client's room below the high-water mark. */
  private replayFrames(missed: readonly { seq: number; ticks: readonly TicksMessage['ticks'][number][] }[], symbols: ReadonlySet<string>): { data: string | Buffer; binary: boolean }[] | null {
    const room = this.outbox.room;
    const frames: { data: string | Buffer; binary: boolean }[] = [];
    let bytes = 0;
    for (const batch of missed) {
      const ticks = batch.ticks.filter((t) => symbols.has(t.symbol));
      if (ticks.length === 0) continue;
      const message: TicksMessage = { type: 'ticks', epoch: this.feed.epoch, seq: batch.seq, ticks };
      const frame =
        this.codec === 'binary'
          ? { data: Buffer.from(this.feed.binaryCodec.encode(message)), binary: true }
          : { data: JSON.stringify(message), binary: false };
      bytes += frame.data.length;
      if (bytes > room) return null;
      frames.push(frame);
    }
    return frames;
  }

  /** Snapshots of newly subscribed symbols; while the client is behind they wait, coalesced into one. */
  private sendSnapshotOf(symbols: Iterable<string>): void {
    for (const symbol of symbols) this.pendingSnapshot.add(symbol);
    if (this.pendingSnapshot.size === 0) return;
    this.outbox.bulk('snapshot', () => {
      const subscribed = this.feed.hub.subscriptions(this);
      const wanted = [...this.pendingSnapshot].filter((s) => subscribed.has(s));
      this.pendingSnapshot.clear();
      return wanted.length > 0 ? [{ data: JSON.stringify(this.feed.snapshot(wanted)), binary: false }] : [];
    });
  }

  /** After batches were dropped: one snapshot of everything subscribed replaces them. */
  private sendConflatedSnapshot(): void {
    this.pendingSnapshot.clear();
    const symbols = this.feed.hub.subscriptions(this);
    if (symbols.size > 0) this.outbox.message(JSON.stringify(this.feed.snapshot(symbols, true)));
  }

  private partition(symbols: readonly string[]): [known: string[], unknown: string[]] {
    return [symbols.filter((s) => this.feed.isKnownSymbol(s)), symbols.filter((s) => !this.feed.isKnownSymbol(s))];
  }

  /** The rest of a request still applies; the unknown symbols are reported after it. */
  private reportUnknown(unknown: readonly string[]): void {
    if (unknown.length === 0) return;
    const listed = unknown.slice(0, 10).join(', ') + (unknown.length > 10 ? `, and ${unknown.length - 10} more` : '');
    this.sendError(ErrorCode.UnknownSymbol, `not in this feed's universe: ${listed}`, unknown.slice(0, 100));
  }

  private withinSubscriptionLimit(symbols: readonly string[]): boolean {
    const current = this.feed.hub.subscriptions(this);
    const total = current.size + symbols.filter((s) => !current.has(s)).length;
    if (total <= this.limits.maxSubscriptions) return true;
    this.sendError(ErrorCode.TooManySubscriptions, `a connection may subscribe to at most ${this.limits.maxSubscriptions} symbols; this request would make ${total}`);
    return false;
  }

  private control(message: ControlMessage): void {
    const replay = this.feed.replay;
    if (!replay) return this.sendError(ErrorCode.NotReplay, 'this feed is live; control messages steer a replay');
    if (!replay.controllable) return this.sendError(ErrorCode.ControlDisabled, 'this replay was started with --no-control');
    const result = replay.control(message);
    if (!result.ok) this.sendError(result.code, result.message);
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

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
