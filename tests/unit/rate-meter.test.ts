import { describe, expect, it } from 'vitest';
import { RateMeter } from '../../web/src/lib/rate-meter.ts';

describe('RateMeter', () => {
  it('reports events per second over its window and decays to zero', () => {
    const meter = new RateMeter(1000, 10);
    for (let t = 0; t < 1000; t += 100) meter.add(50, 10_000 + t);
    expect(meter.perSecond(10_999)).toBe(500);
    expect(meter.perSecond(12_500)).toBe(0);
  });
});
