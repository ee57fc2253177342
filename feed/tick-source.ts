import type { FeedMode, SymbolMeta, Tick } from '../shared/protocol.ts';

/**
 * Where ticks come from, separated from how they are batched and fanned out.
 * The simulator is one source; a replayed recording or an importer is another.
 * Sources are pulled by time so a source never needs its own timers.
 */
export interface TickSource {
  readonly mode: FeedMode;
  readonly symbols: readonly SymbolMeta[];
  /** Time (epoch ms) of the next tick this source will produce, or Infinity when exhausted. */
  nextTickTime(): number;
  /** Appends, in time order, every tick whose time is at or before `untilMs`. */
  drainUntil(untilMs: number, out: Tick[]): void;
  /**
   * Moves the source's clock to `timeMs` without producing the ticks in between.
   * Used after a stall, so a paused process resumes at the present instead of bursting.
   */
  skipTo(timeMs: number): void;
}
