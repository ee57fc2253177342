import type { SymbolMeta, Tick, TicksMessage } from '../protocol.ts';
import type { TicksCodec } from './ticks-codec.ts';
import { exactUnits, symbolUnits, type SymbolUnits } from './symbol-units.ts';
import { TickChain } from './tick-chain.ts';
import { ByteReader, ByteWriter } from './varint.ts';

export const BINARY_SUBPROTOCOL = 'tickwall.binary.v3';

export const FRAME_TICKS = 0x01;

/** Frame flags, the low four bits of the head varint (count is the rest). */
const KEY = 1;
const CHAINED = 2;
const QUOTES = 4;
const SAME_TIME = 8;
const FLAG_SPAN = 16;

/**
 * A ticks frame's head, read once for every reader (the decoder, the
 * load-test time reader, the codec bench): flags and count, then the
 * epoch (key frames), seq (or its delta) and first time (or its delta).
 */
export interface FrameHead {
  count: number;
  flags: number;
  key: boolean;
  chained: boolean;
  /** Key frames only. */
  epoch: Uint8Array | null;
  /** The seq, or in a chained frame its difference from the previous one. */
  seq: number;
  /** The first tick's time, or in a chained frame its difference from the chain's time; null without ticks. */
  firstTime: number | null;
}

export function readFrameHead(input: ByteReader): FrameHead {
  if (input.byte() !== FRAME_TICKS) throw new RangeError('not a tickwall binary ticks frame');
  const head = input.unsigned();
  const flags = head % FLAG_SPAN;
  const key = (flags & KEY) !== 0;
  const chained = (flags & CHAINED) !== 0;
  if (!key && !chained) throw new RangeError('a ticks frame that is neither a key frame nor chained');
  const count = Math.floor(head / FLAG_SPAN);
  const epoch = key ? input.bytesOf(input.unsigned()) : null;
  const seq = input.unsigned();
  const firstTime = count === 0 ? null : key ? input.unsigned() : input.signed();
  return { count, flags, key, chained, epoch, seq, firstTime };
}

/** How a price (or a bid or ask offset) is written: whole ticks of the symbol's tick size, or a raw float64. */
const ON_GRID = 0;
const RAW = 1;
/** How a size is written (bits 1-2 of its value; bit 0 is volumeOnly): whole lots, hundreds of lots, raw, or the symbol's previous size. */
const LOTS = 0;
const HUNDRED_LOTS = 1;
const RAW_SIZE = 2;
const SAME_SIZE = 3;
/** A bid or ask: absent, the symbol's previous one again, or 2 + an offset from the price. */
const NO_QUOTE = 0;
const SAME_QUOTE = 1;
const QUOTE_OFFSET = 2;

/**
 * The compact binary form of a `ticks` message (subprotocol
 * tickwall.binary.v3): columnar within the batch, symbols as ids (their
 * index in hello.symbols), times as deltas, each price as a delta in the
 * symbol's ticks from the symbol's previous price (the first from its
 * previous close), sizes in the symbol's lots with round-lot and
 * same-as-before shortcuts, bid and ask as offsets from the price or
 * "unchanged", all as varints. A value that is off its grid or too large
 * for a safe varint travels as a raw float64, so every finite number
 * decodes exactly.
 *
 * Frames come in two kinds. A key frame stands alone: epoch, seq and time
 * in full, "previous" meaning earlier in the same frame. A chained frame
 * (what the fan-out sends a subscription group after its key frame) refers
 * to the frames before it on the connection (a TickChain): seq and time as
 * deltas, "previous" reaching back across frames. So a sparse stream (one
 * symbol a frame, a few frames a minute) does not pay the whole header and
 * every price again in each frame. Layout (docs/protocol.md has it in full):
 *
 *   u8 0x01 | varint head = count * 16 + flags (1 key, 2 chained, 4 quotes, 8 same time)
 *   | key: varint epochLength, epoch utf8, varint seq, varint firstTime
 *   | chained: varint seq - previous seq, zigzag firstTime - previous frame's last time
 *   | count x varint symbolId | unless same time: count x zigzag timeDelta
 *   | count x zigzag price | count x varint size | if quotes: count x varint bid, count x varint ask
 *   | raw float64s, little-endian, in column order (prices, sizes, bids, asks)
 *
 * price = zigzag(delta * 2 + kind), kind 0 = delta in ticks, 1 = raw (delta 0).
 * size = (n << 3) | (kind << 1) | volumeOnly, kind 0 = n lots, 1 = n hundreds of lots, 2 = raw, 3 = previous size (n 0).
 * bid/ask = 0 absent, 1 the previous one, else 2 + (zigzag(price - it in ticks) * 2 + kind), kind as for price.
 */
