import { BAR_INTERVALS } from '../bars/bar-interval.ts';
import type { BarColumns, BarsMessage, SymbolMeta } from '../protocol.ts';
import type { BarsCodec } from './bars-codec.ts';
import { exactUnits, MAX_UNITS, symbolUnits, type SymbolUnits } from './symbol-units.ts';
import { ByteReader, ByteWriter } from './varint.ts';

export const FRAME_BARS = 0x02;
/** VWAP travels in hundredths of a tick from the bar's close: exact enough to draw, far smaller than a float64. */
const VWAP_STEPS_PER_TICK = 100;

const PRICED = 1;
const RAW_PRICES = 2;
const RAW_VOLUME = 4;
const HAS_VWAP = 8;
const RAW_VWAP = 16;

/**
 * The compact binary form of a `bars` message (binary frames on a
 * tickwall.binary.v3 connection; first byte 0x02). Per bar, about 10 bytes
 * against about 80 in JSON: times as deltas in seconds, prices in the
 * symbol's ticks as the open's change from the previous close and the
 * high, low and close relative to the open, volume in lots, VWAP in
 * hundredths of a tick from the close. Prices off the tick grid and
 * volumes off the lot grid travel as raw float64, so OHLCV decodes exactly.
 *
 *   u8 0x02 | varint idLength | id | varint epochLength | epoch | varint seq | u8 interval | varint seriesCount
 *   per series: varint symbolId | varint barCount | varint firstTime (s)
 *     per bar: varint timeDelta (s) | varint flags | prices | volume | varint count | [zigzag vwap steps | float64 vwap]
 *   flags: 1 priced, 2 raw prices (4 float64), 4 raw volume (float64), 8 VWAP as steps, 16 VWAP as raw float64
 *   prices (priced, on grid): zigzag(open - previous close) | high - max(open, close) | min(open, close) - low | zigzag(close - open)
 */
export class BinaryBarsCodec implements BarsCodec {
  readonly binaryFrames = true;
  private readonly infos: SymbolUnits[];
  private readonly ids: Map<string, number>;
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  constructor(symbols: readonly SymbolMeta[]) {
    ({ units: this.infos, ids: this.ids } = symbolUnits(symbols));
  }

  encode(message: BarsMessage): Uint8Array {
    const out = new ByteWriter(64 + message.series.reduce((n, s) => n + s.bars.time.length * 12, 0));
    out.byte(FRAME_BARS);
    const id = this.encoder.encode(message.id ?? '');
    out.unsigned(id.length);
    out.bytes(id);
    const epoch = this.encoder.encode(message.epoch);
    out.unsigned(epoch.length);
    out.bytes(epoch);
    out.unsigned(message.seq);
    out.byte(BAR_INTERVALS.indexOf(message.interval));
    out.unsigned(message.series.length);
    for (const { symbol, bars } of message.series) {
      const symbolId = this.ids.get(symbol);
      if (symbolId === undefined) throw new RangeError(`symbol ${symbol} is not in this codec's universe`);
      const info = this.infos[symbolId]!;
      out.unsigned(symbolId);
      const n = bars.time.length;
      out.unsigned(n);
      if (n === 0) continue;
      if (bars.time.some((t, i) => t % 1000 !== 0 || (i > 0 && t < bars.time[i - 1]!))) throw new RangeError('bar times must be whole seconds, in order');
      let previousTime = bars.time[0]!;
      out.unsigned(previousTime / 1000);
      let previousClose = info.referenceTicks;
      for (let i = 0; i < n; i++) {
        out.unsigned((bars.time[i]! - previousTime) / 1000);
        previousTime = bars.time[i]!;
        const [open, high, low, close] = [bars.open[i], bars.high[i], bars.low[i], bars.close[i]];
        const priced = open !== null && open !== undefined && high != null && low != null && close != null;
        const ticks = priced ? [open, high, low, close].map((p) => exactUnits(p, info.ticksPerUnit)) : [];
        const rawPrices = priced && ticks.some((t) => t === null);
        const volumeLots = exactUnits(bars.volume[i]!, info.lotsPerUnit);
        const vwap = bars.vwap[i] ?? null;
        const vwapFrom = priced && !rawPrices ? ticks[3]! : previousClose;
        const vwapSteps = vwap === null ? null : Math.round((vwap * info.ticksPerUnit - vwapFrom!) * VWAP_STEPS_PER_TICK);
        // Far from the bar's prices (or below a hundredth of a tick) the steps cannot say it: it goes raw.
        const hasVwap = vwapSteps !== null && Math.abs(vwapSteps) <= MAX_UNITS && vwapFrom! + vwapSteps / VWAP_STEPS_PER_TICK > 0;
        const rawVwap = vwap !== null && !hasVwap;
        out.unsigned((priced ? PRICED : 0) | (rawPrices ? RAW_PRICES : 0) | (volumeLots === null ? RAW_VOLUME : 0) | (hasVwap ? HAS_VWAP : 0) | (rawVwap ? RAW_VWAP : 0));
        if (priced && rawPrices) [open, high, low, close].forEach((p) => out.float64(p!));
        else if (priced) {
          const [o, h, l, c] = ticks as number[];
          out.signed(o! - previousClose);
          out.unsigned(h! - Math.max(o!, c!));
          out.unsigned(Math.min(o!, c!) - l!);
          out.signed(c! - o!);
          previousClose = c!;
        }
        if (volumeLots === null) out.float64(bars.volume[i]!);
        else out.unsigned(volumeLots);
        out.unsigned(bars.count[i]!);
        if (hasVwap) out.signed(vwapSteps!);
        else if (rawVwap) out.float64(vwap);
      }
    }
    return out.finish();
  }

