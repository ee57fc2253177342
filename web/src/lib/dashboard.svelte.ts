import type { ControlMessage } from '../../../shared/protocol.ts';
import type { ConnectionState } from './feed-connection.ts';
import { display } from './display.svelte.ts';
import { FeedClient, type Watched } from './feed-client.svelte.ts';
import type { MarketStore } from './market-store.svelte.ts';
import { parseSymbolList } from '../../../shared/symbol.ts';
import { nextSort, SORT_KEYS, sortedWatchlist, type SortKey, type WatchlistSort } from './watchlist-sort.ts';
import { MAX_WATCHLIST, RANGE_INTERVAL, readViewState, writeViewState, type ChartInterval, type ChartRange } from './view-url.ts';

const WATCHLIST_KEY = 'tickwall.watchlist';
const SORT_KEY = 'tickwall.sort';

function savedSort(): WatchlistSort | null {
  try {
    const saved = JSON.parse(localStorage.getItem(SORT_KEY) ?? 'null') as Partial<WatchlistSort> | null;
    return saved && (SORT_KEYS as readonly string[]).includes(saved.key ?? '') ? { key: saved.key!, descending: saved.descending === true } : null;
  } catch {
    return null;
  }
}

/** The watchlist this browser kept (bounded, cleaned like a URL's), or null. Storage may be off (private mode): then nothing is kept. */
function savedWatchlist(): string[] | null {
  try {
    const saved = localStorage.getItem(WATCHLIST_KEY);
    return saved === null ? null : parseSymbolList(saved, MAX_WATCHLIST);
  } catch {
    return null;
  }
}

function saveWatchlist(symbols: readonly string[]): void {
  try {
    localStorage.setItem(WATCHLIST_KEY, symbols.join(','));
  } catch {
    // Nothing kept; the URL still carries the list.
  }
}

/** Shown when the URL names no watchlist: the most-watched large caps that the feed carries. */
const DEFAULT_WATCHLIST = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL', 'META', 'TSLA', 'AVGO', 'JPM', 'BAC', 'V', 'LLY', 'UNH', 'XOM', 'WMT', 'KO'];
const MAX_NOTICES = 3;
const NOTICE_LIFETIME_MS = 8000;

export interface Notice {
  id: number;
  text: string;
}

/**
 * The dashboard's state and actions, free of any component: the feed
 * feed client, the watchlist (kept in the URL), the selection and user notices.
 */
export class Dashboard {
  readonly feed: FeedClient;
  watchlist = $state<string[]>([]);
  selected = $state<string | null>(null);
  chartInterval = $state<ChartInterval>('5m');
  chartRange = $state<ChartRange | null>(null);
  notices = $state<Notice[]>([]);
  /** A column sort, kept in the browser; null is the user's own order. */
  sort = $state<WatchlistSort | null>(savedSort());

  /** The watchlist as shown: sorted by the chosen column as prices move, or in the user's order. */
  get displayed(): string[] {
    return sortedWatchlist(this.watchlist, this.sort, (symbol) => this.store.quote(symbol));
  }

  sortBy(key: SortKey): void {
    this.sort = nextSort(this.sort, key);
    try {
      localStorage.setItem(SORT_KEY, JSON.stringify(this.sort));
    } catch {
      // Not kept; the sort still applies now.
    }
  }

  private requestedSymbols: string[] | null;
  private noticeSeq = 0;

  constructor(baseWsUrl: string) {
    const view = readViewState(location.search);
    // A shared link says exactly what to show; otherwise the list this browser kept last time.
    this.requestedSymbols = view.symbols ?? savedWatchlist();
    this.selected = view.selected;
    this.chartInterval = view.interval;
    this.chartRange = view.range;
    this.feed = new FeedClient(baseWsUrl, {
      symbolsToSubscribe: () => this.restoreWatchlist(),
      onError: (error) => this.notify(error.message),
      onFeedRestarted: () => this.notify('The feed restarted: a new session began, so prices, volume and charts start over from it.'),
    });
    if (display.localeProblem) this.notify(display.localeProblem);
  }

  get store(): MarketStore {
    return this.feed.store;
  }

  get connection(): ConnectionState {
    return this.feed.connection;
  }

  get retryInMs(): number | null {
    return this.feed.retryInMs;
  }

  start(): void {
    this.feed.start();
  }

  stop(): void {
    this.feed.stop();
  }

  isStale(now: number): boolean {
    return this.feed.isStale(now);
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
      this.feed.send({ type: 'subscribe', symbols: [upper], history: { interval: this.store.sessionInterval } });
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

  /** The row above or below the selected one (the keyboard's arrows); it is charted at once. */
  moveSelection(delta: number): void {
    const shown = this.displayed;
    if (shown.length === 0) return;
    const index = this.selected === null ? -1 : shown.indexOf(this.selected);
    const next = Math.max(0, Math.min(shown.length - 1, index === -1 ? 0 : index + delta));
    this.select(shown[next]!);
  }

  /** What the keys do, as a notice ("?"). */
  showKeys(): void {
    this.notify('Keys: / search · ↑ ↓ move through the watchlist (the chart follows) · Delete removes the selected symbol · Esc closes a popup · in replay: space plays or pauses, ← → seek, + − speed');
  }

  setInterval(interval: ChartInterval): void {
    this.chartInterval = interval;
    this.chartRange = null;
    this.saveView();
  }

  /** A range: the bars of that span at the interval that suits it (1D at 5 min, 5D at 15 min, longer ones daily). */
  setRange(range: ChartRange): void {
    this.chartRange = range;
    this.chartInterval = RANGE_INTERVAL[range];
    this.saveView();
  }

  /** Steers the shared replay clock (the server validates and may refuse). */
  control(message: ControlMessage): void {
    if (!this.feed.send(message)) this.notify('Not connected: the replay cannot be controlled right now.');
  }

  dismissNotice(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
  }

  /** On every (re)connect: keep the symbols the feed knows; the session subscribes or resumes them. */
  private restoreWatchlist(): Watched {
    const wanted = this.requestedSymbols ?? (this.watchlist.length > 0 ? this.watchlist : this.defaultWatchlist());
    this.requestedSymbols = null;
    const known = wanted.filter((s) => this.store.isKnown(s));
    const unknown = wanted.filter((s) => !this.store.isKnown(s));
    if (unknown.length > 0) this.notify(`Not in this feed, removed from the watchlist: ${unknown.join(', ')}`);
    for (const symbol of known) this.store.quote(symbol);
    this.watchlist = known;
    if (!this.selected || !known.includes(this.selected)) this.selected = known[0] ?? null;
    this.saveView();
    return { symbols: known };
  }

  private defaultWatchlist(): string[] {
    const universe = this.store.universe.map((s) => s.symbol);
    const preferred = DEFAULT_WATCHLIST.filter((s) => this.store.isKnown(s));
    return preferred.length >= 8 ? preferred : universe.slice(0, DEFAULT_WATCHLIST.length);
  }

  private saveView(): void {
    saveWatchlist(this.watchlist);
    const search = writeViewState({ symbols: this.watchlist, selected: this.selected, interval: this.chartInterval, range: this.chartRange }, location.search);
    if (search !== location.search) history.replaceState(null, '', `${location.pathname}${search}${location.hash}`);
  }

  private notify(text: string): void {
    const notice = { id: ++this.noticeSeq, text };
    this.notices = [...this.notices.slice(-(MAX_NOTICES - 1)), notice];
    setTimeout(() => this.dismissNotice(notice.id), NOTICE_LIFETIME_MS);
  }
}
