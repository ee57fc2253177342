import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DayState } from '../../feed/day-state.ts';
import type { ReplayStatusMessage, ServerMessage, TicksMessage } from '../../shared/protocol.ts';
import { recordSimulation, type PublishedBatch } from '../support/recordings.ts';
import { startReplayServer, type ReplayServer } from '../support/replay-server.ts';
import { startTestFeed } from '../support/test-feed.ts';
import { TestClient } from '../support/ws-test-client.ts';

const dir = mkdtempSync(join(tmpdir(), 'tickwall-replay-'));
const recordingPath = join(dir, 'session.jsonl.gz');
let published: PublishedBatch[];
let replay: ReplayServer | null = null;
const clients: TestClient[] = [];

beforeAll(async () => {
  published = await recordSimulation(recordingPath, { seconds: 30, seed: 11, rate: 500 });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await replay?.close();
  replay = null;
});

async function connect(server: ReplayServer, symbols = server.recording.header.symbols.map((s) => s.symbol)): Promise<TestClient> {
  const client = await TestClient.connect(server.server.url);
  clients.push(client);
  const hello = await client.next('hello');
  expect(hello.mode).toBe('replay');
  expect(hello.range).toEqual(server.recording.range);
  await client.next('replay');
  client.send({ type: 'subscribe', symbols });
  await client.next('snapshot');
  return client;
}

/** Collects messages until one matches, or fails after the timeout. */
async function until(client: TestClient, done: (message: ServerMessage) => boolean, timeoutMs = 15_000): Promise<ServerMessage[]> {
  const seen: ServerMessage[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const message = await client.nextAny(Math.max(1, deadline - Date.now()));
    seen.push(message);
    if (done(message)) return seen;
  }
}

const isEnded = (m: ServerMessage) => m.type === 'replay' && m.state === 'ended';

describe('replay over real WebSockets', () => {
  it('delivers at max speed exactly the recorded ticks, in order, with the recorded timestamps, seqs and batch boundaries', async () => {
    replay = await startReplayServer(recordingPath);
    const client = await connect(replay);
    client.send({ type: 'control', action: 'play' });
    const messages = await until(client, isEnded);
    const batches = messages.filter((m): m is TicksMessage => m.type === 'ticks');
    expect(batches.length).toBe(published.length);
    expect(batches.map((b) => ({ seq: b.seq, ticks: b.ticks }))).toEqual(published.map((b) => ({ seq: b.seq, ticks: b.ticks })));
  });

  it('delivers the same batches at 50x as at max', async () => {
    replay = await startReplayServer(recordingPath, { speed: 50 });
    const client = await connect(replay);
    client.send({ type: 'control', action: 'play' });
    const messages = await until(client, isEnded);
    const batches = messages.filter((m): m is TicksMessage => m.type === 'ticks');
    expect(batches.map((b) => b.seq)).toEqual(published.map((b) => b.seq));
    expect(batches.flatMap((b) => b.ticks)).toEqual(published.flatMap((b) => b.ticks));
  });

  it('seeks: a new epoch, a snapshot of the state at that moment, then ticks from there on', async () => {
    replay = await startReplayServer(recordingPath);
    const client = await connect(replay, ['AAPL', 'NVDA']);
    const { range } = replay.recording;
    const target = Math.round(range.start + (range.end - range.start) * 0.6);
    client.send({ type: 'control', action: 'seek', time: target });

    const snapshot = await client.next('snapshot');
    const status = (await client.next('replay')) as ReplayStatusMessage;
    expect(snapshot.epoch).not.toBe((client.received[0] as { epoch: string }).epoch);
    expect(status).toMatchObject({ epoch: snapshot.epoch, state: 'paused', position: target });

    const before = published.filter((b) => b.time <= target);
    const expected = new DayState(replay.recording.header.symbols);
    for (const b of before) expected.apply(b.ticks);
    expect(snapshot.quotes).toEqual(expected.snapshot(['AAPL', 'NVDA']));
    expect(snapshot.seq).toBe(before.at(-1)!.seq);

    client.send({ type: 'control', action: 'play' });
    const batches = (await until(client, isEnded)).filter((m): m is TicksMessage => m.type === 'ticks');
    expect(batches.every((b) => b.epoch === snapshot.epoch)).toBe(true);
    expect(batches[0]!.seq).toBeGreaterThan(snapshot.seq);
    const after = published.filter((b) => b.time > target);
    expect(batches.flatMap((b) => b.ticks)).toEqual(after.flatMap((b) => b.ticks.filter((t) => t.symbol === 'AAPL' || t.symbol === 'NVDA')));
  });

  it('steps one batch at a time while paused', async () => {
    replay = await startReplayServer(recordingPath);
    const client = await connect(replay);
    client.send({ type: 'control', action: 'step' });
    expect((await client.next('ticks')).seq).toBe(published[0]!.seq);
    expect(await client.next('replay')).toMatchObject({ state: 'paused', position: published[0]!.time });
    client.send({ type: 'control', action: 'step' });
    expect((await client.next('ticks')).seq).toBe(published[1]!.seq);
  });

  it('loops with a new epoch and a fresh snapshot each time round', async () => {
    replay = await startReplayServer(recordingPath, { loop: true });
    const client = await connect(replay, ['AAPL']);
    client.send({ type: 'control', action: 'play' });
    const epochs = new Set<string>();
    await until(client, (m) => {
      if (m.type === 'snapshot') epochs.add(m.epoch);
      return epochs.size >= 2;
    });
    const restart = client.received.filter((m) => m.type === 'snapshot').at(-1)!;
    expect(restart.type === 'snapshot' && restart.quotes[0]!.last).toBeNull();
  });

  it('validates control messages like any other', async () => {
    replay = await startReplayServer(recordingPath);
    const client = await connect(replay);
    const cases: [unknown, string][] = [
      [{ type: 'control', action: 'speed', speed: 5000 }, 'bad_message'],
      [{ type: 'control', action: 'speed', speed: 'fast' }, 'bad_message'],
      [{ type: 'control', action: 'rewind' }, 'bad_message'],
      [{ type: 'control', action: 'seek' }, 'bad_message'],
      [{ type: 'control', action: 'seek', time: 1 }, 'out_of_range'],
    ];
    for (const [message, code] of cases) {
      client.send(message);
      expect((await client.next('error')).code).toBe(code);
    }
    client.send({ type: 'control', action: 'speed', speed: 0.25 });
    expect(await client.next('replay')).toMatchObject({ speed: 0.25 });
  });

  it('refuses control when started with --no-control, and on a live feed', async () => {
    replay = await startReplayServer(recordingPath, { controllable: false });
    const viewer = await connect(replay);
    viewer.send({ type: 'control', action: 'play' });
    expect((await viewer.next('error')).code).toBe('control_disabled');

    const live = await startTestFeed();
    try {
      const client = await TestClient.connect(live.server.url);
      clients.push(client);
      await client.next('hello');
      client.send({ type: 'control', action: 'pause' });
      expect((await client.next('error')).code).toBe('not_replay');
    } finally {
      await live.close();
    }
  });

  it('shares one replay clock between viewers', async () => {
    replay = await startReplayServer(recordingPath);
    const a = await connect(replay);
    const b = await connect(replay);
    a.send({ type: 'control', action: 'speed', speed: 10 });
    expect(await a.next('replay')).toMatchObject({ speed: 10 });
    expect(await b.next('replay')).toMatchObject({ speed: 10 });
  });
});

