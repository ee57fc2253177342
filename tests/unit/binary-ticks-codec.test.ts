import { describe, expect, it } from 'vitest';
import { BinaryTicksCodec, TickTimeReader } from '../../shared/codec/binary-ticks-codec.ts';
import type { SymbolMeta, Tick } from '../../shared/protocol.ts';

const symbols: SymbolMeta[] = ['AAPL', 'MSFT', 'SPY'].map((symbol) => ({ symbol, name: symbol, sector: 'Test', prevClose: 100, tickSize: 0.01 }));

describe('TickTimeReader (the load-test client\'s partial decode)', () => {
  it('finds the same tick times as a full decode, in order', () => {
    const codec = new BinaryTicksCodec(symbols);
    const ticks: Tick[] = [
      { symbol: 'SPY', price: 101.23, size: 100, time: 1_700_000_000_123, bid: 101.22, ask: 101.24 },
      { symbol: 'AAPL', price: 99.5, size: 37, time: 1_700_000_000_120 },
      { symbol: 'MSFT', price: 100.001, size: 200, time: 1_700_000_000_190 },
    ];
    const frame = codec.encode({ type: 'ticks', epoch: 'e-1', seq: 42, ticks });
    const times: number[] = [];
    expect(new TickTimeReader().forEach(frame, (time) => times.push(time))).toBe(3);
    expect(times).toEqual(codec.decode(frame).ticks.map((t) => t.time));
    expect(times).toEqual([1_700_000_000_123, 1_700_000_000_120, 1_700_000_000_190]);
  });
});
