import { describe, expect, it } from 'vitest';
import { compressStreamStart, decodeStreamStart, packStreamStart } from '../../feed/bus/stream-start-codec.ts';
import { DayState } from '../../feed/day-state.ts';
import type { StreamStart } from '../../feed/stream.ts';
import { emptyStoredBars, storedFromColumns } from '../../shared/bars/bar-series.ts';
import type { SymbolMeta } from '../../shared/protocol.ts';

const symbols: SymbolMeta[] = ['AAPL', 'BTC-USD'].map((symbol) => ({ symbol, name: symbol, sector: 'Test', prevClose: 100, tickSize: 0.01 }));

describe('a checkpoint as bytes', () => {
  it('round-trips a start exactly: quotes, info, and every bar column including a bar without a price (NaN)', async () => {
    const m1 = storedFromColumns({ time: [60_000, 120_000], open: [100.01, null], high: [100.5, null], low: [99.99, null], close: [100.25, null], volume: [300, 7], count: [3, 1], vwap: [100.2, null] });
    const start: StreamStart = {
      info: { mode: 'live', symbols, batchIntervalMs: 50, timeZone: 'America/New_York' },
      epoch: 'e1',
      seq: 42,
      state: new DayState(symbols).all(),
      history: new Map([['AAPL', { s1: emptyStoredBars(), m1, d1: emptyStoredBars() }]]),
      reason: 'seek',
    };
    const packed = packStreamStart(start);
    const compressed = await compressStreamStart(packed);
    expect(compressed.length).toBeLessThan(packed.length);
    const back = await decodeStreamStart(compressed);
    expect({ ...back, history: undefined }).toEqual({ ...start, history: undefined });
    const bars = back.history!.get('AAPL')!.m1;
    expect([...bars.time]).toEqual([60_000, 120_000]);
    expect([...bars.close]).toEqual([100.25, Number.NaN]);
    expect([...bars.turnover]).toEqual([100.2 * 300, 0]);
    expect(back.history!.get('AAPL')!.s1.time.length).toBe(0);
  });

  it('refuses damaged bytes instead of returning a wrong state', async () => {
    const start: StreamStart = { info: { mode: 'live', symbols, batchIntervalMs: 50, timeZone: 'UTC' }, epoch: 'e', seq: 0, state: [], reason: 'start' };
    const compressed = await compressStreamStart(packStreamStart(start));
    await expect(decodeStreamStart(compressed.subarray(0, compressed.length - 3))).rejects.toThrow();
  });
});
