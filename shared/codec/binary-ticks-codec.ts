import type { SymbolMeta, Tick, TicksMessage } from '../protocol.ts';
import type { TicksCodec } from './ticks-codec.ts';
import { exactUnits, symbolUnits, type SymbolUnits } from './symbol-units.ts';
import { ByteReader, ByteWriter } from './varint.ts';

export const BINARY_SUBPROTOCOL = 'tickwall.binary.v2';

export const FRAME_TICKS = 0x01;

/** How a price (or a bid or ask offset) is written: whole ticks of the symbol's tick size, or a raw float64. */
const ON_GRID = 0;
const RAW = 1;
/** How a size is written (bits 1-2 of its value; bit 0 is volumeOnly): whole lots, hundreds of lots, or raw. */
const LOTS = 0;
const HUNDRED_LOTS = 1;
const RAW_SIZE = 2;

/**
 * The compact binary form of a `ticks` message (subprotocol
 * tickwall.binary.v2): columnar within the batch, symbols as ids (their
 * index in hello.symbols), times as deltas from the previous tick, each
 * price as a delta in the symbol's ticks from the previous price of that
 * symbol in the frame (the first from its previous close), sizes in the
 * symbol's lots with a round-lot shortcut, bid and ask as offsets from the
 * price, all as varints. A value that is off its grid or too large for a
 * safe varint travels as a raw float64, so every finite positive number
 * decodes exactly. Stateless per frame, so resume and replay need nothing
 * extra. Layout (docs/protocol.md has it with examples):
 *
 *   u8 0x01 | varint epochLength | epoch utf8 | varint seq | varint count
 *   | varint firstTime | count x varint symbolId | count x zigzag timeDelta
 *   | count x zigzag price | count x varint size | count x varint bid | count x varint ask
 *   | raw float64s, little-endian, in column order (prices, sizes, bids, asks)
 *
 * price = zigzag(delta) * 2 + kind, kind 0 = delta in ticks, 1 = raw (delta 0).
 * size = (n << 3) | (kind << 1) | volumeOnly, kind 0 = n lots, 1 = n hundreds of lots, 2 = raw (n 0).
 * bid/ask = 0 when absent, else 1 + (zigzag(price - it in ticks) * 2 + kind), kind as for price.
 */
export class BinaryTicksCodec implements TicksCodec {
  readonly name = 'binary' as const;
  readonly subprotocol = BINARY_SUBPROTOCOL;
  readonly binaryFrames = true;
  private readonly infos: SymbolUnits[];
  private readonly ids: Map<string, number>;
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();
  private batch: { epoch: string; seq: number; ticks: readonly Tick[] } = { epoch: '', seq: 0, ticks: [] };

  constructor(symbols: readonly SymbolMeta[]) {
    ({ units: this.infos, ids: this.ids } = symbolUnits(symbols));
  }

  beginBatch(epoch: string, seq: number, ticks: readonly Tick[]): void {
    this.batch = { epoch, seq, ticks };
  }

