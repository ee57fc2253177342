import type { RawData, WebSocket } from 'ws';
import { decodeClientMessage } from '../shared/client-message-decoder.ts';
import { CloseCode, ErrorCode } from '../shared/error-codes.ts';
import type { ClientMessage, ControlMessage, ErrorMessage, ResumeMessage, ServerMessage, TicksMessage } from '../shared/protocol.ts';
import { BINARY_SUBPROTOCOL } from '../shared/ticks-codec.ts';
import type { Subscriber } from './fanout-hub.ts';
import type { Feed } from './feed.ts';
import { TokenBucket } from './rate-limiter.ts';
import { writeFrame } from './websocket-frame.ts';

export interface SessionLimits {
  /** Above this many unsent bytes the client gets no more batches, only one conflated snapshot once drained. */
  highWaterBytes: number;
  /** A client still not drained (below half the high-water mark) after this long conflating is closed with 4001. */
  maxConflationMs: number;
  /** A client with more unsent bytes than this is closed with 4001 at once, whatever else happens. */
  hardLimitBytes: number;
  /** Symbols one connection may subscribe to. */
  maxSubscriptions: number;
  /** Client messages: this many per second sustained, bursts up to messageBurst; beyond that, 1008. */
  messagesPerSecond: number;
  messageBurst: number;
  /** Bad messages tolerated per errorWindowMs before the connection is closed with 1008. */
  maxErrors: number;
  errorWindowMs: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = {
  highWaterBytes: 1024 * 1024,
  maxConflationMs: 10_000,
  hardLimitBytes: 8 * 1024 * 1024,
  maxSubscriptions: 5000,
  messagesPerSecond: 20,
  messageBurst: 60,
  maxErrors: 20,
  errorWindowMs: 10_000,
};

/** Pongs a client may miss in a row before it is considered dead. */
const MAX_MISSED_PONGS = 2;

/**
 * One WebSocket connection: validates what the client sends and applies it,
 * and protects the server from the client: a slow reader is conflated, then
 * closed; a silent peer is detected by ping; a flood is rate-limited.
 */
export class ClientSession implements Subscriber {
  private conflating = false;
  private conflatingSince = 0;
  private awaitingPong = false;
  private missedPongs = 0;
  private readonly messages: TokenBucket;
  private errorTimes: number[] = [];
  private closed = false;
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
    this.codec = socket.protocol === BINARY_SUBPROTOCOL ? 'binary' : 'json';
    socket.on('pong', () => {
      this.awaitingPong = false;
      this.missedPongs = 0;
    });
  }

  /** True while batches are being dropped for this client until its socket drains. */
  get isConflating(): boolean {
    return this.conflating;
  }

  open(): void {
    this.feed.hub.add(this);
    this.sendMessage(this.feed.hello());
    if (this.feed.replay) this.sendMessage(this.feed.replay.status());
  }

  /** Removes the client from fan-out at once; safe to call more than once. */
  release(): void {
    this.closed = true;
    this.feed.hub.remove(this);
  }

  backlog(): number {
    return this.socket.bufferedAmount;
  }

  send(frame: Buffer, binary = false, framed?: Buffer): void {
    if (!this.writable()) return;
    if (framed && writeFrame(this.socket, framed)) return;
    this.socket.send(frame, { binary });
  }

