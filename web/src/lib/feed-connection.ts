import type { ClientMessage, ServerMessage } from '../../../shared/protocol.ts';
import { SUBPROTOCOLS } from '../../../shared/codec/codecs.ts';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ConnectionHandlers {
  onMessage(message: ServerMessage): void;
  onState(state: ConnectionState, detail: { retryInMs?: number; attempt: number }): void;
}

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

/**
 * The cap bounds how long a page stays stale after the feed comes back: the
 * retry pending when it returns fires at most capMs later (full jitter draws
 * from [0, ceiling)), so a 4 s cap plus a handshake and hello clears a wall's
 * FEED STALE within 5 s of a restart. (The 15 s cap it replaces kept a wall
 * stale for up to 15 s after the feed was back, 7.5 s on average, once an
 * outage had lasted long enough for the backoff to reach it.)
 * Full jitter still spreads a herd: 10,000 clients arrive at no more than
 * 2,500 a second on average.
 */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 4000 };

/** Before hello says otherwise, a link silent this long is presumed dead. */
const DEFAULT_DEAD_LINK_MS = 4000;

/** Silence longer than three heartbeats plus a second means the link is dead, even if TCP has not noticed. */
export function deadLinkBound(heartbeatMs: number): number {
  return 3 * heartbeatMs + 1000;
}

/** Exponential backoff with full jitter: spreads reconnects so a restart is not a thundering herd. */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 20));
  return Math.floor(random() * ceiling);
}

/**
 * The browser's link to the feed, as a state machine: connecting → open →
 * reconnecting (backoff with full jitter, capped) → open ..., until stopped
 * (closed). Silence beyond the dead-link bound counts as a drop, because a
 * stalled TCP connection can stay "open" for minutes. It never needs a reload.
 */
export class FeedConnection {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private watchdog: ReturnType<typeof setInterval> | undefined;
  private stopped = false;
  private current: ConnectionState = 'closed';
  private lastHeard = 0;
  private deadLinkMs = DEFAULT_DEAD_LINK_MS;
  /** Decodes binary `ticks` frames; set once hello has said which symbols the ids refer to. */
  private binaryDecoder: ((bytes: Uint8Array) => ServerMessage) | null = null;

  constructor(
    private readonly url: string,
    private readonly handlers: ConnectionHandlers,
    private readonly backoff: BackoffPolicy = DEFAULT_BACKOFF,
    /** Jitter source; injectable so a fault test can compare with no jitter at all. */
    private readonly random: () => number = Math.random,
  ) {}

  get state(): ConnectionState {
    return this.current;
  }

  start(): void {
    this.stopped = false;
    this.open();
    this.watchdog = setInterval(() => this.checkSilence(), 500);
  }

  setBinaryDecoder(decoder: (bytes: Uint8Array) => ServerMessage): void {
    this.binaryDecoder = decoder;
  }

  /** Adopts the server's heartbeat interval (from hello). */
  setHeartbeat(heartbeatMs: number): void {
    this.deadLinkMs = deadLinkBound(heartbeatMs);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.watchdog);
    this.socket?.close(1000, 'client closed');
    this.socket = null;
    this.setState('closed');
  }

  /** Sends if open; returns false otherwise (callers resubscribe on the next hello). */
  send(message: ClientMessage): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  private open(): void {
    this.setState(this.attempt === 0 ? 'connecting' : 'reconnecting');
    // Binary ticks are about a seventh of the JSON size; the server falls back to JSON if it must.
    const socket = new WebSocket(this.url, [...SUBPROTOCOLS]);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    this.lastHeard = Date.now();
    socket.onopen = () => {
      this.attempt = 0;
      this.lastHeard = Date.now();
      this.setState('open');
    };
    socket.onmessage = (event: MessageEvent) => {
      this.lastHeard = Date.now();
      let message: ServerMessage;
      if (typeof event.data === 'string') {
        try {
          message = JSON.parse(event.data) as ServerMessage;
        } catch {
          return;
        }
      } else {
        if (!this.binaryDecoder) return;
        try {
          message = this.binaryDecoder(new Uint8Array(event.data as ArrayBuffer));
        } catch {
          // Binary ticks frames refer to the ones before them: after one that cannot be read, the
          // next would be misread too. A new connection resumes and starts a fresh chain.
          this.abandon(socket, 4002, 'a binary frame could not be decoded');
          return;
        }
      }
      this.handlers.onMessage(message);
    };
    // A failed connection reports an error and then closes; the close drives the retry.
    socket.onerror = () => {};
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (!this.stopped) this.scheduleRetry();
    };
  }

  /** A connecting or open socket that has been silent too long is abandoned and replaced. */
  private checkSilence(): void {
    const socket = this.socket;
    if (!socket || Date.now() - this.lastHeard <= this.deadLinkMs) return;
    this.abandon(socket, 4000, 'no data within the dead-link bound');
  }

  /** Drops a socket that cannot go on (silent, or sending what cannot be read) and connects again. */
  private abandon(socket: WebSocket, code: number, reason: string): void {
    this.socket = null;
    socket.onopen = socket.onmessage = socket.onclose = null;
    socket.close(code, reason);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    const retryInMs = backoffDelay(this.attempt, this.backoff, this.random);
    this.attempt++;
    this.setState('reconnecting', retryInMs);
    this.retryTimer = setTimeout(() => this.open(), retryInMs);
  }

  private setState(state: ConnectionState, retryInMs?: number): void {
    this.current = state;
    this.handlers.onState(state, retryInMs === undefined ? { attempt: this.attempt } : { retryInMs, attempt: this.attempt });
  }
}
