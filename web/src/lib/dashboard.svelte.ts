import type { ControlMessage, ServerMessage } from '../../../shared/protocol.ts';
import { FeedConnection, type ConnectionState } from './feed-connection.ts';
import { MarketStore } from './market-store.svelte.ts';
import { MAX_WATCHLIST, readViewState, writeViewState, type ChartWindow } from './view-url.ts';

/** Shown when the URL names no watchlist: the most-watched large caps that the feed carries. */
const DEFAULT_WATCHLIST = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL', 'META', 'TSLA', 'AVGO', 'JPM', 'BAC', 'V', 'LLY', 'UNH', 'XOM', 'WMT', 'KO'];
const MAX_NOTICES = 3;
/** No message for this long (heartbeats included) and the views say STALE. */
export const STALE_AFTER_MS = 5000;
const NOTICE_LIFETIME_MS = 8000;

export interface Notice {
  id: number;
  text: string;
}

/**
 * The dashboard's state and actions, free of any component: the connection,
 * the market store, the watchlist (kept in the URL) and user notices.
 */
export class Dashboard {
  readonly store = new MarketStore();
  connection = $state<ConnectionState>('connecting');
  retryInMs = $state<number | null>(null);
  watchlist = $state<string[]>([]);
  selected = $state<string | null>(null);
  chartWindow = $state<ChartWindow>('5m');
  notices = $state<Notice[]>([]);
  /** When anything last arrived from the server (heartbeats included). */
  lastMessageAt = $state(Date.now());

  private readonly feed: FeedConnection;
  private requestedSymbols: string[] | null;
  private noticeSeq = 0;
  private rateTimer: ReturnType<typeof setInterval> | undefined;

  constructor(baseWsUrl: string) {
    const view = readViewState(location.search);
    this.requestedSymbols = view.symbols;
    this.selected = view.selected;
    this.chartWindow = view.window;
    // A feed started with --token needs it on the WebSocket URL; the page takes it from its own.
    const token = new URLSearchParams(location.search).get('token');
    const wsUrl = token ? `${baseWsUrl}?token=${encodeURIComponent(token)}` : baseWsUrl;
    this.feed = new FeedConnection(wsUrl, {
      onMessage: (message) => this.receive(message),
      onState: (state, detail) => {
        this.connection = state;
        this.retryInMs = detail.retryInMs ?? null;
      },
    });
  }

  start(): void {
    this.feed.start();
    this.rateTimer = setInterval(() => this.store.sampleRate(), 500);
  }

  stop(): void {
    this.feed.stop();
    clearInterval(this.rateTimer);
  }

  /** True when what is on screen may no longer be current: not connected, or nothing heard for STALE_AFTER_MS. */
  isStale(now: number): boolean {
    return this.connection !== 'open' || now - this.lastMessageAt > STALE_AFTER_MS;
  }

  add(symbol: string): boolean {
    const upper = symbol.trim().toUpperCase();
    if (!this.store.isKnown(upper)) {
      this.notify(`${upper || 'That'} is not in this feed's universe.`);
      return false;
    }
    if (!this.watchlist.includes(upper)) {
      if (this.watchlist.length >= MAX_WATCHLIST) {
        this.notify(`The watchlist holds at most ${MAX_WATCHLIST} symbols.`);
        return false;
      }
      this.store.quote(upper);
      this.watchlist.push(upper);
      this.feed.send({ type: 'subscribe', symbols: [upper] });
    }
    this.select(upper);
    return true;
  }

  remove(symbol: string): void {
    const index = this.watchlist.indexOf(symbol);
    if (index < 0) return;
    this.watchlist.splice(index, 1);
    this.feed.send({ type: 'unsubscribe', symbols: [symbol] });
    this.store.forget(symbol);
    if (this.selected === symbol) this.selected = this.watchlist[Math.min(index, this.watchlist.length - 1)] ?? null;
    this.saveView();
  }

  select(symbol: string): void {
    this.selected = symbol;
    this.saveView();
  }

  setWindow(window: ChartWindow): void {
    this.chartWindow = window;
    this.saveView();
  }

  /** Steers the shared replay clock (the server validates and may refuse). */
  control(message: ControlMessage): void {
    if (!this.feed.send(message)) this.notify('Not connected: the replay cannot be controlled right now.');
  }

  dismissNotice(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
  }

  private receive(message: ServerMessage): void {
    this.lastMessageAt = Date.now();
    switch (message.type) {
      case 'hello':
        this.store.applyHello(message);
        this.feed.setHeartbeat(message.heartbeatMs);
        this.restoreWatchlist();
        break;
      case 'resumed':
        this.store.applyResumed(message);
        break;
      case 'heartbeat':
        break;
      case 'snapshot':
        this.store.applySnapshot(message);
        break;
      case 'ticks':
        this.store.applyTicks(message);
        break;
      case 'error':
        this.notify(message.message);
        break;
      case 'replay':
        this.store.applyReplayStatus(message);
        break;
    }
  }

  /** On every (re)connect: keep the symbols the feed knows, and subscribe to them. */
  private restoreWatchlist(): void {
    const wanted = this.requestedSymbols ?? (this.watchlist.length > 0 ? this.watchlist : this.defaultWatchlist());
    this.requestedSymbols = null;
    const known = wanted.filter((s) => this.store.isKnown(s));
    const unknown = wanted.filter((s) => !this.store.isKnown(s));
    if (unknown.length > 0) this.notify(`Not in this feed, removed from the watchlist: ${unknown.join(', ')}`);
    for (const symbol of known) this.store.quote(symbol);
    this.watchlist = known;
    const { epoch, lastSeq } = this.store;
    // After a drop, ask for exactly what was missed; the server says if it could not.
    if (known.length > 0 && epoch !== null && lastSeq !== null) this.feed.send({ type: 'resume', epoch, seq: lastSeq, symbols: known });
    else if (known.length > 0) this.feed.send({ type: 'subscribe', symbols: known });
    if (!this.selected || !known.includes(this.selected)) this.selected = known[0] ?? null;
    this.saveView();
  }

  private defaultWatchlist(): string[] {
    const universe = this.store.universe.map((s) => s.symbol);
    const preferred = DEFAULT_WATCHLIST.filter((s) => this.store.isKnown(s));
    return preferred.length >= 8 ? preferred : universe.slice(0, DEFAULT_WATCHLIST.length);
  }

  private saveView(): void {
    const search = writeViewState({ symbols: this.watchlist, selected: this.selected, window: this.chartWindow }, location.search);
    if (search !== location.search) history.replaceState(null, '', `${location.pathname}${search}${location.hash}`);
  }

  private notify(text: string): void {
    const notice = { id: ++this.noticeSeq, text };
    this.notices = [...this.notices.slice(-(MAX_NOTICES - 1)), notice];
    setTimeout(() => this.dismissNotice(notice.id), NOTICE_LIFETIME_MS);
  }
}