  /** Every heartbeat interval: proof of life for the client, and a drain check while conflating. */
  heartbeat(frame: Buffer): void {
    if (this.writable()) this.socket.send(frame, { binary: false });
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

  /**
   * Decides whether a frame may be written now. Above the high-water mark
   * batches are dropped (the client will get one conflated snapshot instead,
   * so the buffer stops growing); once drained that snapshot goes out. A
   * client that does not drain in time, or passes the hard limit, is closed.
   */
  private writable(): boolean {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return false;
    const buffered = this.socket.bufferedAmount;
    if (buffered > this.limits.hardLimitBytes) return this.tooSlow();
    if (!this.conflating) {
      if (buffered <= this.limits.highWaterBytes) return true;
      this.conflating = true;
      this.conflatingSince = this.now();
      return false;
    }
    if (buffered > this.limits.highWaterBytes / 2) {
      if (this.now() - this.conflatingSince >= this.limits.maxConflationMs) return this.tooSlow();
      return false;
    }
    this.conflating = false;
    const symbols = this.feed.hub.subscriptions(this);
    if (symbols.size > 0) this.socket.send(JSON.stringify(this.feed.snapshot(symbols, true)));
    // The snapshot already reflects the batch that triggered this call.
    return false;
  }

  private tooSlow(): false {
    this.log(`closed a slow consumer (${this.socket.bufferedAmount} bytes unsent): 4001`);
    this.release();
    this.socket.close(CloseCode.SlowConsumer, 'slow consumer: could not keep up even with conflation');
    // If even the close frame cannot get through, do not wait for it.
    setTimeout(() => this.socket.terminate(), 1000).unref();
    return false;
  }

  private apply(message: ClientMessage): void {
    switch (message.type) {
      case 'control':
        return this.control(message);
      case 'resume':
        return this.resume(message);
      case 'subscribe': {
        const [known, unknown] = this.partition(message.symbols);
        if (!this.withinSubscriptionLimit(known)) return;
        const added = this.feed.hub.subscribe(this, known);
        if (added.length > 0) this.sendMessage(this.feed.snapshot(added));
        return this.reportUnknown(unknown);
      }
      case 'unsubscribe': {
        const [known, unknown] = this.partition(message.symbols);
        this.feed.hub.unsubscribe(this, known);
        return this.reportUnknown(unknown);
      }
    }
  }

  /**
   * Resubscribes after a reconnect and replays exactly the batches missed
   * since {epoch, seq}, filtered to this client's symbols, if they are all
   * still held; otherwise says so and sends fresh snapshots. Never a silent gap.
   */
  private resume(message: ResumeMessage): void {
    const [known, unknown] = this.partition(message.symbols);
    this.reportUnknown(unknown);
    if (!this.withinSubscriptionLimit(known)) return;
    this.feed.hub.subscribe(this, known);
    const { epoch } = this.feed;
    const latest = this.feed.hub.seq;
    const missed = message.epoch === epoch ? this.feed.recent.since(message.seq, latest) : null;
    if (missed) {
      const symbols = this.feed.hub.subscriptions(this);
      for (const batch of missed) {
        const ticks = batch.ticks.filter((t) => symbols.has(t.symbol));
        if (ticks.length === 0) continue;
        const message: TicksMessage = { type: 'ticks', epoch, seq: batch.seq, ticks };
        if (this.codec === 'binary') this.socket.send(this.feed.binaryCodec.encode(message), { binary: true });
        else this.sendMessage(message);
      }
      this.sendMessage({ type: 'resumed', recovered: true, epoch, seq: latest });
      return;
    }
    const reason = message.epoch !== epoch ? 'epoch changed' : message.seq > latest ? 'seq from the future' : 'too old';
    this.sendMessage({ type: 'resumed', recovered: false, epoch, seq: latest, reason });
    const symbols = this.feed.hub.subscriptions(this);
    if (symbols.size > 0) this.sendMessage(this.feed.snapshot(symbols));
  }

  private partition(symbols: readonly string[]): [known: string[], unknown: string[]] {
    return [symbols.filter((s) => this.feed.isKnownSymbol(s)), symbols.filter((s) => !this.feed.isKnownSymbol(s))];
  }

  /** The rest of a request still applies; the unknown symbols are reported after it. */
  private reportUnknown(unknown: readonly string[]): void {
    if (unknown.length === 0) return;
    const listed = unknown.slice(0, 10).join(', ') + (unknown.length > 10 ? `, and ${unknown.length - 10} more` : '');
    this.sendError(ErrorCode.UnknownSymbol, `not in this feed's universe: ${listed}`, [...unknown]);
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

  private violation(reason: string): void {
    if (this.closed) return;
    this.log(`closed a client for ${reason}: 1008`);
    this.sendMessage({ type: 'error', code: ErrorCode.RateLimited, message: `${reason}; closing the connection` });
    this.release();
    this.socket.close(CloseCode.PolicyViolation, reason);
  }

  private sendMessage(message: ServerMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
