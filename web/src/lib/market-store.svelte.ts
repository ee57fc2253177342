import type { BarsMessage, FeedMode, HelloMessage, ReplayStatusMessage, SnapshotMessage, SymbolMeta, TicksMessage, TimeRange } from '../../../shared/protocol.ts';
import type { BarInterval } from '../../../shared/bars/bar-interval.ts';
import type { CalendarId } from '../../../shared/market-calendar.ts';
import { QuoteModel } from './quote-model.svelte.ts';
import { RateMeter } from './rate-meter.ts';
import { replayPosition } from './replay-clock.ts';

type UpdateListener = (symbol: string) => void;
type BarsHandler = (bars: BarsMessage) => void;

/** History requests awaiting their answer; a newer one beyond this cancels the oldest (a chart only wants its latest). */
const MAX_PENDING_HISTORY = 8;

/**
 * Everything the dashboard knows about the market. Models exist only for
 * symbols the user watches (bounded by the watchlist limit); the universe
 * metadata is bounded by the feed's hello.
 */
export class MarketStore {
  universe = $state.raw<readonly SymbolMeta[]>([]);
  mode = $state<FeedMode>('live');
  timeZone = $state('America/New_York');
  /** The exchange calendar of the feed's market: crypto's when every symbol trades 24x7, else US equities'. */
  calendarId = $state<CalendarId>('us-equity');
  /** Epoch of the data held (not necessarily the server's, until a resume or snapshot says). */
  epoch = $state<string | null>(null);
  /** Seq of the last batch or snapshot applied: where a resume picks up. */
  lastSeq: number | null = null;
  /** When a conflated snapshot last arrived: the UI says so for a moment. */
  conflatedAt = $state<number | null>(null);
  lastUpdate = $state<number | null>(null);
  ticksPerSecond = $state(0);
  /** Time of the newest tick received: the market clock, which in replay is the recording's. */
  latestTickTime = $state<number | null>(null);
  /** Replay only: the recording's range and the shared replay clock, with when it was received. */
  range = $state.raw<TimeRange | null>(null);
  replay = $state.raw<ReplayStatusMessage | null>(null);
  replayReceivedAt = 0;
  /** The feed's clock less this page's, from hello: a simulated market may run at another date (--start). */
  clockOffsetMs = $state(0);
  /** Bumped by every hello: requests sent on an earlier connection will never be answered. */
  connectionCount = $state(0);

  private readonly models = new Map<string, QuoteModel>();
  /** Derived, so anything that looked a symbol up re-runs when a hello changes the universe. */
  private readonly metaBySymbol = $derived(new Map(this.universe.map((s) => [s.symbol, s])));
  private readonly rate = new RateMeter();
  private readonly listeners = new Map<string, Set<UpdateListener>>();
  private readonly pendingHistory = new Map<string, BarsHandler>();

  /** `sessionInterval`: the bars each watched symbol's session arrives in (the subscribe asks for it). */
  constructor(readonly sessionInterval: BarInterval = '5m') {}

  meta(symbol: string): SymbolMeta | undefined {
    return this.metaBySymbol.get(symbol);
  }

  isKnown(symbol: string): boolean {
    return this.metaBySymbol.has(symbol);
  }

  /**
   * The model for a watched symbol, created on first use, keeping the
   * session's bars unless `withSession` is false (a heatmap cell draws none).
   */
  quote(symbol: string, withSession = true): QuoteModel | undefined {
    let model = this.models.get(symbol);
    if (!model) {
      const meta = this.metaBySymbol.get(symbol);
      if (!meta) return undefined;
      model = new QuoteModel(meta, withSession ? this.sessionInterval : null);
      this.models.set(symbol, model);
    }
    return model;
  }

  /** Frees a symbol's state when it leaves the watchlist. */
  forget(symbol: string): void {
    this.models.delete(symbol);
  }

  /** Called once per batch that carried ticks for `symbol`, after the batch is applied, and after its session bars are loaded. */
  onUpdate(symbol: string, listener: UpdateListener): () => void {
    let set = this.listeners.get(symbol);
    if (!set) this.listeners.set(symbol, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(symbol);
    };
  }

