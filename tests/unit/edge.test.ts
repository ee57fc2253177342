import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../../feed/bus/memory-bus.ts';
import { DayState } from '../../feed/day-state.ts';
import { Edge } from '../../feed/edge.ts';
import type { StreamInfo, StreamStart } from '../../feed/stream.ts';
import type { HelloMessage, SymbolMeta } from '../../shared/protocol.ts';

const symbols: SymbolMeta[] = ['AAPL', 'MSFT'].map((symbol) => ({ symbol, name: symbol, sector: 'Test', prevClose: 100, tickSize: 0.01 }));
const info: StreamInfo = { mode: 'live', symbols, batchIntervalMs: 50, timeZone: 'America/New_York' };
const start = (epoch: string, seq = 0, streamInfo = info): StreamStart => ({ info: streamInfo, epoch, seq, state: new DayState(streamInfo.symbols).all(), reason: 'start' });
/** 10:00 New York time on a trading day: inside the regular session. */
const tick = (symbol: string, price: number) => ({ symbol, price, size: 100, time: Date.UTC(2026, 10, 20, 15, 0) });

async function edgeOn(bus: MemoryBus) {
  const edge = new Edge(bus, { now: () => 5000, recentBatches: { maxBatches: 100, maxAgeMs: 60_000, maxTicks: 1000 } });
  const attached = edge.attach();
  return { edge, attached };
}

describe('Edge', () => {
  it('has nothing to serve until the stream starts, then serves it', async () => {
    const bus = new MemoryBus();
    const { edge, attached } = await edgeOn(bus);
    let ready = false;
    void attached.then(() => (ready = true));
    await Promise.resolve();
    expect(ready).toBe(false);
    bus.reset(start('e1'));
    await attached;
    const hello = JSON.parse(edge.helloJson()) as HelloMessage;
    expect(hello).toMatchObject({ type: 'hello', protocol: 2, mode: 'live', epoch: 'e1', serverTime: 5000, heartbeatMs: 1000, timeZone: 'America/New_York', symbols });
  });

  it('derives its day state, position and resume history from what the bus delivers', async () => {
    const bus = new MemoryBus();
    const { edge } = await edgeOn(bus);
    bus.reset(start('e1'));
    bus.publish({ epoch: 'e1', seq: 1, time: 0, ticks: [tick('AAPL', 101)] });
    bus.publish({ epoch: 'e1', seq: 2, time: 0, ticks: [tick('AAPL', 99), tick('MSFT', 50)] });
    bus.publish({ epoch: 'e0', seq: 3, time: 0, ticks: [tick('AAPL', 1)] }); // not this stream: ignored
    expect(edge.seq).toBe(2);
    expect(edge.snapshot(['AAPL'])).toMatchObject({ epoch: 'e1', seq: 2, quotes: [{ symbol: 'AAPL', last: 99, high: 101, low: 99, volume: 200 }] });
    expect(edge.missedSince('e1', 1)).toMatchObject({ ok: true, batches: [{ seq: 2 }] });
    expect(edge.missedSince('e0', 1)).toEqual({ ok: false, reason: 'epoch changed' });
  });

  it('a new epoch replaces its state with the start\'s and forgets the old resume history', async () => {
    const bus = new MemoryBus();
    const { edge } = await edgeOn(bus);
    bus.reset(start('e1'));
    bus.publish({ epoch: 'e1', seq: 1, time: 0, ticks: [tick('AAPL', 101)] });
    bus.reset(start('e2', 40));
    expect(edge.epoch).toBe('e2');
    expect(edge.seq).toBe(40);
    expect(edge.snapshot(['AAPL']).quotes[0]).toMatchObject({ last: null, volume: 0 });
    expect(edge.missedSince('e2', 39)).toEqual({ ok: false, reason: 'too old' });
  });

  it('refuses control on a live stream without asking the producer', async () => {
    const bus = new MemoryBus();
    const { edge } = await edgeOn(bus);
    let asked = false;
    bus.serveControl(() => {
      asked = true;
      return { ok: true };
    });
    bus.reset(start('e1'));
    expect(await edge.control({ type: 'control', action: 'play' })).toMatchObject({ ok: false, code: 'not_replay' });
    expect(asked).toBe(false);
  });

  it('knows its universe from the stream, and follows a stream with another universe', async () => {
    const bus = new MemoryBus();
    const { edge } = await edgeOn(bus);
    bus.reset(start('e1'));
    expect(edge.isKnownSymbol('MSFT')).toBe(true);
    const other: StreamInfo = { ...info, symbols: [{ ...symbols[0]!, symbol: 'IBM' }] };
    bus.reset(start('e2', 0, other));
    expect(edge.isKnownSymbol('MSFT')).toBe(false);
    expect(edge.isKnownSymbol('IBM')).toBe(true);
    expect((JSON.parse(edge.helloJson()) as HelloMessage).symbols.map((s) => s.symbol)).toEqual(['IBM']);
  });
});
