import { describe, expect, it } from 'vitest';
import { LivePacer } from '../../feed/live-pacer.ts';
import { MarketSimulator } from '../../feed/simulator.ts';
import { DEFAULT_UNIVERSE } from '../../feed/universe.ts';
import type { Tick } from '../../shared/protocol.ts';

const START = Date.UTC(2026, 0, 5, 15);
const simulator = () => new MarketSimulator({ universe: DEFAULT_UNIVERSE, seed: 11, ticksPerSecond: 1000, startTime: START });

describe('LivePacer', () => {
  it('hands over every tick due at each batch boundary as one batch, in time order, and nothing twice', () => {
    const batches: (readonly Tick[])[] = [];
    const pacer = new LivePacer(simulator(), (ticks) => batches.push(ticks), { batchIntervalMs: 50, now: () => START });
    for (let i = 1; i <= 20; i++) pacer.flush(START + i * 50);
    const all = batches.flat();
    expect(all.length).toBeGreaterThan(700);
    expect(all.every((t, i) => i === 0 || t.time >= all[i - 1]!.time)).toBe(true);
    for (const [i, batch] of batches.entries()) expect(batch.every((t) => t.time <= START + (i + 1) * 50)).toBe(true);
    // The same ticks as draining the source directly: batching changes boundaries, never content.
    const direct: Tick[] = [];
    simulator().drainUntil(START + 1000, direct);
    expect(all).toEqual(direct);
  });

  it('after a stall longer than maxLagMs, skips the missed time instead of sending it as one burst', () => {
    const batches: (readonly Tick[])[] = [];
    const pacer = new LivePacer(simulator(), (ticks) => batches.push(ticks), { batchIntervalMs: 50, maxLagMs: 1000, now: () => START });
    pacer.flush(START + 50);
    pacer.flush(START + 60_000);
    expect(batches[1]!.length).toBeLessThan(200);
    expect(batches[1]![0]!.time).toBeGreaterThanOrEqual(START + 60_000 - 50);
  });

  it('sends no batch when nothing is due', () => {
    const batches: (readonly Tick[])[] = [];
    const sparse = new MarketSimulator({ universe: DEFAULT_UNIVERSE, seed: 1, ticksPerSecond: 1, startTime: START });
    const pacer = new LivePacer(sparse, (ticks) => batches.push(ticks), { batchIntervalMs: 50, now: () => START });
    pacer.flush(START + 1);
    expect(batches).toEqual([]);
  });
});
