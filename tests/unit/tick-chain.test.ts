import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BinaryTicksCodec, TickTimeReader } from '../../shared/codec/binary-ticks-codec.ts';
import { TickChain } from '../../shared/codec/tick-chain.ts';
import type { SymbolMeta, Tick, TicksMessage } from '../../shared/protocol.ts';

const crypto: SymbolMeta[] = [
  { symbol: 'BTC-USD', name: 'Bitcoin', sector: 'Crypto', prevClose: null, tickSize: 0.01, lotSize: 1e-8, currency: 'USD', calendar: '24x7' },
  { symbol: 'ETH-USD', name: 'Ethereum', sector: 'Crypto', prevClose: null, tickSize: 0.01, lotSize: 1e-8, currency: 'USD', calendar: '24x7' },
  { symbol: 'AAPL', name: 'Apple', sector: 'Tech', prevClose: 170.25, tickSize: 0.01 },
];
const symbols = crypto.map((s) => s.symbol);

/** Sends `messages` down one chain, as the fan-out does for a subscription group; returns the frames. */
function chained(messages: readonly TicksMessage[], chain = new TickChain(), encoder = new BinaryTicksCodec(crypto)): Uint8Array[] {
  return messages.map((m) => {
    encoder.beginBatch(m.epoch, m.seq, m.ticks);
    return encoder.encodeSubset(m.ticks.map((_, i) => i), chain);
  });
}

const minuteBars: TicksMessage[] = [0, 1, 2, 3].map((minute) => ({
  type: 'ticks',
  epoch: 'E1',
  seq: minute + 1,
  ticks: [
    { symbol: 'BTC-USD', price: 4123.45 + minute * 0.37, size: 1.17610878, time: 1_504_396_800_000 + minute * 60_000, bid: 4123.44, ask: 4123.45 },
    { symbol: 'ETH-USD', price: 301.07 - minute * 0.05, size: 12.5, time: 1_504_396_800_000 + minute * 60_000, bid: 301.06, ask: 301.08 },
  ],
}));

