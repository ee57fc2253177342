import { describe, expect, it } from 'vitest';
import { RecentBatches } from '../../feed/recent-batches.ts';
import type { Tick } from '../../shared/protocol.ts';

const ticks = (n: number): Tick[] => Array.from({ length: n }, (_, i) => ({ symbol: 'AAPL', price: 100 + i, size: 1, time: i }));

describe('RecentBatches', () => {
  it('returns every batch after a position it still holds, and nothing when up to date', () => {
    const ring = new RecentBatches({ maxBatches: 10, maxAgeMs: 60_000, maxTicks: 1000 }, () => 0);
    for (let seq = 1; seq <= 5; seq++) ring.add(seq, ticks(1));
    expect(ring.since(2, 5)!.map((b) => b.seq)).toEqual([3, 4, 5]);
    expect(ring.since(0, 5)!.map((b) => b.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(ring.since(5, 5)).toEqual([]);
  });

  it('returns null for a position from the future or older than it holds', () => {
    const ring = new RecentBatches({ maxBatches: 3, maxAgeMs: 60_000, maxTicks: 1000 }, () => 0);
    for (let seq = 1; seq <= 5; seq++) ring.add(seq, ticks(1));
    expect(ring.size).toBe(3);
    expect(ring.since(1, 5)).toBeNull(); // batch 2 is gone
    expect(ring.since(2, 5)!.map((b) => b.seq)).toEqual([3, 4, 5]);
    expect(ring.since(6, 5)).toBeNull();
  });

  it('evicts by age and by ticks held, whichever comes first', () => {
    let now = 0;
    const byAge = new RecentBatches({ maxBatches: 100, maxAgeMs: 1000, maxTicks: 1000 }, () => now);
    byAge.add(1, ticks(1));
    now = 600;
    byAge.add(2, ticks(1));
    now = 1100;
    expect(byAge.since(1, 2)!.map((b) => b.seq)).toEqual([2]);
    expect(byAge.since(0, 2)).toBeNull();

    const byTicks = new RecentBatches({ maxBatches: 100, maxAgeMs: 60_000, maxTicks: 10 }, () => 0);
    byTicks.add(1, ticks(6));
    byTicks.add(2, ticks(6));
    expect(byTicks.size).toBe(1);
  });

  it('holds nothing after clear (a new epoch)', () => {
    const ring = new RecentBatches({ maxBatches: 10, maxAgeMs: 60_000, maxTicks: 1000 }, () => 0);
    ring.add(1, ticks(1));
    ring.clear();
    expect(ring.size).toBe(0);
    expect(ring.since(0, 1)).toBeNull();
  });
});
