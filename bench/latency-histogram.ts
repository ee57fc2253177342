/** Fixed-size latency histogram at 0.1 ms resolution up to 10 s: constant memory however many samples. */
export class LatencyHistogram {
  static readonly BUCKET_MS = 0.1;
  static readonly BUCKETS = 100_000;
  readonly counts: Float64Array;
  count = 0;
  max = 0;

  constructor(counts?: Float64Array) {
    this.counts = counts ?? new Float64Array(LatencyHistogram.BUCKETS);
    for (const c of this.counts) this.count += c;
  }

  record(ms: number): void {
    const bucket = Math.min(LatencyHistogram.BUCKETS - 1, Math.max(0, Math.floor(ms / LatencyHistogram.BUCKET_MS)));
    this.counts[bucket]!++;
    this.count++;
    if (ms > this.max) this.max = ms;
  }

  merge(other: LatencyHistogram): void {
    for (let i = 0; i < this.counts.length; i++) this.counts[i]! += other.counts[i]!;
    this.count += other.count;
    this.max = Math.max(this.max, other.max);
  }

  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const target = this.count * p;
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen >= target) return (i + 1) * LatencyHistogram.BUCKET_MS;
    }
    return this.max;
  }
}
