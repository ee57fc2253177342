import type { Tick } from '../shared/protocol.ts';

export interface RecentBatchLimits {
  /** At most this many batches... */
  maxBatches: number;
  /** ...no older than this... */
  maxAgeMs: number;
  /** ...holding at most this many ticks in all. The oldest go first when any limit is reached. */
  maxTicks: number;
}

export const DEFAULT_RECENT_BATCH_LIMITS: RecentBatchLimits = { maxBatches: 2400, maxAgeMs: 60_000, maxTicks: 500_000 };

interface StoredBatch {
  seq: number;
  at: number;
  ticks: readonly Tick[];
}

/**
 * The last published batches of the current epoch, so a client that drops
 * and reconnects can be sent exactly what it missed. Bounded by count, age
 * and total ticks; a position older than what is held cannot be recovered.
 */
export class RecentBatches {
  /** Evicted entries before `head` are undefined: an evicted batch's ticks must be garbage at once, not at the next compaction. */
  private batches: (StoredBatch | undefined)[] = [];
  private head = 0;
  private tickCount = 0;

  constructor(
    private readonly limits: RecentBatchLimits = DEFAULT_RECENT_BATCH_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.batches.length - this.head;
  }

  add(seq: number, ticks: readonly Tick[]): void {
    this.batches.push({ seq, at: this.now(), ticks });
    this.tickCount += ticks.length;
    this.evict();
  }

  clear(): void {
    this.batches = [];
    this.head = 0;
    this.tickCount = 0;
  }

  /**
   * Every batch after `seq`, if the buffer still holds all of them; null if
   * some are gone. `latestSeq` is the feed's current seq.
   */
  since(seq: number, latestSeq: number): StoredBatch[] | null {
    this.evict();
    if (seq > latestSeq) return null;
    if (seq === latestSeq) return [];
    const oldest = this.batches[this.head];
    if (!oldest || oldest.seq > seq + 1) return null;
    const result: StoredBatch[] = [];
    for (let i = this.head; i < this.batches.length; i++) if (this.batches[i]!.seq > seq) result.push(this.batches[i]!);
    return result;
  }

  private evict(): void {
    const cutoff = this.now() - this.limits.maxAgeMs;
    while (
      this.head < this.batches.length &&
      (this.size > this.limits.maxBatches || this.tickCount > this.limits.maxTicks || this.batches[this.head]!.at < cutoff)
    ) {
      this.tickCount -= this.batches[this.head]!.ticks.length;
      this.batches[this.head++] = undefined;
    }
    // Compact now and then so the array does not grow with everything ever evicted.
    if (this.head > 1024 && this.head * 2 > this.batches.length) {
      this.batches = this.batches.slice(this.head);
      this.head = 0;
    }
  }
}
