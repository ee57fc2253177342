import type { ControlMessage } from '../../../shared/protocol.ts';
import { Alerts } from './alerts.svelte.ts';
import type { ConnectionState } from './feed-connection.ts';
import { display } from './display.svelte.ts';
import { FeedClient, type Watched } from './feed-client.svelte.ts';
import type { MarketStore } from './market-store.svelte.ts';
import { parseSymbolList } from '../../../shared/symbol.ts';
import { nextSort, SORT_KEYS, sortedWatchlist, type SortKey, type WatchlistSort } from './watchlist-sort.ts';
import { addList, deleteList, listShowing, moveSymbol, parseStoredLists, renameList, serializeLists, startingLists, type ListResult, type Watchlists } from './watchlists.ts';
import { MAX_WATCHLIST, RANGE_INTERVAL, readViewState, writeViewState, type ChartInterval, type ChartRange } from './view-url.ts';

/** Round 1 kept one list as "A,B,C" here; it becomes the first named list. */
const OLD_WATCHLIST_KEY = 'tickwall.watchlist';
const LISTS_KEY = 'tickwall.watchlists';
const SORT_KEY = 'tickwall.sort';

function savedSort(): WatchlistSort | null {
  try {
    const saved = JSON.parse(localStorage.getItem(SORT_KEY) ?? 'null') as Partial<WatchlistSort> | null;
    return saved && (SORT_KEYS as readonly string[]).includes(saved.key ?? '') ? { key: saved.key!, descending: saved.descending === true } : null;
  } catch {
    return null;
  }
}

/** The named lists this browser kept (bounded, cleaned like a URL's), or null. Storage may be off (private mode): then nothing is kept. */
function savedLists(): Watchlists | null {
  try {
    const lists = parseStoredLists(localStorage.getItem(LISTS_KEY), MAX_WATCHLIST);
    if (lists) return lists;
    const old = localStorage.getItem(OLD_WATCHLIST_KEY);
    return old === null ? null : startingLists(parseSymbolList(old, MAX_WATCHLIST));
  } catch {
    return null;
  }
}

