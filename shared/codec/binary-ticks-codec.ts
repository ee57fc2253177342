import type { SymbolMeta, Tick, TicksMessage } from '../protocol.ts';
import type { TicksCodec } from './ticks-codec.ts';
import { ByteReader, ByteWriter } from './varint.ts';

export const BINARY_SUBPROTOCOL = 'tickwall.binary.v1';

const FRAME_TICKS = 0x01;
/** Price encodings, in the low two bits of each price value. */
const ON_TICK = 0;
const ON_FINE = 1;
const RAW = 2;
const FINE_UNITS = 10_000;

interface SymbolCodecInfo {
  symbol: string;
  unitsPerDollar: number;
  referenceUnits: number;
  referenceFine: number;
}

/**
 * The compact binary form of a `ticks` message: columnar within the batch,
 * symbols as ids (their index in hello.symbols), times as deltas from the
 * previous tick, prices as deltas from the symbol's previous close in tick
 * units (escapes for sub-tick and arbitrary prices keep decoding exact),
 * sizes with a round-lot shortcut, bid and ask as offsets from the price,
 * everything as varints. Stateless per batch, so resume and replay need
 * nothing extra. Layout:
 *
 *   u8 0x01 | varint epochLength | epoch utf8 | varint seq | varint count
 *   | varint firstTime | count x varint symbolId | count x zigzag timeDelta
 *   | count x zigzag price | count x varint size | count x zigzag bid | count x zigzag ask
 *
 * price = (delta << 2) | kind: kind 0 = delta in ticks of the symbol's tick
 * size, 1 = delta in 1/10,000 dollar, 2 = raw float64 follows (delta 0).
 * size = size/100 << 1 | 1 for round lots, size << 1 otherwise.
 * bid/ask = 0 when absent, else 1 + zigzag(price encoding of (price - it)).
 */
export class BinaryTicksCodec implements TicksCodec {
  readonly name = 'binary' as const;
  readonly subprotocol = BINARY_SUBPROTOCOL;
  readonly binaryFrames = true;
  private readonly infos: SymbolCodecInfo[];
  private batch: { epoch: string; seq: number; ticks: readonly Tick[] } = { epoch: '', seq: 0, ticks: [] };
  private readonly ids = new Map<string, number>();
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  constructor(symbols: readonly SymbolMeta[]) {
    this.infos = symbols.map((meta, id) => {
      this.ids.set(meta.symbol, id);
      const unitsPerDollar = Math.round(1 / meta.tickSize);
      return {
        symbol: meta.symbol,
        unitsPerDollar,
        referenceUnits: Math.round(meta.prevClose * unitsPerDollar),
        referenceFine: Math.round(meta.prevClose * FINE_UNITS),
      };
    });
  }

  encode(message: TicksMessage): Uint8Array {
    const { ticks } = message;
    const out = new ByteWriter(16 + message.epoch.length + ticks.length * 12);
    out.byte(FRAME_TICKS);
    const epoch = this.encoder.encode(message.epoch);
    out.unsigned(epoch.length);
    out.bytes(epoch);
    out.unsigned(message.seq);
    out.unsigned(ticks.length);
    if (ticks.length === 0) return out.finish();
    out.unsigned(ticks[0]!.time);
    const infos = ticks.map((tick) => {
      const id = this.ids.get(tick.symbol);
      if (id === undefined) throw new RangeError(`symbol ${tick.symbol} is not in this codec's universe`);
      out.unsigned(id);
      return this.infos[id]!;
    });
    let previousTime = ticks[0]!.time;
    for (const tick of ticks) {
      out.signed(tick.time - previousTime);
      previousTime = tick.time;
    }
    const raws: number[] = [];
    ticks.forEach((tick, i) => out.signed(this.priceValue(tick.price, infos[i]!, raws)));
    for (const tick of ticks) out.unsigned(tick.size % 100 === 0 ? (tick.size / 100) * 2 + 1 : tick.size * 2);
    for (const side of ['bid', 'ask'] as const) {
      ticks.forEach((tick, i) => {
        const quote = tick[side];
        if (quote === undefined) return out.unsigned(0);
        out.unsigned(1 + zigzag(this.offsetValue(tick.price, quote, infos[i]!, raws)));
      });
    }
    for (const raw of raws) out.float64(raw);
    return out.finish();
  }

  beginBatch(epoch: string, seq: number, ticks: readonly Tick[]): void {
    this.batch = { epoch, seq, ticks };
  }

  /** Binary frames are columnar per message, so there is no per-tick work to share between subsets. */
  encodeSubset(indexes: readonly number[]): Uint8Array {
    const { epoch, seq, ticks } = this.batch;
    return this.encode({ type: 'ticks', epoch, seq, ticks: indexes.map((i) => ticks[i]!) });
  }