export class BinaryTicksCodec implements TicksCodec {
  readonly name = 'binary' as const;
  readonly subprotocol = BINARY_SUBPROTOCOL;
  readonly binaryFrames = true;
  private readonly infos: SymbolUnits[];
  private readonly ids: Map<string, number>;
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();
  /** The chain this codec's decode() follows: one connection's chained frames. */
  private readonly received = new TickChain();
  /** Restarted for every stand-alone key frame, encoded or decoded: "previous" within the frame only. */
  private readonly scratch = new TickChain();
  private batch: { epoch: string; seq: number; ticks: readonly Tick[] } = { epoch: '', seq: 0, ticks: [] };

  constructor(symbols: readonly SymbolMeta[]) {
    ({ units: this.infos, ids: this.ids } = symbolUnits(symbols));
  }

  beginBatch(epoch: string, seq: number, ticks: readonly Tick[]): void {
    this.batch = { epoch, seq, ticks };
  }

  /** Binary frames are columnar per message, so there is no per-tick work to share between subsets. */
  encodeSubset(indexes: readonly number[], chain?: TickChain): Uint8Array {
    const { epoch, seq, ticks } = this.batch;
    return this.write(epoch, seq, indexes.map((i) => ticks[i]!), chain ?? null);
  }

  /** A key frame: decodable on its own, by any receiver, in any order. */
  encode(message: TicksMessage): Uint8Array {
    return this.write(message.epoch, message.seq, message.ticks, null);
  }