  decode(frame: string | Uint8Array): BarsMessage {
    if (typeof frame === 'string') throw new TypeError('binary bars frames are bytes, not text');
    const input = new ByteReader(frame);
    if (input.byte() !== FRAME_BARS) throw new RangeError('not a tickwall binary bars frame');
    const id = this.decoder.decode(input.bytesOf(input.unsigned()));
    const epoch = this.decoder.decode(input.bytesOf(input.unsigned()));
    const seq = input.unsigned();
    const interval = BAR_INTERVALS[input.byte()];
    if (!interval) throw new RangeError('unknown bar interval');
    const seriesCount = input.unsigned();
    if (seriesCount > frame.length) throw new RangeError('series count exceeds the frame');
    const series: BarsMessage['series'] = [];
    for (let s = 0; s < seriesCount; s++) {
      const info = this.infos[input.unsigned()];
      if (!info) throw new RangeError('unknown symbol id');
      const n = input.unsigned();
      if (n > frame.length) throw new RangeError('bar count exceeds the frame');
      const bars: BarColumns = { time: [], open: [], high: [], low: [], close: [], volume: [], count: [], vwap: [] };
      if (n > 0) {
        let time = input.unsigned() * 1000;
        let previousClose = info.referenceTicks;
        for (let i = 0; i < n; i++) {
          time += input.unsigned() * 1000;
          bars.time.push(time);
          const flags = input.unsigned();
          let closeTicks: number | null = null;
          if (!(flags & PRICED)) {
            bars.open.push(null);
            bars.high.push(null);
            bars.low.push(null);
            bars.close.push(null);
          } else if (flags & RAW_PRICES) {
            for (const column of [bars.open, bars.high, bars.low, bars.close]) column.push(input.float64());
          } else {
            const o = previousClose + input.signed();
            const h = input.unsigned();
            const l = input.unsigned();
            const c = o + input.signed();
            const per = info.ticksPerUnit;
            bars.open.push(o / per);
            bars.high.push((Math.max(o, c) + h) / per);
            bars.low.push((Math.min(o, c) - l) / per);
            bars.close.push(c / per);
            previousClose = closeTicks = c;
          }
          bars.volume.push(flags & RAW_VOLUME ? input.float64() : input.unsigned() / info.lotsPerUnit);
          bars.count.push(input.unsigned());
          if (flags & HAS_VWAP) bars.vwap.push(((closeTicks ?? previousClose) + input.signed() / VWAP_STEPS_PER_TICK) / info.ticksPerUnit);
          else bars.vwap.push(flags & RAW_VWAP ? input.float64() : null);
        }
      }
      series.push({ symbol: info.symbol, bars });
    }
    const message: BarsMessage = { type: 'bars', epoch, seq, interval, series };
    if (id) message.id = id;
    return message;
  }
}