  applyHello(hello: HelloMessage, receivedAt = Date.now()): void {
    this.pendingHistory.clear();
    this.connectionCount++;
    this.clockOffsetMs = hello.serverTime - receivedAt;
    this.mode = hello.mode;
    this.range = hello.range ?? null;
    if (hello.mode !== 'replay') this.replay = null;
    this.timeZone = hello.timeZone;
    this.calendarId = hello.symbols.length > 0 && hello.symbols.every((s) => s.calendar === '24x7') ? '24x7' : 'us-equity';
    this.universe = hello.symbols;
    for (const symbol of [...this.models.keys()]) if (!this.metaBySymbol.has(symbol)) this.models.delete(symbol);
  }

  applySnapshot(snapshot: SnapshotMessage): void {
    this.enterEpoch(snapshot.epoch);
    for (const quote of snapshot.quotes) this.models.get(quote.symbol)?.applySnapshot(quote);
    this.lastSeq = snapshot.seq;
    this.lastUpdate = Date.now();
    if (snapshot.conflated) this.conflatedAt = this.lastUpdate;
  }

  /** Waits for the answer to history request `id`; the oldest waiting request is dropped beyond MAX_PENDING_HISTORY. */
  expectHistory(id: string, handler: BarsHandler): () => void {
    if (this.pendingHistory.size >= MAX_PENDING_HISTORY) this.pendingHistory.delete(this.pendingHistory.keys().next().value!);
    this.pendingHistory.set(id, handler);
    return () => this.pendingHistory.delete(id);
  }

  /** A session (no id) loads into the symbols' models; an answer goes to whoever asked. Either is for the current epoch only. */
  applyBars(bars: BarsMessage): void {
    if (bars.epoch !== this.epoch) return;
    if (bars.id !== undefined) {
      const handler = this.pendingHistory.get(bars.id);
      this.pendingHistory.delete(bars.id);
      return handler?.(bars);
    }
    for (const { symbol, bars: columns } of bars.series) {
      const session = this.models.get(symbol)?.session;
      if (!session || session.interval !== bars.interval) continue;
      session.load(columns);
      this.listeners.get(symbol)?.forEach((listener) => listener(symbol));
    }
  }

  applyTicks(batch: TicksMessage): void {
    if (batch.epoch !== this.epoch) return;
    this.lastSeq = batch.seq;
    const touched = new Set<string>();
    for (const tick of batch.ticks) {
      const model = this.models.get(tick.symbol);
      if (!model) continue;
      model.applyTick(tick);
      touched.add(tick.symbol);
    }
    const now = Date.now();
    this.latestTickTime = batch.ticks[batch.ticks.length - 1]!.time;
    this.rate.add(batch.ticks.length, now);
    this.lastUpdate = now;
    for (const symbol of touched) this.listeners.get(symbol)?.forEach((listener) => listener(symbol));
  }

  /** The market's clock: the replayed time in replay, so a replay never passes for live; else the feed's clock. */
  marketTime(now: number): number {
    return this.mode === 'replay' && this.replay ? replayPosition(this.replay, this.replayReceivedAt, now, this.latestTickTime) : now + this.clockOffsetMs;
  }

  applyReplayStatus(status: ReplayStatusMessage): void {
    this.replay = status;
    this.replayReceivedAt = Date.now();
  }

  /**
   * A different stream (a seek or loop in replay, a restarted feed live):
   * everything starts afresh from its snapshot and session bars, which the
   * feed sends for every new epoch. Answers still pending were for the old one.
   */
  private enterEpoch(epoch: string): void {
    if (epoch === this.epoch) return;
    if (this.epoch !== null) {
      for (const model of this.models.values()) model.reset();
      this.latestTickTime = null;
      this.pendingHistory.clear();
    }
    this.epoch = epoch;
  }

  /** Refreshes the displayed rate; called on a timer, not per batch. */
  sampleRate(now = Date.now()): void {
    this.ticksPerSecond = this.rate.perSecond(now);
  }
}