  /**
   * Writes one frame. With a chain, the frame continues it when it can (same
   * epoch, a later seq) and starts it again with a key frame when it cannot;
   * either way the chain then holds what the receiver will hold.
   */
  private write(epoch: string, seq: number, ticks: readonly Tick[], chain: TickChain | null): Uint8Array {
    const key = chain === null || !chain.started || chain.epoch !== epoch || seq <= chain.seq;
    const memory = chain ?? this.scratch;
    if (key) memory.restart();
    const out = new ByteWriter(16 + epoch.length + ticks.length * 12);
    const firstTime = ticks[0]?.time ?? 0;
    const quotes = ticks.some((tick) => tick.bid !== undefined || tick.ask !== undefined);
    const sameTime = ticks.every((tick) => tick.time === firstTime);
    out.byte(FRAME_TICKS);
    out.unsigned(ticks.length * FLAG_SPAN + (key ? KEY : 0) + (chain ? CHAINED : 0) + (quotes ? QUOTES : 0) + (sameTime ? SAME_TIME : 0));
    if (key) {
      const bytes = this.encoder.encode(epoch);
      out.unsigned(bytes.length);
      out.bytes(bytes);
      out.unsigned(seq);
    } else {
      out.unsigned(seq - chain!.seq);
    }
    if (ticks.length > 0) {
      if (key) out.unsigned(firstTime);
      else out.signed(firstTime - chain!.time);
    }
    const ids = ticks.map((tick) => {
      const id = this.ids.get(tick.symbol);
      if (id === undefined) throw new RangeError(`symbol ${tick.symbol} is not in this codec's universe`);
      out.unsigned(id);
      return id;
    });
    if (!sameTime) {
      let previousTime = firstTime;
      for (const tick of ticks) {
        out.signed(tick.time - previousTime);
        previousTime = tick.time;
      }
    }
    const memories = ids.map((id) => memory.memoryOf(id));
    const raws: number[] = [];
    const priceUnits = ticks.map((tick, i) => {
      const info = this.infos[ids[i]!]!;
      const symbol = memories[i]!;
      const units = exactUnits(tick.price, info.ticksPerUnit);
      if (units === null) {
        raws.push(tick.price);
        out.signed(RAW);
      } else {
        out.signed((units - (symbol.priceUnits ?? info.referenceTicks)) * 2 + ON_GRID);
      }
      symbol.priceUnits = units ?? undefined;
      return units;
    });
    ticks.forEach((tick, i) => {
      const symbol = memories[i]!;
      const flag = tick.volumeOnly ? 1 : 0;
      const previous = symbol.size;
      symbol.size = tick.size;
      if (previous !== undefined && Object.is(tick.size, previous)) return out.unsigned((SAME_SIZE << 1) | flag);
      const lots = exactUnits(tick.size, this.infos[ids[i]!]!.lotsPerUnit);
      if (lots === null || lots < 0) {
        raws.push(tick.size);
        return out.unsigned((RAW_SIZE << 1) | flag);
      }
      if (lots % 100 === 0) out.unsigned((lots / 100) * 8 + (HUNDRED_LOTS << 1) + flag);
      else out.unsigned(lots * 8 + (LOTS << 1) + flag);
    });
    for (const side of ['bid', 'ask'] as const) {
      ticks.forEach((tick, i) => {
        const symbol = memories[i]!;
        const quote = tick[side];
        const previous = symbol[side];
        symbol[side] = quote;
        if (!quotes) return;
        if (quote === undefined) return out.unsigned(NO_QUOTE);
        if (Object.is(quote, previous)) return out.unsigned(SAME_QUOTE);
        const units = priceUnits[i]!;
        const quoteUnits = exactUnits(quote, this.infos[ids[i]!]!.ticksPerUnit);
        if (units === null || quoteUnits === null) {
          raws.push(quote);
          return out.unsigned(QUOTE_OFFSET + RAW);
        }
        out.unsigned(QUOTE_OFFSET + zigzag(units - quoteUnits) * 2 + ON_GRID);
      });
    }
    for (const raw of raws) out.float64(raw);
    if (chain) {
      chain.epoch = epoch;
      chain.seq = seq;
      if (ticks.length > 0) chain.time = ticks[ticks.length - 1]!.time;
    }
    return out.finish();
  }

  /**
   * Decodes a key frame on its own, or a chained frame against the frames
   * this codec decoded before it. A frame that cannot be decoded throws and
   * ends the chain: chained frames after it throw too, until a key frame.
   */
  decode(frame: string | Uint8Array): TicksMessage {
    if (typeof frame === 'string') throw new TypeError('binary ticks frames are bytes, not text');
    const input = new ByteReader(frame);
    const head = readFrameHead(input);
    if (head.count > frame.length) throw new RangeError('tick count exceeds the frame');
    const chain = head.chained ? this.received : this.scratch;
    if (!head.key && !chain.started) throw new RangeError('a chained ticks frame without the key frame that starts its chain');
    try {
      return this.read(input, head, chain);
    } catch (error) {
      chain.restart();
      throw error;
    }
  }

