import { barOfPrint } from '../../shared/bars/bar-interval.ts';
import { BarSeries, storedFromColumns, type StoredBars } from '../../shared/bars/bar-series.ts';
import { SymbolBars, type SymbolHistory } from '../../shared/bars/symbol-bars.ts';
import { instrumentOf } from '../../shared/instrument.ts';
import { calendarFor, type MarketCalendar } from '../../shared/market-calendar.ts';
import type { BarColumns, SymbolMeta, Tick } from '../../shared/protocol.ts';
import { setsPrice } from '../../shared/trade-rules.ts';
import type { StreamHistory } from '../stream-state.ts';

/** 1-minute bars kept per symbol for the whole recording: a week round the clock; beyond it the oldest go, and a seek's history starts there. */
export const MAX_RECORDING_MINUTES = 7 * 24 * 60;
/** A seek rebuilds this much before its position from the prints themselves (more than the 1-second bars' ten-minute reach), the rest from the minutes. */
const TICKS_REPLAYED_MS = 11 * 60_000;

/**
 * The bars a replay needs to start a stream at any moment with the
 * session's history, as a live feed would have it: the recording's
 * 1-minute bars, built once while it loads (about 64 bytes a bar). A seek
 * to time p takes the minutes before t0 = the minute eleven minutes before p,
 * re-counts them into SymbolBars (which also gives the daily bars, counted
 * from the regular session's minutes), then applies the prints from t0 to
 * p, which gives the 1-second bars and the current minute exactly.
 */
export class RecordingBars {
  private readonly minutes = new Map<string, BarSeries>();
  private readonly calendars = new Map<string, MarketCalendar>();
  /** Daily bars from before the recorded days (a version 2 recording's daily lines). */
  private readonly daily = new Map<string, StoredBars>();

  constructor(symbols: readonly SymbolMeta[]) {
    for (const meta of symbols) {
      this.calendars.set(meta.symbol, calendarFor(instrumentOf(meta).calendar));
      this.minutes.set(meta.symbol, new BarSeries(MAX_RECORDING_MINUTES));
    }
  }

  /** Counts a loaded batch's prints, in recording order. */
  add(ticks: readonly Tick[]): void {
    for (const tick of ticks) {
      const series = this.minutes.get(tick.symbol);
      if (!series) continue;
      series.add(barOfPrint('1m', tick.time, this.calendars.get(tick.symbol)!)!, setsPrice(tick) ? tick.price : null, tick.size, tick.price);
    }
  }

  /** A symbol's daily bars from before the recording (its daily line). */
  setDaily(symbol: string, bars: BarColumns): void {
    if (this.minutes.has(symbol)) this.daily.set(symbol, storedFromColumns(bars));
  }

  /** Where a seek to `time` starts re-applying prints (see the class comment). */
  static replayFrom(time: number): number {
    return Math.floor((time - TICKS_REPLAYED_MS) / 60_000) * 60_000;
  }

  /**
   * Every symbol's history at `time`: the minutes before replayFrom(time),
   * then the prints in `batches` (those sent from replayFrom(time) up to
   * the position, in order) from replayFrom(time) on; earlier ones in them
   * are already in the minutes.
   */
  historyAt(time: number, batches: Iterable<readonly Tick[]>): StreamHistory {
    const from = RecordingBars.replayFrom(time);
    const bars = new Map<string, SymbolBars>();
    for (const [symbol, minutes] of this.minutes) {
      const calendar = this.calendars.get(symbol)!;
      const symbolBars = new SymbolBars(calendar);
      const daily = this.daily.get(symbol);
      // Days the recording holds are counted from its minutes; daily bars are for the days before.
      if (daily) symbolBars.d1.restore(before(daily, minutes.length > 0 ? calendar.dayOf(minutes.timeAt(0)).start : Number.POSITIVE_INFINITY));
      const end = minutes.lowerBound(from);
      for (let i = 0; i < end; i++) symbolBars.applyMinute(minutes.at(i));
      bars.set(symbol, symbolBars);
    }
    for (const ticks of batches) for (const tick of ticks) if (tick.time >= from) bars.get(tick.symbol)?.apply(tick);
    return new Map<string, SymbolHistory>([...bars].map(([symbol, symbolBars]) => [symbol, symbolBars.history()]));
  }
}

function before(bars: StoredBars, time: number): StoredBars {
  let n = 0;
  while (n < bars.time.length && bars.time[n]! < time) n++;
  return Object.fromEntries(Object.entries(bars).map(([column, values]) => [column, values.subarray(0, n)])) as unknown as StoredBars;
}
