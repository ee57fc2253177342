import { describe, expect, it } from 'vitest';
import { addToBuckets, bucketWidthFor, type VolumeBucket } from '../../web/src/lib/volume-buckets.ts';

describe('volume buckets', () => {
  it('chooses wider buckets for longer spans', () => {
    expect(bucketWidthFor(60_000)).toBe(1_000);
    expect(bucketWidthFor(300_000)).toBe(2_000);
    expect(bucketWidthFor(6 * 3_600_000)).toBe(300_000);
  });

  it('adds trades into time buckets', () => {
    const buckets: VolumeBucket[] = [];
    addToBuckets(buckets, 1_000, 100, 1_000);
    addToBuckets(buckets, 1_999, 50, 1_000);
    addToBuckets(buckets, 3_500, 10, 1_000);
    expect(buckets).toEqual([
      { x: 1_000, y: 150 },
      { x: 3_000, y: 10 },
    ]);
  });
});
