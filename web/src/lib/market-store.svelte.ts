import type { FeedMode, HelloMessage, ReplayStatusMessage, ResumedMessage, SnapshotMessage, SymbolMeta, TicksMessage, TimeRange } from '../../../shared/protocol.ts';
import type { CalendarId } from '../../../shared/market-calendar.ts';
import { QuoteModel } from './quote-model.svelte.ts';
import { RateMeter } from './rate-meter.ts';
import { replayPosition } from './replay-clock.ts';

type TickListener = (symbol: string) => void;

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

  private readonly models = new Map<string, QuoteModel>();
  /** Derived, so anything that looked a symbol up re-runs when a hello changes the universe. */
  private readonly metaBySymbol = $derived(new Map(this.universe.map((s) => [s.symbol, s])));
  private readonly rate = new RateMeter();
  private readonly listeners = new Map<string, Set<TickListener>>();

  meta(symbol: string): SymbolMeta | undefined {
    return this.metaBySymbol.get(symbol);
  }

  isKnown(symbol: string): boolean {
    return this.metaBySymbol.has(symbol);
  }

  /**
   * The model for a watched symbol, created on first use with room for
   * `historyCapacity` points (a heatmap cell needs almost none, a chart many).
   */
  quote(symbol: string, historyCapacity?: number): QuoteModel | undefined {
    let model = this.models.get(symbol);
    if (!model) {
      const meta = this.metaBySymbol.get(symbol);
      if (!meta) return undefined;
      model = new QuoteModel(meta, historyCapacity);
      this.models.set(symbol, model);
    }
    return model;
  }

  /** Frees a symbol's state when it leaves the watchlist. */
  forget(symbol: string): void {
    this.models.delete(symbol);
  }

  /** Called once per batch that carried ticks for `symbol`, after the batch is applied. */
  onTicks(symbol: string, listener: TickListener): () => void {
    let set = this.listeners.get(symbol);
    if (!set) this.listeners.set(symbol, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(symbol);
    };
  }

  applyHello(hello: HelloMessage, receivedAt = Date.now()): void {
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

  /** A resume that could not be recovered leaves a hole: show it as a break, not a straight line. */
  applyResumed(resumed: ResumedMessage): void {
    if (!resumed.recovered) for (const model of this.models.values()) model.history.breakLine();
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
   * A different stream. In replay (a seek or loop) the views start afresh at
   * the new position; live (the feed restarted) the charts keep their
   * history with a visible break where the streams meet.
   */
  private enterEpoch(epoch: string): void {
    if (epoch === this.epoch) return;
    if (this.epoch !== null) {
      for (const model of this.models.values()) {
        if (this.mode === 'replay') model.reset();
        else model.history.breakLine();
      }
      if (this.mode === 'replay') this.latestTickTime = null;
    }
    this.epoch = epoch;
  }

  /** Refreshes the displayed rate; called on a timer, not per batch. */
  sampleRate(now = Date.now()): void {
    this.ticksPerSecond = this.rate.perSecond(now);
  }
}