  decode(frame: string | Uint8Array): TicksMessage {
    if (typeof frame === 'string') throw new TypeError('binary ticks frames are bytes, not text');
    const input = new ByteReader(frame);
    if (input.byte() !== FRAME_TICKS) throw new RangeError('not a tickwall binary ticks frame');
    const epoch = this.decoder.decode(input.bytesOf(input.unsigned()));
    const seq = input.unsigned();
    const count = input.unsigned();
    if (count > frame.length) throw new RangeError('tick count exceeds the frame');
    if (count === 0) return { type: 'ticks', epoch, seq, ticks: [] };
    let time = input.unsigned();
    const infos: SymbolCodecInfo[] = [];
    for (let i = 0; i < count; i++) {
      const info = this.infos[input.unsigned()];
      if (!info) throw new RangeError('unknown symbol id');
      infos.push(info);
    }
    const times: number[] = [];
    for (let i = 0; i < count; i++) times.push((time += input.signed()));
    const prices: number[] = [];
    const pendingRaw: { index: number; kind: 'price' | 'bid' | 'ask' }[] = [];
    for (let i = 0; i < count; i++) {
      const value = input.signed();
      const kind = mod4(value);
      if (kind === RAW) pendingRaw.push({ index: i, kind: 'price' });
      prices.push(kind === RAW ? Number.NaN : this.priceFrom(value, infos[i]!));
    }
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const value = input.unsigned();
      sizes.push(value % 2 === 1 ? ((value - 1) / 2) * 100 : value / 2);
    }
    const quoteValues: Record<'bid' | 'ask', (number | null)[]> = { bid: [], ask: [] };
    for (const side of ['bid', 'ask'] as const) {
      for (let i = 0; i < count; i++) {
        const value = input.unsigned();
        if (value === 0) quoteValues[side].push(null);
        else {
          const offset = unzigzag(value - 1);
          if (mod4(offset) === RAW) pendingRaw.push({ index: i, kind: side });
          quoteValues[side].push(offset);
        }
      }
    }
    const raws = new Map<string, number>();
    for (const pending of pendingRaw) raws.set(`${pending.kind}:${pending.index}`, input.float64());
    const ticks: Tick[] = [];
    for (let i = 0; i < count; i++) {
      const price = raws.get(`price:${i}`) ?? prices[i]!;
      const tick: Tick = { symbol: infos[i]!.symbol, price, size: sizes[i]!, time: times[i]! };
      for (const side of ['bid', 'ask'] as const) {
        const offset = quoteValues[side][i];
        if (offset === null || offset === undefined) continue;
        tick[side] = raws.get(`${side}:${i}`) ?? this.quoteFrom(price, offset, infos[i]!);
      }
      ticks.push(tick);
    }
    return { type: 'ticks', epoch, seq, ticks };
  }

  /** A price as a delta from the symbol's previous close, in the coarsest unit that is exact. */
  private priceValue(price: number, info: SymbolCodecInfo, raws: number[]): number {
    const units = Math.round(price * info.unitsPerDollar);
    if (units / info.unitsPerDollar === price) return (units - info.referenceUnits) * 4 + ON_TICK;
    const fine = Math.round(price * FINE_UNITS);
    if (fine / FINE_UNITS === price) return (fine - info.referenceFine) * 4 + ON_FINE;
    raws.push(price);
    return RAW;
  }

  private priceFrom(value: number, info: SymbolCodecInfo): number {
    const kind = mod4(value);
    const delta = (value - kind) / 4;
    return kind === ON_TICK ? (info.referenceUnits + delta) / info.unitsPerDollar : (info.referenceFine + delta) / FINE_UNITS;
  }

  /** A bid or ask as its distance from the trade price, exact in the same way. */
  private offsetValue(price: number, quote: number, info: SymbolCodecInfo, raws: number[]): number {
    const priceUnits = Math.round(price * info.unitsPerDollar);
    const quoteUnits = Math.round(quote * info.unitsPerDollar);
    if (priceUnits / info.unitsPerDollar === price && quoteUnits / info.unitsPerDollar === quote) return (priceUnits - quoteUnits) * 4 + ON_TICK;
    const priceFine = Math.round(price * FINE_UNITS);
    const quoteFine = Math.round(quote * FINE_UNITS);
    if (priceFine / FINE_UNITS === price && quoteFine / FINE_UNITS === quote) return (priceFine - quoteFine) * 4 + ON_FINE;
    raws.push(quote);
    return RAW;
  }

  private quoteFrom(price: number, value: number, info: SymbolCodecInfo): number {
    const kind = mod4(value);
    const delta = (value - kind) / 4;
    return kind === ON_TICK
      ? (Math.round(price * info.unitsPerDollar) - delta) / info.unitsPerDollar
      : (Math.round(price * FINE_UNITS) - delta) / FINE_UNITS;
  }
}

function mod4(value: number): number {
  return ((value % 4) + 4) % 4;
}

function zigzag(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

function unzigzag(value: number): number {
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}

/**
 * Calls `visit` with the time of every tick in a binary `ticks` frame,
 * reading only the header, symbol ids and time deltas: what a load-test
 * client needs for latency, at a fraction of a full decode. Returns the
 * tick count.
 */
export function forEachTickTime(frame: Uint8Array, visit: (time: number) => void): number {
  const reader = new ByteReader(frame);
  if (reader.byte() !== FRAME_TICKS) throw new RangeError('not a tickwall binary ticks frame');
  reader.bytesOf(reader.unsigned()); // epoch
  reader.unsigned(); // seq
  const count = reader.unsigned();
  if (count === 0) return 0;
  let time = reader.unsigned();
  for (let i = 0; i < count; i++) reader.unsigned(); // symbol ids
  for (let i = 0; i < count; i++) {
    time += reader.signed();
    visit(time);
  }
  return count;
}