  private read(input: ByteReader, head: FrameHead, chain: TickChain): TicksMessage {
    const { key, flags, count } = head;
    if (key) chain.restart();
    const epoch = key ? this.decoder.decode(head.epoch!) : chain.epoch!;
    const seq = key ? head.seq : chain.seq + head.seq;
    chain.epoch = epoch;
    chain.seq = seq;
    if (count === 0) return { type: 'ticks', epoch, seq, ticks: [] };
    let time = key ? head.firstTime! : chain.time + head.firstTime!;
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      const id = input.unsigned();
      if (!this.infos[id]) throw new RangeError('unknown symbol id');
      ids.push(id);
    }
    const times: number[] = [];
    for (let i = 0; i < count; i++) times.push(flags & SAME_TIME ? time : (time += input.signed()));
    const priceValues = Array.from({ length: count }, () => input.signed());
    const sizeValues = Array.from({ length: count }, () => input.unsigned());
    const quotes = (flags & QUOTES) !== 0;
    const sideValues = {
      bid: Array.from({ length: quotes ? count : 0 }, () => input.unsigned()),
      ask: Array.from({ length: quotes ? count : 0 }, () => input.unsigned()),
    };
    // Raws come after every column, in column order; memories change in the order the encoder changed them.
    const memories = ids.map((id) => chain.memoryOf(id));
    const priceUnits: (number | undefined)[] = [];
    const prices = priceValues.map((value, i) => {
      const symbol = memories[i]!;
      const info = this.infos[ids[i]!]!;
      if (mod2(value) === RAW) {
        symbol.priceUnits = undefined;
        priceUnits.push(undefined);
        return input.float64();
      }
      const units = (symbol.priceUnits ?? info.referenceTicks) + (value - ON_GRID) / 2;
      symbol.priceUnits = units;
      priceUnits.push(units);
      return units / info.ticksPerUnit;
    });
    const sizes = sizeValues.map((value, i) => {
      const symbol = memories[i]!;
      const kind = Math.floor(value / 2) % 4;
      const n = Math.floor(value / 8);
      let size: number;
      if (kind === SAME_SIZE) {
        if (symbol.size === undefined) throw new RangeError('a size refers to a previous size that was never sent');
        size = symbol.size;
      } else if (kind === RAW_SIZE) {
        size = input.float64();
      } else {
        size = (kind === HUNDRED_LOTS ? n * 100 : n) / this.infos[ids[i]!]!.lotsPerUnit;
      }
      symbol.size = size;
      return size;
    });
    const sides = { bid: [] as (number | undefined)[], ask: [] as (number | undefined)[] };
    for (const side of ['bid', 'ask'] as const) {
      for (let i = 0; i < count; i++) {
        const symbol = memories[i]!;
        const value = quotes ? sideValues[side][i]! : NO_QUOTE;
        let quote: number | undefined;
        if (value === SAME_QUOTE) {
          if (symbol[side] === undefined) throw new RangeError(`an ${side} refers to a previous one that was never sent`);
          quote = symbol[side];
        } else if (value !== NO_QUOTE) {
          const coded = value - QUOTE_OFFSET;
          if (mod2(coded) === RAW) {
            quote = input.float64();
          } else {
            const units = priceUnits[i];
            if (units === undefined) throw new RangeError(`an ${side} on the grid beside a raw price`);
            quote = (units - unzigzag((coded - ON_GRID) / 2)) / this.infos[ids[i]!]!.ticksPerUnit;
          }
        }
        symbol[side] = quote;
        sides[side].push(quote);
      }
    }
    const ticks: Tick[] = [];
    for (let i = 0; i < count; i++) {
      const tick: Tick = { symbol: this.infos[ids[i]!]!.symbol, price: prices[i]!, size: sizes[i]!, time: times[i]! };
      if (sides.bid[i] !== undefined) tick.bid = sides.bid[i];
      if (sides.ask[i] !== undefined) tick.ask = sides.ask[i];
      if (sizeValues[i]! % 2 === 1) tick.volumeOnly = true;
      ticks.push(tick);
    }
    chain.time = times[count - 1]!;
    return { type: 'ticks', epoch, seq, ticks };
  }
}

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
 * The time of every tick in binary `ticks` frames, reading only the head,
 * symbol ids and time deltas: what a load-test client needs for latency, at
 * a fraction of a full decode. Follows one connection's chain of times.
 */
export class TickTimeReader {
  private chain = { started: false, time: 0 };

  /** Calls `visit` with each tick's time; returns the tick count. */
  forEach(frame: Uint8Array, visit: (time: number) => void): number {
    const reader = new ByteReader(frame);
    const { count, flags, key, chained, firstTime } = readFrameHead(reader);
    if (!key && !this.chain.started) throw new RangeError('a chained ticks frame without the key frame that starts its chain');
    if (count === 0) {
      if (chained) this.chain = { started: true, time: key ? 0 : this.chain.time };
      return 0;
    }
    let time = key ? firstTime! : this.chain.time + firstTime!;
    for (let i = 0; i < count; i++) reader.unsigned(); // symbol ids
    for (let i = 0; i < count; i++) {
      if (!(flags & SAME_TIME)) time += reader.signed();
      visit(time);
    }
    if (chained) this.chain = { started: true, time };
    return count;
  }
}
