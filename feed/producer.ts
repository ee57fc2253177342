import type { Quote, Tick } from '../shared/protocol.ts';
import type { StreamHistory } from './stream-state.ts';
import type { Bus, ControlHandler } from './bus/bus.ts';
import { Sequencer } from './sequencer.ts';
import type { ReplayStatus, SequencedBatch, StreamInfo, StreamStart } from './stream.ts';

export type BatchListener = (batch: SequencedBatch) => void;

/**
 * The producing side of a stream: whatever makes ticks (the live pacer over
 * the simulator, a replay) publishes through it. It numbers batches (the
 * Sequencer), lets a recorder see each one, and hands them to the bus.
 * It knows nothing of clients.
 */
export class Producer {
  private readonly sequencer: Sequencer;
  private readonly listeners = new Set<BatchListener>();

  constructor(
    private readonly bus: Bus,
    readonly info: StreamInfo,
    options: { epoch?: string; now?: () => number } = {},
  ) {
    this.sequencer = new Sequencer(options.epoch);
    this.now = options.now ?? Date.now;
    bus.onStreamLost?.((kept) => this.restart(kept.seq, kept.state, 'start', kept.history));
  }

  private readonly now: () => number;

  get epoch(): string {
    return this.sequencer.epoch;
  }

  get seq(): number {
    return this.sequencer.seq;
  }

  /**
   * Opens the stream from this day state (every symbol's quote before the
   * first batch) and these bars (a simulated past, or a recording's history
   * up to where a replay starts); a replay starting mid-way passes the seq
   * already reflected in them.
   */
  start(state: readonly Quote[], lastSeq = 0, history?: StreamHistory): void {
    this.sequencer.restart(lastSeq, this.sequencer.epoch);
    this.bus.reset(this.startAt(state, 'start', history));
  }

  /**
   * Publishes one batch; a replay passes the recorded seq and time. Returns
   * false when the edges are behind: a producer that can wait (a replay at
   * max speed) awaits ready() before publishing more; a live one cannot wait
   * and does not (slow readers are conflated at the edge).
   */
  publish(ticks: readonly Tick[], recorded?: { seq: number; time: number }): boolean {
    const batch = this.sequencer.next(ticks, recorded?.time ?? this.now(), recorded?.seq);
    if (!batch) return true;
    for (const listener of this.listeners) listener(batch);
    return this.bus.publish(batch);
  }

  /** A new epoch from this state and history (a seek or a loop): edges start over and every client gets fresh snapshots and bars. */
  restart(lastSeq: number, state: readonly Quote[], reason: StreamStart['reason'], history?: StreamHistory): void {
    this.sequencer.restart(lastSeq);
    this.bus.reset(this.startAt(state, reason, history));
  }

  ready(): Promise<void> {
    return this.bus.ready();
  }

  replayStatus(status: ReplayStatus): void {
    this.bus.replayStatus(status);
  }

  serveControl(handler: ControlHandler): void {
    this.bus.serveControl(handler);
  }

  /** Observes every published batch, e.g. for a recorder. Returns an unsubscribe function. */
  onBatch(listener: BatchListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private startAt(state: readonly Quote[], reason: StreamStart['reason'], history: StreamHistory | undefined): StreamStart {
    return { info: this.info, epoch: this.sequencer.epoch, seq: this.sequencer.seq, state, reason, ...(history ? { history } : {}) };
  }
}
