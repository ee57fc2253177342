/**
 * Counts events per second over a sliding window of fixed buckets, so memory
 * is constant however many events arrive.
 */
export class RateMeter {
  private readonly buckets: Float64Array;
  private readonly bucketMs: number;
  private currentBucket = 0;

  constructor(windowMs = 2000, bucketCount = 20) {
    this.buckets = new Float64Array(bucketCount);
    this.bucketMs = windowMs / bucketCount;
  }

  add(count: number, now: number): void {
    this.advance(now);
    this.buckets[this.currentBucket % this.buckets.length]! += count;
  }

  perSecond(now: number): number {
    this.advance(now);
    let total = 0;
    for (const value of this.buckets) total += value;
    return (total * 1000) / (this.bucketMs * this.buckets.length);
  }

  private advance(now: number): void {
    const bucket = Math.floor(now / this.bucketMs);
    if (bucket <= this.currentBucket) return;
    const steps = Math.min(bucket - this.currentBucket, this.buckets.length);
    for (let i = 1; i <= steps; i++) this.buckets[(this.currentBucket + i) % this.buckets.length] = 0;
    this.currentBucket = bucket;
  }
}
