import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../feed/rate-limiter.ts';

describe('TokenBucket', () => {
  it('allows a burst, then the sustained rate, and takes several tokens at once or none', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 5, () => now);
    expect(Array.from({ length: 6 }, () => bucket.take())).toEqual([true, true, true, true, true, false]);
    now += 100; // one token back at 10/s
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    now += 1000;
    expect(bucket.take(6)).toBe(false); // never more than the burst
    expect(bucket.take(5)).toBe(true);
    expect(bucket.take(1)).toBe(false);
  });
});
