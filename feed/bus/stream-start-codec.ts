import { promisify } from 'node:util';
import { deflateRaw, inflateRaw } from 'node:zlib';
import { COLUMNS, type StoredBars } from '../../shared/bars/bar-series.ts';
import type { SymbolHistory } from '../../shared/bars/symbol-bars.ts';
import type { StreamStart } from '../stream.ts';

/**
 * A stream's start (a checkpoint) as compact bytes, for a networked bus: a
 * JSON header (info, epoch, seq, quotes, which bars there are) and the
 * bars' Float64 columns as raw bytes, deflated. Packing is a copy of eight
 * arrays per series (never one object per bar) and runs at once, so the
 * checkpoint is the state at that moment; deflating and inflating run on
 * libuv's thread pool, off the event loop: at 5,000 symbols they take
 * seconds, which a live feed cannot stall for. NaN (a bar without a price)
 * survives exactly.
 */
const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);
const INTERVALS = ['s1', 'm1', 'd1'] as const;

interface Header {
  start: Omit<StreamStart, 'history'>;
  /** Per symbol with bars: its bar counts at s1, m1 and d1, in the order the bytes follow. */
  bars: [symbol: string, counts: [number, number, number]][];
}

/** The start as uncompressed bytes: the state at this moment, whatever changes after. */
export function packStreamStart(start: StreamStart): Buffer {
  const { history, ...rest } = start;
  const entries = [...(history ?? new Map<string, SymbolHistory>())];
  const header: Header = { start: rest, bars: entries.map(([symbol, bars]) => [symbol, [bars.s1.time.length, bars.m1.time.length, bars.d1.time.length]]) };
  const json = Buffer.from(JSON.stringify(header));
  const values = entries.reduce((n, [, bars]) => n + INTERVALS.reduce((m, interval) => m + bars[interval].time.length * COLUMNS.length, 0), 0);
  const body = Buffer.allocUnsafe(4 + json.length + values * 8);
  body.writeUInt32LE(json.length, 0);
  json.copy(body, 4);
  let offset = 4 + json.length;
  for (const [, bars] of entries) {
    for (const interval of INTERVALS) {
      for (const column of COLUMNS) {
        const array = bars[interval][column];
        Buffer.from(array.buffer, array.byteOffset, array.byteLength).copy(body, offset);
        offset += array.byteLength;
      }
    }
  }
  return body;
}

/** Packed bytes, deflated (level 1: checkpoints are frequent; speed matters more than the last few percent). */
export function compressStreamStart(packed: Buffer): Promise<Buffer> {
  return deflate(packed, { level: 1 });
}

export async function decodeStreamStart(encoded: Buffer): Promise<StreamStart> {
  const body = await inflate(encoded);
  const jsonLength = body.readUInt32LE(0);
  const header = JSON.parse(body.subarray(4, 4 + jsonLength).toString('utf8')) as Header;
  let offset = 4 + jsonLength;
  const history = new Map<string, SymbolHistory>();
  for (const [symbol, counts] of header.bars) {
    const series = INTERVALS.map((_, i) => {
      const n = counts[i]!;
      const stored = Object.fromEntries(
        COLUMNS.map((column) => {
          // Copied out, so the arrays are 8-byte aligned and independent of the inflated buffer.
          const array = new Float64Array(n);
          Buffer.from(array.buffer).set(body.subarray(offset, offset + n * 8));
          offset += n * 8;
          return [column, array];
        }),
      ) as unknown as StoredBars;
      return stored;
    });
    history.set(symbol, { s1: series[0]!, m1: series[1]!, d1: series[2]! });
  }
  if (offset !== body.length) throw new RangeError(`a checkpoint of ${body.length} bytes held ${offset}: damaged`);
  return { ...header.start, history };
}
