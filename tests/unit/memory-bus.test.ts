import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../../feed/bus/memory-bus.ts';
import { DayState } from '../../feed/day-state.ts';
import { Edge } from '../../feed/edge.ts';
import { StreamState } from '../../feed/stream-state.ts';
import type { SequencedBatch, StreamInfo, StreamStart } from '../../feed/stream.ts';
import { emptyStoredBars } from '../../shared/bars/bar-series.ts';
import type { SymbolMeta } from '../../shared/protocol.ts';
import { busContract } from '../support/bus-contract.ts';

busContract('MemoryBus', async () => {
  const bus = new MemoryBus();
  return { producer: bus, edgeHandle: async () => bus, close: () => bus.close() };
});

describe('MemoryBus: state for late joiners without a second copy', () => {
  const symbols: SymbolMeta[] = ['AAPL', 'MSFT'].map((symbol) => ({ symbol, name: symbol, sector: 'Test', prevClose: 100, tickSize: 0.01 }));
  const info: StreamInfo = { mode: 'live', symbols, batchIntervalMs: 50, timeZone: 'America/New_York' };
  const t0 = Date.parse('2026-11-20T15:30:00Z');
  const batchAt = (seq: number): SequencedBatch => ({
    epoch: 'e1',
    seq,
    time: t0 + seq * 1000,
    ticks: [
      { symbol: 'AAPL', price: 100 + seq / 100, size: 10 + seq, time: t0 + seq * 1000 },
      { symbol: 'MSFT', price: 200 - seq / 100, size: 5, time: t0 + seq * 1000 + 1 },
    ],
  });

  it('an edge that joins late, after edges came and went, holds exactly what one attached from the start holds', () => {
    const bus = new MemoryBus();
    const reference = new StreamState(symbols);
    const history = new Map([['AAPL', { s1: emptyStoredBars(), m1: emptyStoredBars(), d1: emptyStoredBars() }]]);
    const first = new Edge(bus);
    void first.attach();
    const start: StreamStart = { info, epoch: 'e1', seq: 0, state: new DayState(symbols).all(), reason: 'start', history };
    bus.reset(start);
    reference.load(start.state, history);
    let seq = 0;
    const publish = (n: number) => {
      for (let i = 0; i < n; i++) {
        const batch = batchAt(++seq);
        bus.publish(batch);
        reference.apply(batch.ticks);
      }
    };
    publish(70);
    const second = new Edge(bus);
    void second.attach();
    publish(30);
    first.close();
    publish(30);
    second.close(); // No consumer left: the bus takes over the state from the departing edge.
    publish(30);
    const late = new Edge(bus);
    void late.attach();
    publish(5);
    expect(late.streamState.day.all()).toEqual(reference.day.all());
    expect(late.streamState.history()).toEqual(reference.history());
    expect(late.checkpoint()?.seq).toBe(seq);
  });
});
