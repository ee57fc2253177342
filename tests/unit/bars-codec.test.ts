import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syntheticUniverse } from '../../feed/universe.ts';
import { BinaryBarsCodec } from '../../shared/codec/binary-bars-codec.ts';
import { JsonBarsCodec } from '../../shared/codec/json-bars-codec.ts';
import { serverFrameDecoder } from '../../shared/codec/codecs.ts';
import { BAR_INTERVALS } from '../../shared/bars/bar-interval.ts';
import { BarsMessage, type BarColumns } from '../../shared/protocol.ts';

const universe = syntheticUniverse(20);
const binary = new BinaryBarsCodec(universe);
const json = new JsonBarsCodec();

const onGrid = fc.integer({ min: 1, max: 5_000_000 }).map((cents) => cents / 100);
const anyPrice = fc.oneof(onGrid, onGrid, onGrid, fc.double({ min: 1e-9, max: 1e12, noNaN: true, noDefaultInfinity: true }));
const volume = fc.oneof(fc.integer({ min: 0, max: 2 ** 40 }), fc.double({ min: 0, max: 1e15, noNaN: true, noDefaultInfinity: true }));

/** One bar: priced (low <= open, close <= high) or volume-only (no prices). */
const bar = fc.oneof(
  fc.tuple(anyPrice, anyPrice, anyPrice, anyPrice, volume, fc.nat(1_000_000), fc.option(anyPrice, { nil: null })).map(([a, b, c, d, v, n, vwap]) => {
    const [low, open, close, high] = [a, b, c, d].sort((x, y) => x - y);
    return { open: open!, high: high!, low: low!, close: close!, volume: v, count: n, vwap };
  }),
  fc.tuple(volume, fc.nat(100)).map(([v, n]) => ({ open: null, high: null, low: null, close: null, volume: v, count: n, vwap: null })),
);

const columns: fc.Arbitrary<BarColumns> = fc
  .tuple(fc.integer({ min: 0, max: 4_000_000_000 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 90_000 }), bar), { maxLength: 40 }))
  .map(([start, bars]) => {
    const out: BarColumns = { time: [], open: [], high: [], low: [], close: [], volume: [], count: [], vwap: [] };
    let time = start;
    for (const [gap, b] of bars) {
      time += gap;
      out.time.push(time * 1000);
      for (const key of ['open', 'high', 'low', 'close', 'volume', 'count', 'vwap'] as const) (out[key] as unknown[]).push(b[key]);
    }
    return out;
  });

const message: fc.Arbitrary<BarsMessage> = fc
  .record({
    id: fc.option(fc.string({ minLength: 1, maxLength: 64 }), { nil: undefined }),
    epoch: fc.string({ minLength: 1, maxLength: 64 }),
    seq: fc.nat(),
    interval: fc.constantFrom(...BAR_INTERVALS),
    series: fc.uniqueArray(fc.record({ symbol: fc.constantFrom(...universe.map((s) => s.symbol)), bars: columns }), { selector: (s) => s.symbol, maxLength: 5 }),
  })
  .map(({ id, ...rest }) => ({ type: 'bars' as const, ...(id === undefined ? {} : { id }), ...rest }));

/** VWAP travels in hundredths of a tick: exact enough to draw, not to the last bit. */
function withoutVwap(m: BarsMessage): BarsMessage {
  return { ...m, series: m.series.map((s) => ({ ...s, bars: { ...s.bars, vwap: [] } })) };
}

describe('bars codecs', () => {
  it('json: decode(encode(x)) equals x, and satisfies the protocol schema', () => {
    fc.assert(
      fc.property(message, (m) => {
        const decoded = json.decode(json.encode(m));
        expect(decoded).toEqual(m);
        expect(BarsMessage.safeParse(decoded).success).toBe(true);
      }),
      { numRuns: 500, seed: 3 },
    );
  });

  it('binary: OHLC, volume, count and times decode exactly; VWAP to within half a hundredth of a tick', () => {
    fc.assert(
      fc.property(message, (m) => {
        const decoded = binary.decode(binary.encode(m));
        expect(withoutVwap(decoded)).toEqual(withoutVwap(m));
        expect(BarsMessage.safeParse(decoded).success).toBe(true);
        m.series.forEach((s, i) =>
          s.bars.vwap.forEach((vwap, j) => {
            const got = decoded.series[i]!.bars.vwap[j]!;
            if (vwap === null) return expect(got).toBeNull();
            expect(Math.abs(got - vwap)).toBeLessThanOrEqual(0.01 * 0.005 + Math.abs(vwap) * 1e-12);
          }),
        );
      }),
      { numRuns: 1000, seed: 4 },
    );
  });

  it('binary bars frames start with 0x02 and the one server-frame decoder tells them from ticks', () => {
    const m: BarsMessage = {
      type: 'bars',
      epoch: 'e1',
      seq: 9,
      interval: '1m',
      series: [{ symbol: universe[0]!.symbol, bars: { time: [60_000], open: [10], high: [10.5], low: [9.99], close: [10.2], volume: [300], count: [3], vwap: [10.1] } }],
    };
    const frame = binary.encode(m);
    expect(frame[0]).toBe(0x02);
    expect(serverFrameDecoder(universe)(frame)).toEqual(m);
  });

  it('rejects bar times that are not whole seconds in order, and symbols outside the universe', () => {
    const bad = (time: number[], symbol = universe[0]!.symbol): BarsMessage => ({
      type: 'bars',
      epoch: 'e',
      seq: 0,
      interval: '1m',
      series: [{ symbol, bars: { time, open: time.map(() => 1), high: time.map(() => 1), low: time.map(() => 1), close: time.map(() => 1), volume: time.map(() => 1), count: time.map(() => 1), vwap: time.map(() => 1) } }],
    });
    expect(() => binary.encode(bad([1500]))).toThrow(/whole seconds/);
    expect(() => binary.encode(bad([2000, 1000]))).toThrow(/in order/);
    expect(() => binary.encode(bad([1000], 'NOPE'))).toThrow(/NOPE/);
  });

  it('is several times smaller than JSON for a real-looking session', () => {
    const bars: BarColumns = { time: [], open: [], high: [], low: [], close: [], volume: [], count: [], vwap: [] };
    let price = 18_000;
    for (let i = 0; i < 390; i++) {
      const open = price;
      price += ((i * 7919) % 11) - 5;
      bars.time.push(1_700_000_000_000 + i * 60_000);
      bars.open.push(open / 100);
      bars.close.push(price / 100);
      bars.high.push((Math.max(open, price) + 3) / 100);
      bars.low.push((Math.min(open, price) - 2) / 100);
      bars.volume.push(10_000 + ((i * 31) % 5000));
      bars.count.push(40 + (i % 17));
      bars.vwap.push((open + price) / 200);
    }
    const m: BarsMessage = { type: 'bars', epoch: 'e', seq: 1, interval: '1m', series: [{ symbol: universe[0]!.symbol, bars }] };
    const perBarJson = json.encode(m).length / 390;
    const perBarBinary = binary.encode(m).length / 390;
    expect(perBarBinary).toBeLessThan(14);
    expect(perBarJson / perBarBinary).toBeGreaterThan(5);
  });
});