describe('replaying values at any scale', () => {
  it('plays prices and sizes far outside a stock\'s range exactly, to JSON and binary clients alike', async () => {
    const { RecordingWriter } = await import('../../feed/recording/writer.ts');
    const { headerFor } = await import('../support/recordings.ts');
    const { BinaryTicksCodec } = await import('../../shared/codec/binary-ticks-codec.ts');
    const { BINARY_SUBPROTOCOL } = await import('../../shared/codec/codecs.ts');
    const path = join(dir, 'extreme.jsonl');
    const header = headerFor(['XYZ']);
    const t = Date.UTC(2026, 10, 20, 15);
    const extremes = [1e20, 1e14, 0.00000001, 2 ** 53, 123.456789, 1e-12];
    const ticks = extremes.map((price, i) => ({ symbol: 'XYZ', price, size: [1e20, 0.5, 4.70443515, 1, 100, 3][i]!, time: t + i }));
    const writer = new RecordingWriter(path, header);
    ticks.forEach((tick, i) => writer.append(i + 1, tick.time, [tick]));
    await writer.close();
    replay = await startReplayServer(path);
    const json = await connect(replay, ['XYZ']);
    const { default: WebSocket } = await import('ws');
    const binary = new WebSocket(replay.server.url.replace('http', 'ws') + '/ws', [BINARY_SUBPROTOCOL]);
    const codec = new BinaryTicksCodec(header.symbols);
    const binaryTicks: unknown[] = [];
    binary.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) binaryTicks.push(...codec.decode(new Uint8Array(data)).ticks);
    });
    await new Promise((resolve) => binary.once('open', resolve));
    binary.send(JSON.stringify({ type: 'subscribe', symbols: ['XYZ'] }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    json.send({ type: 'control', action: 'play' });
    const messages = await until(json, isEnded);
    expect(messages.filter((m): m is TicksMessage => m.type === 'ticks').flatMap((m) => m.ticks)).toEqual(ticks);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(binaryTicks).toEqual(ticks);
    binary.terminate();
  });
});
