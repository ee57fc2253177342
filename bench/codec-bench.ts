/**
 * `npm run bench:codec -- [--json FILE]`: ns per tick to encode and decode a batch, and bytes
 * per tick, for the JSON and binary codecs (binary as the live fan-out chains
 * its frames, and as key frames), on simulated batches (500
 * symbols, 5,000 ticks/s, 50 ms batches), on the real SPY trade day and on
 * Coinbase minute bars imported as `tickwall import lean` does (from
 * ../shared when present, else the bundled two-day slice).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { assembleImport, batchesOf } from '../feed/import/assemble.ts';
import { describeLeanPath, parseLeanFile } from '../feed/import/lean.ts';
import { Recording } from '../feed/recording/reader.ts';
import { MarketSimulator } from '../feed/simulator.ts';
import { syntheticUniverse } from '../feed/universe.ts';
import type { SymbolMeta, Tick, TicksMessage } from '../shared/protocol.ts';
import { BinaryTicksCodec, readFrameHead } from '../shared/codec/binary-ticks-codec.ts';
import { JsonTicksCodec } from '../shared/codec/json-ticks-codec.ts';
import { TickChain } from '../shared/codec/tick-chain.ts';
import { ByteReader } from '../shared/codec/varint.ts';
import type { TicksCodec } from '../shared/codec/ticks-codec.ts';
import { fmt, printTable } from './table.ts';

interface Dataset {
  name: string;
  symbols: readonly SymbolMeta[];
  batches: TicksMessage[];
}

function simulated(): Dataset {
  const universe = syntheticUniverse(500);
  const start = Date.UTC(2026, 0, 5, 15);
  const simulator = new MarketSimulator({ universe, seed: 1, ticksPerSecond: 5000, startTime: start });
  const batches: TicksMessage[] = [];
  for (let i = 1; i <= 1200; i++) {
    const ticks: Tick[] = [];
    simulator.drainUntil(start + i * 50, ticks);
    if (ticks.length > 0) batches.push({ type: 'ticks', epoch: 'AbCdEfGh', seq: i, ticks });
  }
  return { name: 'simulator, 500 symbols', symbols: universe, batches };
}

function spyDay(): Dataset | null {
  const shared = fileURLToPath(new URL('../../shared/data/lean/tick/spy/20131007_trade.zip', import.meta.url));
  const bundled = fileURLToPath(new URL('../data/lean/tick/spy/20131007_trade.zip', import.meta.url));
  const path = existsSync(shared) ? shared : existsSync(bundled) ? bundled : null;
  if (!path) return null;
  const day = assembleImport([parseLeanFile(describeLeanPath(path), false)], []);
  const batches = [...batchesOf(day.ticks, 50)].map((b) => ({ type: 'ticks' as const, epoch: 'AbCdEfGh', seq: b.seq, ticks: b.ticks }));
  return { name: 'real SPY day, 250,601 trades', symbols: day.symbols, batches };
}

/** Every Coinbase minute trade and quote file there is, imported through the CLI (the real path: symbol properties, bars as trades). */
async function coinbaseMinutes(): Promise<Dataset | null> {
  const shared = fileURLToPath(new URL('../../shared/data/lean/crypto/coinbase/minute/', import.meta.url));
  const bundled = fileURLToPath(new URL('../data/lean/crypto/coinbase/minute/', import.meta.url));
  const root = existsSync(shared) ? shared : bundled;
  const files = readdirSync(root).flatMap((pair) => readdirSync(join(root, pair)).map((name) => join(root, pair, name)));
  if (files.length === 0) return null;
  const dir = mkdtempSync(join(tmpdir(), 'tickwall-codec-'));
  try {
    const out = join(dir, 'coinbase.jsonl');
    const bin = fileURLToPath(new URL('../bin/tickwall.js', import.meta.url));
    const result = spawnSync(process.execPath, [bin, 'import', 'lean', ...files, '--out', out], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`import of the Coinbase files failed: ${result.stderr}`);
    const recording = await Recording.load(out);
    const batches = Array.from({ length: recording.batchCount }, (_, i) => ({ type: 'ticks' as const, epoch: 'AbCdEfGh', seq: recording.batch(i).seq, ticks: recording.batch(i).ticks }));
    const ticks = batches.reduce((n, b) => n + b.ticks.length, 0);
    return { name: `Coinbase minute bars, ${files.length} files, ${ticks.toLocaleString('en-US')} ticks`, symbols: recording.header.symbols, batches };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What a frame costs before its ticks: JSON's envelope, or the binary head (type, flags and count, epoch, seq, first time). */
function headerBytes(codec: TicksCodec, batch: TicksMessage, frame: string | Uint8Array): number {
  const size = (f: string | Uint8Array) => (typeof f === 'string' ? Buffer.byteLength(f) : f.length);
  if (codec.name === 'json') return size(codec.encode({ ...batch, ticks: [] }));
  const reader = new ByteReader(frame as Uint8Array);
  readFrameHead(reader);
  return reader.position;
}

/**
 * Frames as a subscriber of the whole universe gets them: with `chained`,
 * through one subscription group's chain (the live fan-out); without, as
 * key frames (recordings, Redis, resume).
 */
function frames(codec: TicksCodec, batches: readonly TicksMessage[], chained: boolean): (string | Uint8Array)[] {
  const chain = new TickChain();
  return batches.map((b) => {
    if (!chained) return codec.encode(b);
    codec.beginBatch(b.epoch, b.seq, b.ticks);
    return codec.encodeSubset(b.ticks.map((_, i) => i), chain);
  });
}

function measure(codec: TicksCodec, decoder: () => TicksCodec, batches: TicksMessage[], chained: boolean) {
  const ticks = batches.reduce((n, b) => n + b.ticks.length, 0);
  const encoded = frames(codec, batches, chained);
  const bytes = encoded.reduce((n, f) => n + (typeof f === 'string' ? Buffer.byteLength(f) : f.length), 0);
  const time = (work: () => void) => {
    work(); // warm-up
    const rounds = 5;
    const started = process.hrtime.bigint();
    for (let r = 0; r < rounds; r++) work();
    return Number(process.hrtime.bigint() - started) / rounds / ticks;
  };
  const encodeNs = time(() => frames(codec, batches, chained));
  const decodeNs = time(() => {
    const receiver = decoder();
    for (const f of encoded) receiver.decode(f);
  });
  const header = batches.reduce((n, b, i) => n + headerBytes(codec, b, encoded[i]!), 0);
  return { encodeNs, decodeNs, bytesPerTick: bytes / ticks, payloadPerTick: (bytes - header) / ticks, ticksPerFrame: ticks / batches.length, ticks };
}

const { values } = parseArgs({ options: { json: { type: 'string' } } });
const rows: string[][] = [];
const results: { data: string; codec: 'json' | 'binary' | 'binary key frames'; encodeNs: number; decodeNs: number; bytesPerTick: number; payloadPerTick: number; ticksPerFrame: number }[] = [];
for (const dataset of [simulated(), spyDay(), await coinbaseMinutes()].filter((d): d is Dataset => d !== null)) {
  const json = measure(new JsonTicksCodec(), () => new JsonTicksCodec(), dataset.batches, false);
  const fresh = () => new BinaryTicksCodec(dataset.symbols);
  const binary = measure(fresh(), fresh, dataset.batches, true);
  const key = measure(fresh(), fresh, dataset.batches, false);
  results.push({ data: dataset.name, codec: 'json', ...json }, { data: dataset.name, codec: 'binary', ...binary }, { data: dataset.name, codec: 'binary key frames', ...key });
  const perFrame = fmt(binary.ticksPerFrame, 1);
  const row = (name: string, r: typeof json) => [dataset.name, name, fmt(r.encodeNs, 0), fmt(r.decodeNs, 0), perFrame, fmt(r.bytesPerTick, 1), fmt(r.payloadPerTick, 1), r === json ? '1.0x' : `${fmt(json.bytesPerTick / r.bytesPerTick, 1)}x smaller`];
  rows.push(row('JSON', json), row('binary (live, chained)', binary), row('binary key frames', key));
}
console.log('bench:codec  ns per tick (mean of 5 rounds after a warm-up); bytes/tick include each frame\'s head (type, flags and count, epoch, seq, first time), payload/tick leaves it out.');
console.log('  binary (live, chained): the frames one subscription group gets, each after the first referring to the one before; binary key frames: each frame on its own (recordings, Redis, resume).');
printTable(['data', 'codec', 'encode ns/tick', 'decode ns/tick', 'ticks/frame', 'bytes/tick', 'payload B/tick', 'size vs JSON'], rows);
if (values.json) writeFileSync(values.json, JSON.stringify({ rows: results }, null, 2));
