import type { BarInterval } from '../../../shared/bars/bar-interval.ts';
import type { BarsMessage, ClientMessage, ErrorMessage, HistoryMessage, ServerMessage } from '../../../shared/protocol.ts';
import { serverFrameDecoder } from '../../../shared/codec/codecs.ts';
import { accessToken } from './access-token.ts';
import { FeedConnection, type ConnectionState } from './feed-connection.ts';
import { MarketStore } from './market-store.svelte.ts';

/** No message for this long (heartbeats included) and the views say STALE. */
export const STALE_AFTER_MS = 5000;

export interface Watched {
  symbols: string[];
  /** Those of them whose session (as bars) the page draws; all of them if absent. */
  withSession?: string[];
}

export interface FeedClientHooks {
  /** After every hello: the symbols to (re)subscribe, resumed where the last stream left off. */
  symbolsToSubscribe(): Watched;
  onError?(error: ErrorMessage): void;
  /** A live feed came back as a new stream (it restarted): what the page shows starts over from the new session. */
  onFeedRestarted?(): void;
}

/**
 * One page's link to the feed: the connection, the market store it fills,
 * and the resume-or-subscribe decision after every (re)connect. The
 * dashboard and the wall each own one and differ only in what they watch.
 */
export class FeedClient {
  readonly store: MarketStore;
  connection = $state<ConnectionState>('connecting');
  retryInMs = $state<number | null>(null);
  /** When anything last arrived from the server (heartbeats included). */
  lastMessageAt = $state(Date.now());
  /** Why the server says its data is not live (its heartbeat's `stale`), or null. */
  serverStale = $state<string | null>(null);
  private readonly feed: FeedConnection;
  private rateTimer: ReturnType<typeof setInterval> | undefined;
  private historyRequests = 0;

  /** `sessionInterval`: the bars a watched symbol's session arrives in, e.g. 5m for a row's sparkline, 1m for a wall tile. */
  constructor(
    baseWsUrl: string,
    private readonly hooks: FeedClientHooks,
    sessionInterval: BarInterval = '5m',
  ) {
    this.store = new MarketStore(sessionInterval);
    // A feed started with --token needs it on the WebSocket URL (browsers cannot set headers on a WebSocket).
    const token = accessToken();
    const wsUrl = token ? `${baseWsUrl}?token=${encodeURIComponent(token)}` : baseWsUrl;
    this.feed = new FeedConnection(wsUrl, {
      onMessage: (message) => this.receive(message),
      onState: (state, detail) => {
        this.connection = state;
        this.retryInMs = detail.retryInMs ?? null;
      },
    });
  }

  static pageWebSocketUrl(): string {
    return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  }

  start(): void {
    this.feed.start();
    this.rateTimer = setInterval(() => this.store.sampleRate(), 500);
  }

  stop(): void {
    this.feed.stop();
    clearInterval(this.rateTimer);
  }

  /** True when what is on screen may no longer be current: not connected, nothing heard for STALE_AFTER_MS, or the server says so. */
  isStale(now: number): boolean {
    return this.connection !== 'open' || now - this.lastMessageAt > STALE_AFTER_MS || this.serverStale !== null;
  }

  /** Sends if connected; false otherwise (subscriptions are restored on the next hello anyway). */
  send(message: ClientMessage): boolean {
    return this.feed.send(message);
  }

  /**
   * Asks for bars; `onBars` gets the answer unless the connection or the
   * epoch changes first (then ask again: store.connectionCount and
   * store.epoch say when). Returns a cancel.
   */
  requestHistory(query: Omit<HistoryMessage, 'type' | 'id'>, onBars: (bars: BarsMessage) => void): () => void {
    const id = `h${++this.historyRequests}`;
    const cancel = this.store.expectHistory(id, onBars);
    if (!this.feed.send({ type: 'history', id, ...query })) cancel();
    return cancel;
  }

  private receive(message: ServerMessage): void {
    this.lastMessageAt = Date.now();
    switch (message.type) {
      case 'hello': {
        this.serverStale = null;
        const followed = this.store.epoch;
        this.store.applyHello(message);
        if (followed !== null && message.mode === 'live' && message.epoch !== followed) this.hooks.onFeedRestarted?.();
        this.feed.setHeartbeat(message.heartbeatMs);
        this.feed.setBinaryDecoder(serverFrameDecoder(message.symbols));
        const { symbols, withSession } = this.hooks.symbolsToSubscribe();
        const { epoch, lastSeq } = this.store;
        if (symbols.length === 0) break;
        const sessions = withSession ?? symbols;
        const history = sessions.length === 0 ? undefined : { interval: this.store.sessionInterval, ...(withSession ? { symbols: sessions } : {}) };
        // After a drop, ask for exactly what was missed; the server says if it could not (and then resends the sessions).
        if (epoch !== null && lastSeq !== null) this.feed.send({ type: 'resume', epoch, seq: lastSeq, symbols, ...(history ? { history } : {}) });
        else this.feed.send({ type: 'subscribe', symbols, ...(history ? { history } : {}) });
        break;
      }
      case 'resumed':
        break;
      case 'bars':
        this.store.applyBars(message);
        break;
      case 'snapshot':
        this.store.applySnapshot(message);
        break;
      case 'ticks':
        this.store.applyTicks(message);
        break;
      case 'replay':
        this.store.applyReplayStatus(message);
        break;
      case 'error':
        this.hooks.onError?.(message);
        break;
      case 'heartbeat':
        this.serverStale = message.stale ?? null;
        break;
    }
  }
}
