import { describe, expect, it } from 'vitest';
import type { Bus, BusConsumer } from '../../feed/bus/bus.ts';
import { DayState } from '../../feed/day-state.ts';
import type { ReplayStatus, SequencedBatch, StreamInfo, StreamStart } from '../../feed/stream.ts';
import type { SymbolMeta, Tick } from '../../shared/protocol.ts';

/**
 * The behaviour every Bus must have, written once and run against each
 * implementation (the model: centrifuge runs one suite against its memory
 * and Redis brokers). `open` gives a producer's handle and a way to get
 * further handles onto the same bus, as other edge processes would have
 * (for the in-process bus, the same object).
 */
export interface BusFixture {
  producer: Bus;
  edgeHandle(): Promise<Bus>;
  close(): Promise<void>;
}

const symbols: SymbolMeta[] = ['AAPL', 'MSFT'].map((symbol) => ({ symbol, name: symbol, sector: 'Test', prevClose: 100, tickSize: 0.01 }));
const info: StreamInfo = { mode: 'replay', symbols, batchIntervalMs: 50, timeZone: 'America/New_York', range: { start: 0, end: 10_000 } };
export const tick = (symbol: string, price: number, time: number): Tick => ({ symbol, price, size: 100, time });
export const start = (epoch: string, seq = 0, reason: StreamStart['reason'] = 'start'): StreamStart => ({ info, epoch, seq, state: new DayState(symbols).all(), reason });
export const batch = (epoch: string, seq: number, ticks: Tick[]): SequencedBatch => ({ epoch, seq, time: seq * 50, ticks });

export class RecordingConsumer implements BusConsumer {
  starts: StreamStart[] = [];
  batches: SequencedBatch[] = [];
  statuses: ReplayStatus[] = [];
  behind = false;
  reset(start: StreamStart): void {
    this.starts.push(start);
  }
  batch(batch: SequencedBatch): void {
    this.batches.push(batch);
  }
  replayStatus(status: ReplayStatus): void {
    this.statuses.push(status);
  }
  saturated(): boolean {
    return this.behind;
  }
}

