import type { Tick } from '../shared/protocol.ts';
import type { TickSource } from './tick-source.ts';

export interface PacerOptions {
  batchIntervalMs: number;
  /**
   * If the process falls further behind than this (a stall, a suspended
   * laptop), the source skips the missed time instead of flushing it as one
   * huge burst. Keeps every batch bounded.
   */
  maxLagMs?: number;
  now?: () => number;
}

const DEFAULT_MAX_LAG_MS = 1000;

/**
 * Drives a live source on the wall clock: every batch interval it takes the
 * ticks that are due and hands them over as one batch. Timers are re-armed
 * against the ideal schedule so intervals do not drift.
 */
export class LivePacer {
  private timer: NodeJS.Timeout | undefined;
  private nextDue = 0;
  private readonly buffer: Tick[] = [];
  private readonly now: () => number;
  private readonly maxLagMs: number;

  constructor(
    private readonly source: TickSource,
    private readonly onBatch: (ticks: readonly Tick[]) => void,
    private readonly options: PacerOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.maxLagMs = options.maxLagMs ?? DEFAULT_MAX_LAG_MS;
  }

  start(): void {
    if (this.timer) return;
    this.nextDue = this.now() + this.options.batchIntervalMs;
    this.arm();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One batch boundary: exposed so tests and headless recording can step the feed without timers. */
  flush(now = this.now()): void {
    if (now - this.source.nextTickTime() > this.maxLagMs) this.source.skipTo(now - this.options.batchIntervalMs);
    this.source.drainUntil(now, this.buffer);
    if (this.buffer.length > 0) {
      this.onBatch(this.buffer.slice());
      this.buffer.length = 0;
    }
  }

  private arm(): void {
    const delay = Math.max(0, this.nextDue - this.now());
    this.timer = setTimeout(() => {
      this.flush();
      this.nextDue += this.options.batchIntervalMs;
      // After a long stall, restart the schedule rather than firing a backlog of timers.
      if (this.now() - this.nextDue > this.options.batchIntervalMs) this.nextDue = this.now() + this.options.batchIntervalMs;
      this.arm();
    }, delay);
  }
}
