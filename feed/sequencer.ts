import { randomBytes } from 'node:crypto';
import type { Tick } from '../shared/protocol.ts';
import type { SequencedBatch } from './stream.ts';

export function newEpoch(): string {
  return randomBytes(6).toString('base64url');
}

/**
 * The one owner of a stream's position: the epoch, and the seq of each
 * batch. Empty batches are neither numbered nor sent. A replay passes each
 * batch's recorded seq, so batches keep the numbers they were recorded with.
 */
export class Sequencer {
  private currentEpoch: string;
  private lastSeq = 0;

  constructor(epoch: string = newEpoch()) {
    this.currentEpoch = epoch;
  }

  get epoch(): string {
    return this.currentEpoch;
  }

  /** Seq of the last batch (0 before the first). */
  get seq(): number {
    return this.lastSeq;
  }

  next(ticks: readonly Tick[], time: number, recordedSeq?: number): SequencedBatch | null {
    if (ticks.length === 0) return null;
    this.lastSeq = recordedSeq ?? this.lastSeq + 1;
    return { epoch: this.currentEpoch, seq: this.lastSeq, time, ticks };
  }

  /** A new epoch whose batches continue after `lastSeq`. */
  restart(lastSeq: number, epoch: string = newEpoch()): string {
    this.currentEpoch = epoch;
    this.lastSeq = lastSeq;
    return epoch;
  }
}