export async function eventually(check: () => void, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

const status = (epoch: string, position: number): ReplayStatus => ({ type: 'replay', epoch, state: 'playing', speed: 1, position, range: { start: 0, end: 10_000 }, controllable: true });

export function busContract(name: string, open: () => Promise<BusFixture>): void {
  describe(`${name}: the Bus contract`, () => {
    it('delivers the start, then every batch in order, the same to every consumer', async () => {
      const fixture = await open();
      try {
        const [a, b] = [new RecordingConsumer(), new RecordingConsumer()];
        (await fixture.edgeHandle()).consume(a);
        (await fixture.edgeHandle()).consume(b);
        fixture.producer.reset(start('e1'));
        const sent = Array.from({ length: 50 }, (_, i) => batch('e1', i + 1, [tick(i % 2 ? 'AAPL' : 'MSFT', 100 + i / 100, 1000 + i)]));
        for (const each of sent) fixture.producer.publish(each);
        await eventually(() => expect(a.batches).toHaveLength(50));
        await eventually(() => expect(b.batches).toHaveLength(50));
        expect(a.starts.map((s) => s.epoch)).toEqual(['e1']);
        expect(a.batches).toEqual(sent);
        expect(b.batches).toEqual(sent);
      } finally {
        await fixture.close();
      }
    });

    it('a reset starts a new epoch from its state; later batches carry it', async () => {
      const fixture = await open();
      try {
        const consumer = new RecordingConsumer();
        (await fixture.edgeHandle()).consume(consumer);
        fixture.producer.reset(start('e1'));
        fixture.producer.publish(batch('e1', 1, [tick('AAPL', 101, 1000)]));
        const seek = { ...start('e2', 40, 'seek'), state: [{ ...new DayState(symbols).all()[0]!, last: 120, volume: 5000 }, new DayState(symbols).all()[1]!] };
        fixture.producer.reset(seek);
        fixture.producer.publish(batch('e2', 41, [tick('MSFT', 99, 2000)]));
        await eventually(() => expect(consumer.batches.map((b) => [b.epoch, b.seq])).toEqual([['e1', 1], ['e2', 41]]));
        expect(consumer.starts.map((s) => [s.epoch, s.seq, s.reason])).toEqual([['e1', 0, 'start'], ['e2', 40, 'seek']]);
        expect(consumer.starts[1]!.state[0]).toMatchObject({ symbol: 'AAPL', last: 120, volume: 5000 });
      } finally {
        await fixture.close();
      }
    });

    it('a consumer that joins late starts where the stream is: the state so far, then what follows', async () => {
      const fixture = await open();
      try {
        fixture.producer.reset(start('e1'));
        const early = [batch('e1', 1, [tick('AAPL', 101, 1000)]), batch('e1', 2, [tick('AAPL', 103, 1100), tick('MSFT', 98, 1100)])];
        for (const each of early) fixture.producer.publish(each);
        const early1 = new RecordingConsumer();
        (await fixture.edgeHandle()).consume(early1);
        await eventually(() => expect(early1.starts.length + early1.batches.length).toBeGreaterThan(0));
        const late = new RecordingConsumer();
        (await fixture.edgeHandle()).consume(late);
        await eventually(() => expect(late.starts).toHaveLength(1));
        fixture.producer.publish(batch('e1', 3, [tick('MSFT', 97, 1200)]));
        await eventually(() => expect(late.batches.at(-1)?.seq).toBe(3));
        // Whatever part of the stream came as batches, start state plus batches equals the whole stream.
        const state = new DayState(symbols);
        state.load(late.starts[0]!.state);
        for (const each of late.batches) if (each.seq > late.starts[0]!.seq) state.apply(each.ticks);
        const expected = new DayState(symbols);
        for (const each of [...early, batch('e1', 3, [tick('MSFT', 97, 1200)])]) expected.apply(each.ticks);
        expect(state.all()).toEqual(expected.all());
      } finally {
        await fixture.close();
      }
    });

    it('carries control requests to the producer\'s handler and its answer back', async () => {
      const fixture = await open();
      try {
        const edge = await fixture.edgeHandle();
        edge.consume(new RecordingConsumer());
        fixture.producer.reset(start('e1'));
        const seen: unknown[] = [];
        fixture.producer.serveControl((message) => {
          seen.push(message);
          return message.action === 'seek' ? { ok: false, code: 'out_of_range', message: 'outside' } : { ok: true };
        });
        // On a networked bus the producer starts listening for requests asynchronously; until it does, a request is refused as
        // having no feed to reach (and reaches no handler). Ask again until it listens.
        let first = await edge.control({ type: 'control', action: 'pause' });
        for (let tries = 0; !first.ok && 'message' in first && /no feed is running/.test(first.message) && tries < 100; tries++) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          first = await edge.control({ type: 'control', action: 'pause' });
        }
        expect(first).toEqual({ ok: true });
        expect(await edge.control({ type: 'control', action: 'seek', time: 99 })).toEqual({ ok: false, code: 'out_of_range', message: 'outside' });
        expect(seen).toEqual([
          { type: 'control', action: 'pause' },
          { type: 'control', action: 'seek', time: 99 },
        ]);
      } finally {
        await fixture.close();
      }
    });

    it('delivers replay status to consumers, and the latest to a consumer that joins later', async () => {
      const fixture = await open();
      try {
        const consumer = new RecordingConsumer();
        (await fixture.edgeHandle()).consume(consumer);
        fixture.producer.reset(start('e1'));
        fixture.producer.replayStatus(status('e1', 10));
        fixture.producer.replayStatus(status('e1', 20));
        await eventually(() => expect(consumer.statuses.map((s) => s.position)).toEqual([10, 20]));
        const late = new RecordingConsumer();
        (await fixture.edgeHandle()).consume(late);
        await eventually(() => expect(late.statuses.at(-1)?.position).toBe(20));
      } finally {
        await fixture.close();
      }
    });

    it('tells the producer when a consumer is behind, and ready() resolves once it has caught up', async () => {
      const fixture = await open();
      try {
        const consumer = new RecordingConsumer();
        (await fixture.edgeHandle()).consume(consumer);
        fixture.producer.reset(start('e1'));
        consumer.behind = true;
        let ready = false;
        await eventually(() => {
          fixture.producer.publish(batch('e1', consumer.batches.length + 1, [tick('AAPL', 101, 1000)]));
          expect(fixture.producer.publish(batch('e1', consumer.batches.length + 2, [tick('AAPL', 101, 1000)]))).toBe(false);
        });
        const waiting = fixture.producer.ready().then(() => (ready = true));
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(ready).toBe(false);
        consumer.behind = false;
        await waiting;
        expect(ready).toBe(true);
      } finally {
        await fixture.close();
      }
    });

    it('stops delivering to a consumer that stopped consuming', async () => {
      const fixture = await open();
      try {
        const consumer = new RecordingConsumer();
        const stop = (await fixture.edgeHandle()).consume(consumer);
        fixture.producer.reset(start('e1'));
        fixture.producer.publish(batch('e1', 1, [tick('AAPL', 101, 1000)]));
        await eventually(() => expect(consumer.batches).toHaveLength(1));
        stop();
        fixture.producer.publish(batch('e1', 2, [tick('AAPL', 102, 1100)]));
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(consumer.batches).toHaveLength(1);
      } finally {
        await fixture.close();
      }
    });
  });
}
