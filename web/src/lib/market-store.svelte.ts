import type { FeedMode, HelloMessage, SnapshotMessage, SymbolMeta, TicksMessage } from '../../../shared/protocol.ts';
import { QuoteModel } from './quote-model.svelte.ts';
import { RateMeter } from './rate-meter.ts';

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
  epoch = $state<string | null>(null);
  lastUpdate = $state<number | null>(null);
  ticksPerSecond = $state(0);

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

  /** The model for a watched symbol, created on first use. */
  quote(symbol: string): QuoteModel | undefined {
    let model = this.models.get(symbol);
    if (!model) {
      const meta = this.metaBySymbol.get(symbol);
      if (!meta) return undefined;
      model = new QuoteModel(meta);
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

  applyHello(hello: HelloMessage): void {
    if (this.epoch !== null && hello.epoch !== this.epoch) {
      // A new stream: history from the old one must not be joined to it.
      for (const model of this.models.values()) model.history.clear();
    }
    this.epoch = hello.epoch;
    this.mode = hello.mode;
    this.timeZone = hello.timeZone;
    this.universe = hello.symbols;
    for (const symbol of [...this.models.keys()]) if (!this.metaBySymbol.has(symbol)) this.models.delete(symbol);
  }

  applySnapshot(snapshot: SnapshotMessage): void {
    for (const quote of snapshot.quotes) this.models.get(quote.symbol)?.applySnapshot(quote);
    this.lastUpdate = Date.now();
  }

  applyTicks(batch: TicksMessage): void {
    if (batch.epoch !== this.epoch) return;
    const touched = new Set<string>();
    for (const tick of batch.ticks) {
      const model = this.models.get(tick.symbol);
      if (!model) continue;
      model.applyTick(tick);
      touched.add(tick.symbol);
    }
    const now = Date.now();
    this.rate.add(batch.ticks.length, now);
    this.lastUpdate = now;
    for (const symbol of touched) this.listeners.get(symbol)?.forEach((listener) => listener(symbol));
  }

  /** Refreshes the displayed rate; called on a timer, not per batch. */
  sampleRate(now = Date.now()): void {
    this.ticksPerSecond = this.rate.perSecond(now);
  }
}
