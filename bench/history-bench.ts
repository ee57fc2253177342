/**
 * `npm run bench:history -- [--universe 32,500,5000] [--days 300]`
 *
 * What the market's memory costs. For each universe size: the time to make
 * the simulated past at startup (the session to 16:00 as minute bars, and
 * `--days` of daily bars), the memory its bars hold, and the time an edge
 * takes to build the session replies a dashboard's subscribe asks for.
 * Then the bytes a page receives to draw one symbol's session: bars in JSON
 * and binary, against the baseline a page without history would need, the
 * session's ticks (binary, counted from the bars' trade counts at the
 * bytes per tick measured on the same simulator's live ticks). Last, with
 * the real feed and the built app in Chromium (run `npm run build` first):
 * page load to a full chart for 16 and 500 symbols, and the server's CPU
 * per subscribe with the session's bars against one without.
 */
import { parseArgs } from 'node:util';
import { BinaryBarsCodec } from '../shared/codec/binary-bars-codec.ts';
import { BinaryTicksCodec } from '../shared/codec/binary-ticks-codec.ts';
import { JsonBarsCodec } from '../shared/codec/json-bars-codec.ts';
import { calendarFor } from '../shared/market-calendar.ts';
import type { BarsMessage, Tick } from '../shared/protocol.ts';
import { simulatePast } from '../feed/simulated-past.ts';
import { MarketSimulator } from '../feed/simulator.ts';
import { StreamState } from '../feed/stream-state.ts';
import { DEFAULT_UNIVERSE, syntheticUniverse } from '../feed/universe.ts';
import { historyPageBench } from './history-page.ts';
import { fmt, printTable } from './table.ts';

const { values } = parseArgs({ options: { universe: { type: 'string', default: '32,500,5000' }, days: { type: 'string', default: '300' } } });
const sizes = values.universe.split(',').map(Number);
const days = Number(values.days);
const calendar = calendarFor('us-equity');
/** Friday 20 Nov 2026, 16:00 New York: a whole regular session behind. */
const AT = Date.UTC(2026, 10, 20, 21, 0);
const RATE = 300;

const memoryRows: string[][] = [];
let sample: { state: StreamState; symbols: string[] } | null = null;
for (const size of sizes) {
  const universe = size === DEFAULT_UNIVERSE.length ? [...DEFAULT_UNIVERSE] : syntheticUniverse(size);
  const started = performance.now();
  const past = simulatePast({ universe, seed: 42, ticksPerSecond: RATE, calendar, at: AT, days });
  const madeMs = performance.now() - started;
  let bars = 0;
  for (const history of past.history.values()) bars += history.s1.time.length + history.m1.time.length + history.d1.time.length;
  const state = new StreamState(universe);
  state.load(past.quotes, past.history);
  const symbols = universe.map((s) => s.symbol);
  // What a dashboard's subscribe with history costs the edge: every symbol's session as 5-minute bars.
  const dayStart = calendar.dayOf(AT).start;
  const replyStarted = performance.now();
  for (const symbol of symbols) state.barsOf(symbol)!.bars('5m', dayStart);
  const replyMs = performance.now() - replyStarted;
  memoryRows.push([
    fmt(size),
    fmt(madeMs),
    fmt(bars),
    fmt(state.barBytes / 1024 ** 2, 1),
    fmt(state.barBytes / size / 1024, 1),
    fmt((replyMs * 1000) / size, 1),
  ]);
  if (size === DEFAULT_UNIVERSE.length || sample === null) sample = { state, symbols };
}
console.log(`\nThe simulated past at startup (${days} days of daily bars, the session to 16:00 New York as minute bars, ${RATE} ticks/s)\n`);
printTable(['symbols', 'made in ms', 'bars held', 'MiB held (64 B a bar, in 4 KiB chunks)', 'KiB / symbol', 'edge µs / symbol (session, 5m)'], memoryRows);

// Bytes per symbol for one session, by encoding.
const { state, symbols } = sample!;
const meta = state.symbols;
const json = new JsonBarsCodec();
const binary = new BinaryBarsCodec(meta);
const simulator = new MarketSimulator({ universe: [...DEFAULT_UNIVERSE], seed: 42, ticksPerSecond: RATE, startTime: AT - 3 * 3_600_000, calendar });
const tickCodec = new BinaryTicksCodec(meta);
let tickBytes = 0;
let tickCount = 0;
for (let t = 50; t <= 10_000; t += 50) {
  const ticks: Tick[] = [];
  simulator.drainUntil(AT - 3 * 3_600_000 + t, ticks);
  if (ticks.length === 0) continue;
  tickBytes += tickCodec.encode({ type: 'ticks', epoch: 'bench', seq: t, ticks }).length;
  tickCount += ticks.length;
}
const perTick = tickBytes / tickCount;
const sizeRows: string[][] = [];
for (const interval of ['1m', '5m'] as const) {
  let bars = 0;
  let jsonBytes = 0;
  let binaryBytes = 0;
  let prints = 0;
  for (const symbol of symbols.slice(0, 32)) {
    const columns = state.barsOf(symbol)!.bars(interval, calendar.dayOf(AT).start);
    const message: BarsMessage = { type: 'bars', epoch: 'bench', seq: 1, interval, series: [{ symbol, bars: columns }] };
    bars += columns.time.length;
    jsonBytes += json.encode(message).length;
    binaryBytes += binary.encode(message).length;
    prints += columns.count.reduce((a, b) => a + b, 0);
  }
  const n = Math.min(32, symbols.length);
  sizeRows.push([
    interval,
    fmt(bars / n),
    fmt(jsonBytes / bars, 1),
    fmt(binaryBytes / bars, 1),
    fmt(jsonBytes / n / 1024, 1),
    fmt(binaryBytes / n / 1024, 1),
    fmt((prints * perTick) / n / 1024, 1),
    `${fmt((prints * perTick) / binaryBytes, 0)}x`,
  ]);
}
console.log(`\nOne symbol's session (04:00 to 16:00), as a page receives it (mean of ${Math.min(32, symbols.length)} symbols)\n`);
printTable(['interval', 'bars', 'JSON B / bar', 'binary B / bar', 'JSON KiB', 'binary KiB', 'baseline: its ticks, binary KiB', 'binary bars smaller by'], sizeRows);
console.log(`\nBinary ticks measured at ${fmt(perTick, 1)} B per tick on ${fmt(tickCount)} simulated ticks.`);

await historyPageBench();