  /** Binary frames are columnar per message, so there is no per-tick work to share between subsets. */
  encodeSubset(indexes: readonly number[]): Uint8Array {
    const { epoch, seq, ticks } = this.batch;
    return this.encode({ type: 'ticks', epoch, seq, ticks: indexes.map((i) => ticks[i]!) });
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
    const lastTicks = new Map<SymbolUnits, number>();
    ticks.forEach((tick, i) => {
      const info = infos[i]!;
      const units = exactUnits(tick.price, info.ticksPerUnit);
      if (units === null) {
        raws.push(tick.price);
        return out.signed(RAW);
      }
      out.signed((units - (lastTicks.get(info) ?? info.referenceTicks)) * 2 + ON_GRID);
      lastTicks.set(info, units);
    });
    ticks.forEach((tick, i) => {
      const flag = tick.volumeOnly ? 1 : 0;
      const lots = exactUnits(tick.size, infos[i]!.lotsPerUnit);
      if (lots === null) {
        raws.push(tick.size);
        return out.unsigned((RAW_SIZE << 1) | flag);
      }
      if (lots % 100 === 0) out.unsigned((lots / 100) * 8 + (HUNDRED_LOTS << 1) + flag);
      else out.unsigned(lots * 8 + (LOTS << 1) + flag);
    });
    for (const side of ['bid', 'ask'] as const) {
      ticks.forEach((tick, i) => {
        const quote = tick[side];
        if (quote === undefined) return out.unsigned(0);
        const info = infos[i]!;
        const priceUnits = exactUnits(tick.price, info.ticksPerUnit);
        const quoteUnits = exactUnits(quote, info.ticksPerUnit);
        if (priceUnits === null || quoteUnits === null) {
          raws.push(quote);
          return out.unsigned(1 + RAW);
        }
        out.unsigned(1 + zigzag(priceUnits - quoteUnits) * 2 + ON_GRID);
      });
    }
    for (const raw of raws) out.float64(raw);
    return out.finish();
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
    const infos: SymbolUnits[] = [];
    for (let i = 0; i < count; i++) {
      const info = this.infos[input.unsigned()];
      if (!info) throw new RangeError('unknown symbol id');
      infos.push(info);
    }
    const times: number[] = [];
    for (let i = 0; i < count; i++) times.push((time += input.signed()));
    const priceValues = Array.from({ length: count }, () => input.signed());
    const sizeValues = Array.from({ length: count }, () => input.unsigned());
    const sideValues = { bid: Array.from({ length: count }, () => input.unsigned()), ask: Array.from({ length: count }, () => input.unsigned()) };
    // Raws come after every column, in column order.
    const prices = priceValues.map((value) => (mod2(value) === RAW ? input.float64() : Number.NaN));
    const lastTicks = new Map<SymbolUnits, number>();
    priceValues.forEach((value, i) => {
      if (mod2(value) === RAW) return;
      const info = infos[i]!;
      const units = (lastTicks.get(info) ?? info.referenceTicks) + (value - ON_GRID) / 2;
      lastTicks.set(info, units);
      prices[i] = units / info.ticksPerUnit;
    });
    const sizes = sizeValues.map((value, i) => {
      const kind = Math.floor(value / 2) % 4;
      const n = Math.floor(value / 8);
      if (kind === RAW_SIZE) return input.float64();
      return (kind === HUNDRED_LOTS ? n * 100 : n) / infos[i]!.lotsPerUnit;
    });
    const sides = { bid: [] as (number | undefined)[], ask: [] as (number | undefined)[] };
    for (const side of ['bid', 'ask'] as const) {
      sideValues[side].forEach((value, i) => {
        if (value === 0) return void sides[side].push(undefined);
        const coded = value - 1;
        if (mod2(coded) === RAW) return void sides[side].push(input.float64());
        const info = infos[i]!;
        const offset = unzigzag((coded - ON_GRID) / 2);
        sides[side].push((Math.round(prices[i]! * info.ticksPerUnit) - offset) / info.ticksPerUnit);
      });
    }
    const ticks: Tick[] = [];
    for (let i = 0; i < count; i++) {
      const tick: Tick = { symbol: infos[i]!.symbol, price: prices[i]!, size: sizes[i]!, time: times[i]! };
      if (sides.bid[i] !== undefined) tick.bid = sides.bid[i];
      if (sides.ask[i] !== undefined) tick.ask = sides.ask[i];
      if (sizeValues[i]! % 2 === 1) tick.volumeOnly = true;
      ticks.push(tick);
    }
    return { type: 'ticks', epoch, seq, ticks };
  }
}

/** The value in whole units (units / perUnit is exactly it), or null when it is off the grid or too large for a safe varint. */

function mod2(value: number): number {
  return ((value % 2) + 2) % 2;
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
