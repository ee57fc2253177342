import type { ClientMessage, ServerMessage } from '../../../shared/protocol.ts';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ConnectionHandlers {
  onMessage(message: ServerMessage): void;
  onState(state: ConnectionState, detail: { retryInMs?: number; attempt: number }): void;
}

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 15_000 };

/** Exponential backoff with full jitter: spreads reconnects so a restart is not a thundering herd. */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 20));
  return Math.floor(random() * ceiling);
}

/**
 * The browser's link to the feed: one WebSocket at a time, reconnecting with
 * backoff until stopped. It never needs a page reload.
 */
export class FeedConnection {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private current: ConnectionState = 'closed';

  constructor(
    private readonly url: string,
    private readonly handlers: ConnectionHandlers,
    private readonly backoff: BackoffPolicy = DEFAULT_BACKOFF,
  ) {}

  get state(): ConnectionState {
    return this.current;
  }

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
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
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.setState('open');
    };
    socket.onmessage = (event: MessageEvent) => {
      if (typeof event.data !== 'string') return;
      let message: ServerMessage;
      try {
        message = JSON.parse(event.data) as ServerMessage;
      } catch {
        return;
      }
      this.handlers.onMessage(message);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (!this.stopped) this.scheduleRetry();
    };
  }

  private scheduleRetry(): void {
    const retryInMs = backoffDelay(this.attempt, this.backoff);
    this.attempt++;
    this.setState('reconnecting', retryInMs);
    this.retryTimer = setTimeout(() => this.open(), retryInMs);
  }

  private setState(state: ConnectionState, retryInMs?: number): void {
    this.current = state;
    this.handlers.onState(state, retryInMs === undefined ? { attempt: this.attempt } : { retryInMs, attempt: this.attempt });
  }
}
