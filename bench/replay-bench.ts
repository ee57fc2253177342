/**
 * `npm run bench:replay -- [--seeks 100] [--file PATH]`
 *
 * On the real SPY trade day (../shared/data when present, else data/):
 * import rows/s, recording load time, replay throughput at max to a real
 * WebSocket client, and seek latency over random seeks, with the same seeks
 * rebuilt from the start of the day as the baseline for the checkpoint index.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MemoryBus } from '../feed/bus/memory-bus.ts';
import { DayState } from '../feed/day-state.ts';
import { Edge } from '../feed/edge.ts';
import { assembleImport } from '../feed/import/assemble.ts';
import { describeLeanPath, parseLeanFile } from '../feed/import/lean.ts';
import { writeImport } from '../feed/import/write-import.ts';
import { Producer } from '../feed/producer.ts';
import { Recording } from '../feed/recording/reader.ts';
import { ReplayController } from '../feed/replay-controller.ts';
import { startServer } from '../feed/server.ts';
import { SeededRandom } from '../feed/random.ts';
import type { ServerMessage } from '../shared/protocol.ts';
import { TestClient } from '../tests/support/ws-test-client.ts';
import { fmt, percentile, printTable } from './table.ts';

const { values } = parseArgs({ options: { seeks: { type: 'string', default: '100' }, file: { type: 'string' } } });
const seekCount = Number(values.seeks);
const shared = fileURLToPath(new URL('../../shared/data/lean/tick/spy/20131007_trade.zip', import.meta.url));
const bundled = fileURLToPath(new URL('../data/lean/tick/spy/20131007_trade.zip', import.meta.url));
const source = values.file ?? (existsSync(shared) ? shared : bundled);
const out = join(mkdtempSync(join(tmpdir(), 'tickwall-bench-')), 'spy.jsonl.gz');

console.log(`bench:replay  ${source}`);

// 1. Import.
let started = performance.now();
const parsed = parseLeanFile(describeLeanPath(source), false);
const day = assembleImport([parsed], []);
const parseSeconds = (performance.now() - started) / 1000;
await writeImport(out, day, 'lean', 'America/New_York', 50);
const importSeconds = (performance.now() - started) / 1000;

// 2. Load and index.
started = performance.now();
const recording = await Recording.load(out);
const loadMs = performance.now() - started;

// 3. Replay at max through the real server to a real client subscribed to everything.
const bus = new MemoryBus();
const producer = new Producer(bus, { mode: 'replay', symbols: recording.header.symbols, range: recording.range, batchIntervalMs: 50, timeZone: 'America/New_York' });
const controller = new ReplayController(producer, recording, { speed: 'max', loop: false, paused: true, controllable: true });
controller.start();
const server = await startServer(new Edge(bus), { host: '127.0.0.1', port: 0, staticDir: null });
const client = await TestClient.connect(server.url);
await client.next('hello');
await client.next('replay');
client.send({ type: 'subscribe', symbols: recording.header.symbols.map((s) => s.symbol) });
await client.next('snapshot');
let delivered = 0;
const ended = new Promise<void>((resolve) =>
  client.socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as ServerMessage;
    if (message.type === 'ticks') delivered += message.ticks.length;
    if (message.type === 'replay' && message.state === 'ended') resolve();
  }),
);
started = performance.now();
client.send({ type: 'control', action: 'play' });
await ended;
const replaySeconds = (performance.now() - started) / 1000;

// 4. Seeks: the real control path (state rebuilt from the nearest checkpoint, new epoch, snapshot sent), then the baseline.
const random = new SeededRandom(5);
const { start, end } = recording.range;
const targets = Array.from({ length: seekCount }, () => Math.round(start + random.next() * (end - start)));
const seekMs = targets
  .map((time) => {
    const t0 = performance.now();
    controller.control({ type: 'control', action: 'seek', time });
    return performance.now() - t0;
  })
  .sort((a, b) => a - b);
const baselineMs = targets
  .slice(0, Math.min(20, seekCount))
  .map((time) => {
    const t0 = performance.now();
    const state = new DayState(recording.header.symbols);
    const upTo = recording.batchIndexAfter(time);
    for (let i = 0; i < upTo; i++) state.apply(recording.batch(i).ticks);
    return performance.now() - t0;
  })
  .sort((a, b) => a - b);
controller.stop();
await client.close();
await server.close();

printTable(
  ['measure', 'value'],
  [
    ['rows imported', fmt(parsed.rows)],
    ['import rows/s (parse + merge)', fmt(parsed.rows / parseSeconds)],
    ['import rows/s (incl. writing .gz)', fmt(parsed.rows / importSeconds)],
    ['recording load + index, ms', fmt(loadMs)],
    ['batches / ticks in recording', `${fmt(recording.batchCount)} / ${fmt(recording.tickCount)}`],
    ['replay at max: ticks delivered', fmt(delivered)],
    ['replay at max: ticks/s to one ws client', fmt(delivered / replaySeconds)],
    ['replay at max: seconds for the day', fmt(replaySeconds, 2)],
    [`seek p50 ms (${seekCount} random seeks)`, fmt(percentile(seekMs, 0.5), 2)],
    ['seek p99 ms', fmt(percentile(seekMs, 0.99), 2)],
    ['seek max ms', fmt(seekMs.at(-1), 2)],
    [`baseline: rebuild from start p50 ms (${baselineMs.length} seeks)`, fmt(percentile(baselineMs, 0.5), 2)],
    ['checkpoint index speed-up at p50', `${fmt(percentile(baselineMs, 0.5) / percentile(seekMs, 0.5), 0)}x`],
  ],
);
