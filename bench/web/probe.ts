/**
 * In-page instrumentation shared by both bench pages, so they are measured
 * the same way: frame deltas from requestAnimationFrame, long tasks from a
 * PerformanceObserver, ticks applied, and end-to-end latency from each
 * tick's source time to the frame that paints it. The runner reads it
 * through `window.tickwallBench`.
 */
export interface ProbeReport {
  frameDeltas: number[];
  longTasks: number[];
  latencies: number[];
  ticks: number;
  batches: number;
  chartPoints: number[];
  seconds: number;
}

export interface BenchProbe {
  ready: boolean;
  start(): void;
  stop(): ProbeReport;
}

/** Latencies are sampled, at most this many per frame, so the probe's own cost stays small and flat. */
const LATENCY_SAMPLES_PER_FRAME = 64;
const MAX_SAMPLES = 200_000;

declare global {
  interface Window {
    tickwallBench?: BenchProbe;
  }
}

export class Probe implements BenchProbe {
  ready = false;
  private measuring = false;
  private startedAt = 0;
  private lastFrame = 0;
  private frameDeltas: number[] = [];
  private longTasks: number[] = [];
  private latencies: number[] = [];
  private pendingTimes: number[] = [];
  private ticks = 0;
  private batches = 0;

  constructor(private readonly chartPoints: () => number[]) {
    new PerformanceObserver((list) => {
      if (!this.measuring) return;
      for (const entry of list.getEntries()) this.longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: false });
    const frame = (now: number) => {
      if (this.measuring) {
        if (this.lastFrame > 0 && this.frameDeltas.length < MAX_SAMPLES) this.frameDeltas.push(now - this.lastFrame);
        // This frame paints every tick applied since the last one; its wall time is the paint time.
        const paintedAt = performance.timeOrigin + performance.now();
        const step = Math.max(1, Math.ceil(this.pendingTimes.length / LATENCY_SAMPLES_PER_FRAME));
        for (let i = 0; i < this.pendingTimes.length && this.latencies.length < MAX_SAMPLES; i += step) {
          this.latencies.push(paintedAt - this.pendingTimes[i]!);
        }
      }
      this.pendingTimes.length = 0;
      this.lastFrame = now;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    window.tickwallBench = this;
  }

  /** Call after a batch has been applied to what is on screen. */
  applied(tickTimes: readonly number[]): void {
    if (!this.measuring) return;
    this.ticks += tickTimes.length;
    this.batches++;
    for (const time of tickTimes) this.pendingTimes.push(time);
  }

  start(): void {
    this.measuring = true;
    this.startedAt = performance.now();
    this.lastFrame = 0;
  }

  stop(): ProbeReport {
    this.measuring = false;
    return {
      frameDeltas: this.frameDeltas,
      longTasks: this.longTasks,
      latencies: this.latencies,
      ticks: this.ticks,
      batches: this.batches,
      chartPoints: this.chartPoints(),
      seconds: (performance.now() - this.startedAt) / 1000,
    };
  }
}