function saveLists(lists: Watchlists): void {
  try {
    localStorage.setItem(LISTS_KEY, serializeLists(lists));
    localStorage.removeItem(OLD_WATCHLIST_KEY);
  } catch {
    // Nothing kept; the URL still carries the list shown.
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
  /** Price alerts, checked as the store's quotes move; a firing is a notice here. */
  readonly alerts: Alerts;
  watchlist = $state<string[]>([]);
  selected = $state<string | null>(null);
  chartInterval = $state<ChartInterval>('5m');
  chartRange = $state<ChartRange | null>(null);
  notices = $state<Notice[]>([]);
  /** A column sort, kept in the browser; null is the user's own order. */
  sort = $state<WatchlistSort | null>(savedSort());
  /** The user's named lists; `watchlist` is the active one's symbols, unless a link showed others (`shared`). */
  lists = $state<Watchlists>(startingLists([]));
  /** True while the watchlist is a link's, not one of the saved lists: it is not written into them until saved. */
  shared = $state(false);

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
    const kept = savedLists();
    if (kept) this.lists = kept;
    // A shared link says exactly what to show: one of the user's lists if it is one, else a view of its own.
    // Otherwise the list this browser showed last time (the defaults on a first visit).
    const linked = view.symbols === null ? -1 : listShowing(this.lists, view.symbols);
    if (linked >= 0) this.lists.active = linked;
    this.shared = view.symbols !== null && linked < 0 && kept !== null;
    this.requestedSymbols = view.symbols ?? (kept ? this.lists.lists[this.lists.active]!.symbols : null);
    this.selected = view.selected;
    this.chartInterval = view.interval;
    this.chartRange = view.range;
    this.feed = new FeedClient(baseWsUrl, {
      symbolsToSubscribe: () => this.restoreWatchlist(),
      onError: (error) => this.notify(error.message),
      onFeedRestarted: () => this.notify('The feed restarted: a new session began, so prices, volume and charts start over from it.'),
    });
    this.alerts = new Alerts(this.feed.store, (text) => this.notify(text));
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

  /** Moves a symbol within the user's own order (drag and drop, or Alt+arrows); a column sort is left first. */
  move(symbol: string, toIndex: number): void {
    const from = this.watchlist.indexOf(symbol);
    if (from < 0) return;
    this.watchlist = moveSymbol(this.watchlist, from, Math.max(0, Math.min(this.watchlist.length - 1, toIndex)));
    this.saveView();
  }

  /** Alt+arrows: the selected symbol one place up or down in the user's own order (a column sort is turned off first, with a word). */
  moveSelected(delta: number): void {
    if (!this.selected) return;
    if (this.sort) {
      this.sort = null;
      try {
        localStorage.removeItem(SORT_KEY);
      } catch {
        // Storage off: the sort was not kept either.
      }
      this.notify('Column sort off: rows are in your own order, to move them.');
    }
    this.move(this.selected, this.watchlist.indexOf(this.selected) + delta);
  }

  /** Shows another saved list: subscribes what it adds, unsubscribes what it drops. */
  showList(index: number): void {
    const list = this.lists.lists[index];
    if (!list || (index === this.lists.active && !this.shared)) return;
    this.lists.active = index;
    this.shared = false;
    this.showSymbols(list.symbols);
  }

  newList(name: string): string | null {
    const result = addList(this.lists, name);
    if (!result.ok) return result.problem;
    this.lists = result.lists;
    this.shared = false;
    this.showSymbols([]);
    return null;
  }

  /** A link's watchlist becomes a saved list of its own. */
  saveSharedAs(name: string): string | null {
    return this.applyLists(addList(this.lists, name, this.watchlist), () => (this.shared = false));
  }

  renameList(name: string): string | null {
    return this.applyLists(renameList(this.lists, this.lists.active, name));
  }

  deleteList(): string | null {
    const result = deleteList(this.lists, this.lists.active);
    if (!result.ok) return result.problem;
    this.lists = result.lists;
    this.shared = false;
    this.showSymbols(this.lists.lists[this.lists.active]!.symbols);
    return null;
  }

  private applyLists(result: ListResult, then?: () => void): string | null {
    if (!result.ok) return result.problem;
    this.lists = result.lists;
    then?.();
    this.saveView();
    return null;
  }

  /** The watchlist becomes these symbols (those the feed carries): one unsubscribe and one subscribe for the difference. */
  private showSymbols(symbols: readonly string[]): void {
    const next = symbols.filter((s) => this.store.isKnown(s));
    const unknown = symbols.filter((s) => !this.store.isKnown(s));
    if (unknown.length > 0) this.notify(`Not in this feed, left out: ${unknown.join(', ')}`);
    const dropped = this.watchlist.filter((s) => !next.includes(s));
    const added = next.filter((s) => !this.watchlist.includes(s));
    if (dropped.length > 0) this.feed.send({ type: 'unsubscribe', symbols: dropped });
    for (const symbol of dropped) this.store.forget(symbol);
    for (const symbol of added) this.store.quote(symbol);
    if (added.length > 0) this.feed.send({ type: 'subscribe', symbols: added, history: { interval: this.store.sessionInterval } });
    this.watchlist = next;
    if (!this.selected || !next.includes(this.selected)) this.selected = next[0] ?? null;
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
    this.notify('Keys: / search · ↑ ↓ move through the watchlist (the chart follows) · Alt+↑ ↓ move the selected symbol in the list · Delete removes the selected symbol · Esc closes a popup · in replay: space plays or pauses, ← → seek, + − speed');
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
    if (!this.shared) {
      const active = this.lists.lists[this.lists.active]!;
      if (active.symbols.join() !== this.watchlist.join()) this.lists.lists[this.lists.active] = { ...active, symbols: [...this.watchlist] };
      saveLists(this.lists);
    }
    const search = writeViewState({ symbols: this.watchlist, selected: this.selected, interval: this.chartInterval, range: this.chartRange }, location.search);
    if (search !== location.search) history.replaceState(null, '', `${location.pathname}${search}${location.hash}`);
  }

  private notify(text: string): void {
    const notice = { id: ++this.noticeSeq, text };
    this.notices = [...this.notices.slice(-(MAX_NOTICES - 1)), notice];
    setTimeout(() => this.dismissNotice(notice.id), NOTICE_LIFETIME_MS);
  }
}
