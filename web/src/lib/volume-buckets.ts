/** Chooses a volume-bar width that gives at most ~maxBars bars across the span. */
const BUCKET_STEPS_MS = [1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000];

export function bucketWidthFor(spanMs: number, maxBars = 150): number {
  for (const step of BUCKET_STEPS_MS) if (spanMs / step <= maxBars) return step;
  return BUCKET_STEPS_MS[BUCKET_STEPS_MS.length - 1]!;
}

export interface VolumeBucket {
  x: number;
  y: number;
}

/** Appends a trade to time-bucketed volume (drawn as bars); trades arrive in time order. */
export function addToBuckets(buckets: VolumeBucket[], time: number, size: number, widthMs: number): void {
  const bucket = Math.floor(time / widthMs) * widthMs;
  const last = buckets[buckets.length - 1];
  if (last && last.x === bucket) last.y += size;
  else buckets.push({ x: bucket, y: size });
}
