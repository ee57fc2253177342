import type { ClientTransport } from './client-transport.ts';
import { NO_METER, type ConnectionMeter } from './connection-meter.ts';

export interface OutboxLimits {
  /** Above this many unsent bytes the client is "behind": batches are dropped and bulk replies wait (conflation). */
  highWaterBytes: number;
  /** A client still behind (above half the high-water mark) after this long is closed with 4001. */
  maxConflationMs: number;
  /** A client with more unsent bytes than this is closed with 4001 at once, whatever it was sent. */
  hardLimitBytes: number;
  /** Bulk replies (e.g. history) that may wait for a client to drain; one more closes it with 4001. */
  maxDeferred: number;
}

export interface OutboxHooks {
  /** The client drained after batches were dropped: send it what replaces them (a conflated snapshot). */
  onCaughtUp(): void;
  /** The client broke a limit; close it with 4001. */
  onTooSlow(unsentBytes: number): void;
  now(): number;
  /** Counts what is written (bytes, batches); nothing by default. */
  meter?: ConnectionMeter;
}

export type OutboxFrame = { data: string | Uint8Array; binary: boolean };

/** Part of a large reply: frames to send now and, if the reply goes on, how to make the rest. */
export interface ReplyPart {
  frames: OutboxFrame[];
  more?: () => ReplyPart;
}

type Producer = () => OutboxFrame[] | ReplyPart;

/**
 * The one path by which anything reaches a client, and the one bound on
 * what a client that does not read can cost: its unsent bytes. Three kinds
 * of traffic, three policies at the limit:
 * - batches (ticks) are dropped while the client is behind and replaced by
 *   one conflated snapshot once it drains;
 * - bulk replies (snapshots, resume replays, history) are produced only when
 *   there is room, else deferred (coalesced by key) until the client drains;
 * - messages (hello, errors, resume answers, replay status) are small and
 *   always written, until the hard limit closes the connection.
 * Whatever a client asks for, its unsent bytes stay below the hard limit
 * plus one frame.
 */
export class ClientOutbox {
  private behind = false;
  private behindSince = 0;
  private droppedBatches = false;
  private closed = false;
  private readonly deferred = new Map<string, Producer>();
  private readonly meter: ConnectionMeter;

  constructor(
    private readonly transport: ClientTransport,
    private readonly limits: OutboxLimits,
    private readonly hooks: OutboxHooks,
  ) {
    this.meter = hooks.meter ?? NO_METER;
  }

  /** True while batches are dropped for this client until it drains. */
  get conflating(): boolean {
    return this.behind;
  }

  get unsentBytes(): number {
    return this.transport.bufferedAmount;
  }

  /** Bytes a bulk reply may take now without putting the client behind. */
  get room(): number {
    return this.open() && !this.behind ? Math.max(0, this.limits.highWaterBytes - this.transport.bufferedAmount) : 0;
  }

  close(): void {
    this.closed = true;
    this.deferred.clear();
  }

  /** A batch of ticks; `framed` is the same message pre-framed, shared by every client of a subscription group. False if it was dropped. */
  batch(data: Uint8Array, binary: boolean, framed?: Buffer): boolean {
    if (!this.check()) {
      this.droppedBatches ||= this.behind;
      return false;
    }
    this.meter.sent('batch', data.length);
    if (!framed || !this.transport.sendFramed(framed)) this.transport.send(data, binary);
    return true;
  }

  /** A small message that must arrive: written unless the connection is closing or past the hard limit. */
  message(data: string | Uint8Array, binary = false): void {
    if (!this.open() || this.overHardLimit()) return;
    this.send(data, binary);
  }

  private send(data: string | Uint8Array, binary: boolean): void {
    this.meter.sent('other', typeof data === 'string' ? Buffer.byteLength(data) : data.length);
    this.transport.send(data, binary);
  }

  /**
   * A bulk reply: produced and written now if the client is keeping up,
   * otherwise produced later, once it has drained. A later request with the
   * same key replaces an earlier one still waiting. A large reply comes in
   * parts: each is made and written only while the client is keeping up, so
   * even a 500-symbol history never overshoots the bound.
   */
  bulk(key: string, produce: Producer): void {
    if (!this.open() || this.overHardLimit()) return;
    if (!this.behind && this.transport.bufferedAmount <= this.limits.highWaterBytes && this.deferred.size === 0) {
      this.run(key, produce);
      return;
    }
    this.defer(key, produce);
  }

  private defer(key: string, produce: Producer): void {
    this.deferred.delete(key);
    this.deferred.set(key, produce);
    if (this.deferred.size > this.limits.maxDeferred) this.tooSlow();
    else this.enterBehind();
  }

  /** Writes a reply's parts while the client keeps up; what is left waits, under the same key, until it drains. */
  private run(key: string, produce: Producer): void {
    let part = asPart(produce());
    this.write(part.frames);
    while (part.more) {
      if (this.transport.bufferedAmount > this.limits.highWaterBytes) return this.defer(key, part.more);
      part = part.more();
      this.write(part.frames);
    }
  }

  /** Every heartbeat interval: the drain check, and proof of life for a client that is keeping up. */
  heartbeat(frame: Buffer): void {
    if (this.check()) this.send(frame, false);
  }

  /**
   * Whether a batch or heartbeat may be written now. Entering "behind" stops
   * them; leaving it (below half the high-water mark) first sends what the
   * client missed: the conflated snapshot, then deferred bulk replies.
   */
  private check(): boolean {
    if (!this.open() || this.overHardLimit()) return false;
    const buffered = this.transport.bufferedAmount;
    if (!this.behind) {
      if (buffered <= this.limits.highWaterBytes) return true;
      this.enterBehind();
      return false;
    }
    if (buffered > this.limits.highWaterBytes / 2) {
      if (this.hooks.now() - this.behindSince >= this.limits.maxConflationMs) this.tooSlow();
      return false;
    }
    this.catchUp();
    // What was just sent already reflects the batch that triggered this call.
    return false;
  }

  private catchUp(): void {
    this.behind = false;
    if (this.droppedBatches) {
      this.droppedBatches = false;
      this.hooks.onCaughtUp();
    }
    for (const [key, produce] of this.deferred) {
      if (this.transport.bufferedAmount > this.limits.highWaterBytes) return this.enterBehind();
      this.deferred.delete(key);
      this.run(key, produce);
      if (this.behind) return;
    }
  }

  private enterBehind(): void {
    if (this.behind) return;
    this.behind = true;
    this.behindSince = this.hooks.now();
  }

  private write(frames: OutboxFrame[]): void {
    for (const frame of frames) {
      if (this.overHardLimit()) return;
      this.send(frame.data, frame.binary);
    }
  }

  private open(): boolean {
    return !this.closed && this.transport.isOpen;
  }

  private overHardLimit(): boolean {
    if (this.transport.bufferedAmount <= this.limits.hardLimitBytes) return false;
    this.tooSlow();
    return true;
  }

  private tooSlow(): void {
    if (this.closed) return;
    this.close();
    this.hooks.onTooSlow(this.transport.bufferedAmount);
  }
}

function asPart(made: OutboxFrame[] | ReplyPart): ReplyPart {
  return Array.isArray(made) ? { frames: made } : made;
}
