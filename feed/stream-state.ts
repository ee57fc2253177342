import { DEFAULT_HISTORY_LIMITS, SymbolBars, type HistoryLimits, type SymbolHistory } from '../shared/bars/symbol-bars.ts';
import { instrumentOf } from '../shared/instrument.ts';
import { calendarFor } from '../shared/market-calendar.ts';
import type { Quote, SymbolMeta, Tick } from '../shared/protocol.ts';
import { DayState } from './day-state.ts';

/** Every symbol's stored bars, by symbol: what a stream starts from besides its quotes. */
export type StreamHistory = ReadonlyMap<string, SymbolHistory>;

/**
 * Everything a stream's prints determine, per symbol: the quote with the
 * day's statistics (DayState) and the bars (SymbolBars). Derived only from
 * a start and the batches after it, so every holder (an edge, the in-process
 * bus, a replay's seek) computes the same thing.
 */
export class StreamState {
  readonly day: DayState;
  private readonly bars = new Map<string, SymbolBars>();

  constructor(
    readonly symbols: readonly SymbolMeta[],
    limits: HistoryLimits = DEFAULT_HISTORY_LIMITS,
  ) {
    this.day = new DayState(symbols);
    for (const meta of symbols) this.bars.set(meta.symbol, new SymbolBars(calendarFor(instrumentOf(meta).calendar), limits));
  }

  apply(ticks: readonly Tick[]): void {
    this.day.apply(ticks);
    for (const tick of ticks) this.bars.get(tick.symbol)?.apply(tick);
  }

  /** Starts over from quotes and history (a stream's start or a new epoch); symbols without history start with none. */
  load(quotes: readonly Quote[], history: StreamHistory | undefined): void {
    this.day.clear();
    this.day.load(quotes);
    for (const [symbol, bars] of this.bars) {
      const stored = history?.get(symbol);
      if (stored) bars.load(stored);
      else bars.clear();
    }
  }

  barsOf(symbol: string): SymbolBars | undefined {
    return this.bars.get(symbol);
  }

  history(): StreamHistory {
    return new Map([...this.bars].map(([symbol, bars]) => [symbol, bars.history()]));
  }

  /** Bytes of bars held (typed arrays), for the bounds table and bench:history. */
  get barBytes(): number {
    let bytes = 0;
    for (const bars of this.bars.values()) bytes += bars.byteLength;
    return bytes;
  }
}
