import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syntheticUniverse } from '../../feed/universe.ts';
import { MarketSimulator } from '../../feed/simulator.ts';
import { TicksMessage, type Tick } from '../../shared/protocol.ts';
import { BinaryTicksCodec } from '../../shared/codec/binary-ticks-codec.ts';
import { JsonTicksCodec } from '../../shared/codec/json-ticks-codec.ts';
import type { TicksCodec } from '../../shared/codec/ticks-codec.ts';

const universe = syntheticUniverse(40);
const binary = new BinaryTicksCodec(universe);
const jsonTicksCodec = new JsonTicksCodec();
const symbols = universe.map((s) => s.symbol);

const price = fc.oneof(
  fc.integer({ min: 1, max: 5_000_000 }).map((cents) => cents / 100),
  fc.integer({ min: 1, max: 50_000_000 }).map((fine) => fine / 10_000),
  fc.integer({ min: 1, max: 2 ** 40 }).map((satoshi) => satoshi / 1e8),
  fc.double({ min: 1e-12, max: 1e300, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1e14, 1e20, 2 ** 53, Number.MAX_VALUE, Number.MIN_VALUE),
);
const size = fc.oneof(
  fc.integer({ min: 1, max: 99 }),
  fc.integer({ min: 1, max: 1000 }).map((lots) => lots * 100),
  fc.integer({ min: 1, max: 2 ** 31 }),
  fc.integer({ min: 1, max: 2 ** 40 }).map((lots) => lots / 1e8),
  fc.double({ min: 1e-12, max: 1e300, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1e20, 2 ** 53 + 2),
);
const tick: fc.Arbitrary<Tick> = fc
  .record({
    symbol: fc.constantFrom(...symbols),
    price,
    size,
    time: fc.integer({ min: 0, max: 4_102_444_800_000 }),
    bid: fc.option(price, { nil: undefined }),
    ask: fc.option(price, { nil: undefined }),
    volumeOnly: fc.option(fc.constant(true as const), { nil: undefined }),
  })
  .map(({ bid, ask, volumeOnly, ...rest }) => ({
    ...rest,
    ...(bid === undefined ? {} : { bid }),
    ...(ask === undefined ? {} : { ask }),
    ...(volumeOnly === undefined ? {} : { volumeOnly }),
  }));
const batch = fc.record({
  type: fc.constant('ticks' as const),
  epoch: fc.string({ minLength: 1, maxLength: 64 }),
  seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  ticks: fc.array(tick, { minLength: 1, maxLength: 60 }),
});

describe('ticks codecs (every TicksCodec)', () => {
  const codecs: [string, TicksCodec][] = [
    ['json', jsonTicksCodec],
    ['binary', binary],
  ];

  it.each(codecs)('%s: fan-out subsets of a batch decode to exactly those ticks, in order, however many subsets share the batch', (_, codec) => {
    fc.assert(
      fc.property(batch, fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 4 }), (message, subsets) => {
        codec.beginBatch(message.epoch, message.seq, message.ticks);
        for (const subset of subsets) {
          const indexes = [...new Set(subset.map((i) => i % message.ticks.length))].sort((a, b) => a - b);
          const decoded = codec.decode(codec.encodeSubset(indexes));
          expect(decoded).toEqual({ ...message, ticks: indexes.map((i) => message.ticks[i]) });
        }
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it.each(codecs)('%s: decode(encode(x)) equals x, and the result satisfies the protocol schema', (_, codec) => {
    fc.assert(
      fc.property(batch, (message) => {
        const decoded = codec.decode(codec.encode(message));
        expect(decoded).toEqual(message);
        expect(TicksMessage.safeParse(decoded).success).toBe(true);
      }),
      { numRuns: 2000, seed: 42 },
    );
  });

  it('binary: about 7 bytes a tick on simulated batches, against about 90 in JSON', () => {
    const simulator = new MarketSimulator({ universe, seed: 3, ticksPerSecond: 5000, startTime: Date.UTC(2026, 0, 5, 15) });
    let binaryBytes = 0;
    let jsonBytes = 0;
    let count = 0;
    for (let i = 1; i <= 200; i++) {
      const ticks: Tick[] = [];
      simulator.drainUntil(Date.UTC(2026, 0, 5, 15) + i * 50, ticks);
      const message = { type: 'ticks' as const, epoch: 'AbCdEfGh', seq: i, ticks };
      binaryBytes += binary.encode(message).length;
      jsonBytes += jsonTicksCodec.encode(message).length;
      count += ticks.length;
    }
    expect(binaryBytes / count).toBeLessThan(12);
    expect(jsonBytes / count).toBeGreaterThan(70);
  });

  it('binary: refuses symbols outside its universe and damaged frames, clearly', () => {
    expect(() => binary.encode({ type: 'ticks', epoch: 'e', seq: 1, ticks: [{ symbol: 'NOPE', price: 1, size: 1, time: 1 }] })).toThrow(/NOPE is not in this codec's universe/);
    const frame = binary.encode({ type: 'ticks', epoch: 'e', seq: 1, ticks: [{ symbol: symbols[0]!, price: 10, size: 100, time: 5 }] });
    expect(() => binary.decode(frame.subarray(0, frame.length - 2))).toThrow(RangeError);
    expect(() => binary.decode(new Uint8Array([9, 9, 9]))).toThrow(/not a tickwall binary ticks frame/);
  });
});