describe('chained binary ticks frames (TickChain)', () => {
  it('decode, in order, to exactly the messages sent, in fewer bytes than key frames', () => {
    const frames = chained(minuteBars);
    const decoder = new BinaryTicksCodec(crypto);
    expect(frames.map((f) => decoder.decode(f))).toEqual(minuteBars);
    const keyFrames = minuteBars.map((m) => new BinaryTicksCodec(crypto).encode(m));
    // The first frame of a chain is a key frame; the rest carry no epoch, no absolute seq or time, and the sizes and quotes that did not change as one byte each.
    expect(frames[0]!.length).toBe(keyFrames[0]!.length);
    for (let i = 1; i < frames.length; i++) expect(frames[i]!.length).toBeLessThan(keyFrames[i]!.length - 8);
  });

  it('a chained frame without its key frame is refused, clearly, until the next key frame', () => {
    const chain = new TickChain();
    const frames = chained(minuteBars, chain);
    const late = new BinaryTicksCodec(crypto);
    expect(() => late.decode(frames[2]!)).toThrow(/chained ticks frame without the key frame that starts its chain/);
    chain.restart(); // what the fan-out does when a client joins or drops a batch
    const [restarted] = chained([{ ...minuteBars[3]!, seq: 9 }], chain);
    expect(late.decode(restarted!)).toEqual({ ...minuteBars[3]!, seq: 9 });
  });

  it('a new epoch, or a seq that does not move forward, starts the chain again with a key frame', () => {
    const chain = new TickChain();
    const decoder = new BinaryTicksCodec(crypto);
    const frames = chained([minuteBars[0]!, { ...minuteBars[1]!, epoch: 'E2', seq: 1 }, { ...minuteBars[2]!, epoch: 'E2', seq: 1 }], chain);
    expect(frames.map((f) => decoder.decode(f)).map((m) => [m.epoch, m.seq])).toEqual([['E1', 1], ['E2', 1], ['E2', 1]]);
    // A key frame carries the epoch's bytes; a continuation does not.
    expect(new TextDecoder().decode(frames[1]!)).toContain('E2');
    expect(new TextDecoder().decode(frames[2]!)).toContain('E2');
  });

  it('a damaged chained frame ends the chain: what follows is refused, not misread', () => {
    const frames = chained(minuteBars);
    const decoder = new BinaryTicksCodec(crypto);
    decoder.decode(frames[0]!);
    expect(() => decoder.decode(frames[1]!.subarray(0, frames[1]!.length - 3))).toThrow(RangeError);
    expect(() => decoder.decode(frames[2]!)).toThrow(/without the key frame/);
  });

  it('key frames (recordings, Redis, resume) decode anywhere and leave a connection\'s chain alone', () => {
    const frames = chained(minuteBars);
    const decoder = new BinaryTicksCodec(crypto);
    decoder.decode(frames[0]!);
    decoder.decode(new BinaryTicksCodec(crypto).encode({ ...minuteBars[3]!, epoch: 'other', seq: 77 }));
    expect(decoder.decode(frames[1]!)).toEqual(minuteBars[1]);
  });

  it('a value that only looks like "nothing yet" (a NaN size first in a chain) still travels as itself', () => {
    const message: TicksMessage = { type: 'ticks', epoch: 'E', seq: 1, ticks: [{ symbol: 'BTC-USD', price: 1, size: Number.NaN, time: 5 }] };
    expect(new BinaryTicksCodec(crypto).decode(chained([message])[0]!)).toEqual(message);
  });

  it('TickTimeReader follows the chain\'s times as a full decode does', () => {
    const frames = chained(minuteBars);
    const reader = new TickTimeReader();
    const times: number[] = [];
    for (const frame of frames) reader.forEach(frame, (t) => times.push(t));
    expect(times).toEqual(minuteBars.flatMap((m) => m.ticks.map((t) => t.time)));
    expect(() => new TickTimeReader().forEach(frames[1]!, () => {})).toThrow(/without the key frame/);
  });

  const price = fc.oneof(
    fc.integer({ min: 1, max: 5_000_000 }).map((cents) => cents / 100),
    fc.integer({ min: 1, max: 2 ** 40 }).map((satoshi) => satoshi / 1e8),
    fc.double({ min: 1e-12, max: 1e300, noNaN: true, noDefaultInfinity: true }),
  );
  const size = fc.oneof(fc.constantFrom(100, 1.5, 0.25), fc.integer({ min: 1, max: 2 ** 31 }), fc.integer({ min: 1, max: 2 ** 40 }).map((lots) => lots / 1e8), fc.double({ min: 1e-12, max: 1e300, noNaN: true, noDefaultInfinity: true }));
  const quote = fc.option(fc.oneof(price, fc.constantFrom(100, 4000.01)), { nil: undefined });
  const tick: fc.Arbitrary<Tick> = fc
    .record({ symbol: fc.constantFrom(...symbols), price: fc.oneof(price, fc.constantFrom(100, 4000.01)), size, dt: fc.integer({ min: -5, max: 60_000 }), bid: quote, ask: quote, volumeOnly: fc.boolean() })
    .map(({ bid, ask, volumeOnly, dt, ...rest }) => ({ ...rest, time: 1_700_000_000_000 + dt, ...(bid === undefined ? {} : { bid }), ...(ask === undefined ? {} : { ask }), ...(volumeOnly ? { volumeOnly: true as const } : {}) }));
  /** One published batch, and what happens to it on the way to one client. */
  const step = fc.record({ ticks: fc.array(tick, { minLength: 0, maxLength: 6 }), seqStep: fc.integer({ min: 1, max: 3 }), newEpoch: fc.integer({ min: 0, max: 19 }).map((n) => n === 0), dropped: fc.boolean() });

  it('property: whatever a client misses (the fan-out restarting the chain then), every frame it gets decodes exactly', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
        const chain = new TickChain();
        const encoder = new BinaryTicksCodec(crypto);
        const decoder = new BinaryTicksCodec(crypto);
        let epoch = 0;
        let seq = 0;
        for (const { ticks, seqStep, newEpoch, dropped } of steps) {
          if (newEpoch) epoch++;
          seq = newEpoch ? 1 : seq + seqStep;
          const message: TicksMessage = { type: 'ticks', epoch: `E${epoch}`, seq, ticks };
          const [frame] = chained([message], chain, encoder);
          if (dropped) chain.restart();
          else expect(decoder.decode(frame!)).toEqual(message);
        }
      }),
      { numRuns: 1000, seed: 13 },
    );
  });
});
