import type { SymbolHistory } from '../shared/bars/symbol-bars.ts';
import type { FeedMode, Quote, ReplayStatusMessage, SymbolMeta, Tick, TimeRange } from '../shared/protocol.ts';

/**
 * What travels from the producer (a source and the sequencer) to the edges
 * (the processes that hold client connections), over a Bus. Plain data, so
 * a bus can carry it in-process or over a network.
 */

/** What a stream is, as its clients' hello describes it. */
export interface StreamInfo {
  mode: FeedMode;
  symbols: readonly SymbolMeta[];
  /** Replay only: the recording's time range. */
  range?: TimeRange;
  batchIntervalMs: number;
  /** The exchange's IANA zone, for display. */
  timeZone: string;
}

/** One published batch, numbered: `seq` rises by one per batch within an epoch (a replay keeps recorded seqs). */
export interface SequencedBatch {
  epoch: string;
  seq: number;
  /** When it was published: the feed's clock live, the recorded batch time in replay. */
  time: number;
  ticks: readonly Tick[];
}

/**
 * The start of a stream, or of a new epoch of it (a replay's seek or loop,
 * a restarted feed): everything an edge needs to serve from this point, so
 * no view ever mixes two streams.
 */
export interface StreamStart {
  info: StreamInfo;
  epoch: string;
  /** The last seq already reflected in `state`; the next batch is later. */
  seq: number;
  /** The day state at this point, every symbol of info.symbols. */
  state: readonly Quote[];
  /** Each symbol's stored bars at this point (a symbol missing here has none yet). */
  history?: ReadonlyMap<string, SymbolHistory>;
  reason: 'start' | 'seek' | 'loop';
}

export type ReplayStatus = ReplayStatusMessage;
