import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryBus } from '../../feed/bus/memory-bus.ts';
import { DayState } from '../../feed/day-state.ts';
import { Producer } from '../../feed/producer.ts';
import { Recording } from '../../feed/recording/reader.ts';
import { ReplayController, type ReplayOptions } from '../../feed/replay-controller.ts';
import { eventually, RecordingConsumer } from '../support/bus-contract.ts';
import { recordSimulation, type PublishedBatch } from '../support/recordings.ts';

let recording: Recording;
let published: PublishedBatch[];

beforeAll(async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'tickwall-replay-unit-')), 'day.jsonl');
  published = await recordSimulation(path, { seconds: 30, rate: 500 });
  recording = await Recording.load(path);
});

/** A controller on a real producer and in-memory bus, watched by a consumer as an edge would be. */
function replay(options: Partial<ReplayOptions> = {}, now?: () => number) {
  const bus = new MemoryBus();
  const consumer = new RecordingConsumer();
  bus.consume(consumer);
  const { header } = recording;
  const producer = new Producer(bus, { mode: 'replay', symbols: header.symbols, range: recording.range, batchIntervalMs: 50, timeZone: header.timeZone });
  const controller = new ReplayController(producer, recording, { speed: 'max', loop: false, paused: true, controllable: true, ...options, ...(now ? { now } : {}) });
  controller.start();
  return { bus, consumer, controller };
}

describe('ReplayController', () => {
  it('opens the stream at the start, paused, and publishes nothing until played', async () => {
    const { consumer, controller } = replay();
    expect(consumer.starts).toHaveLength(1);
    expect(consumer.starts[0]).toMatchObject({ seq: 0, reason: 'start' });
    expect(consumer.statuses.at(-1)).toMatchObject({ state: 'paused' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(consumer.batches).toEqual([]);
    controller.stop();
  });

  it('at max speed publishes every recorded batch with its recorded seq, time and ticks, then ends', async () => {
    const { consumer, controller, bus } = replay();
    await bus.control({ type: 'control', action: 'play' });
    await eventually(() => expect(consumer.statuses.at(-1)?.state).toBe('ended'));
    expect(consumer.batches.map((b) => ({ seq: b.seq, time: b.time, ticks: b.ticks }))).toEqual(published);
    controller.stop();
  });

  it('waits at max speed while a consumer is behind, and carries on when it catches up', async () => {
    const { consumer, controller, bus } = replay();
    consumer.behind = true;
    await bus.control({ type: 'control', action: 'play' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const sent = consumer.batches.length;
    expect(sent).toBeLessThan(published.length);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(consumer.batches.length).toBe(sent);
    consumer.behind = false;
    await eventually(() => expect(consumer.batches.length).toBe(published.length));
    controller.stop();
  });

  it('steps one batch while paused', async () => {
    const { consumer, controller, bus } = replay();
    await bus.control({ type: 'control', action: 'step' });
    await bus.control({ type: 'control', action: 'step' });
    expect(consumer.batches.map((b) => b.seq)).toEqual([1, 2]);
    controller.stop();
  });

  it('a seek begins a new epoch from the state at that moment, then continues from there', async () => {
    const { consumer, controller, bus } = replay();
    const target = published[100]!.time;
    expect(await bus.control({ type: 'control', action: 'seek', time: target })).toEqual({ ok: true });
    const start = consumer.starts.at(-1)!;
    expect(start.reason).toBe('seek');
    expect(start.epoch).not.toBe(consumer.starts[0]!.epoch);
    expect(start.seq).toBe(published[100]!.seq);
    const expected = new DayState(recording.header.symbols);
    for (const batch of published.slice(0, 101)) expected.apply(batch.ticks);
    expect(start.state).toEqual(expected.all());
    await bus.control({ type: 'control', action: 'step' });
    expect(consumer.batches.at(-1)).toMatchObject({ epoch: start.epoch, seq: published[101]!.seq });
    controller.stop();
  });

  it('refuses a seek outside the recording, and every control when started without control', async () => {
    const { controller, bus } = replay();
    expect(await bus.control({ type: 'control', action: 'seek', time: recording.range.end + 1 })).toMatchObject({ ok: false, code: 'out_of_range' });
    controller.stop();
    const locked = replay({ controllable: false });
    expect(await locked.bus.control({ type: 'control', action: 'play' })).toMatchObject({ ok: false, code: 'control_disabled' });
    locked.controller.stop();
  });

  it('plays on the recorded clock at a chosen speed', async () => {
    let now = 0;
    const { consumer, controller, bus } = replay({ speed: 10 }, () => now);
    await bus.control({ type: 'control', action: 'play' });
    now = 1000; // ten recorded seconds
    await eventually(() => expect(consumer.batches.length).toBeGreaterThan(0));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const lastTime = consumer.batches.at(-1)!.time;
    expect(lastTime).toBeLessThanOrEqual(recording.range.start + 10_000);
    expect(lastTime).toBeGreaterThan(recording.range.start + 9_000);
    controller.stop();
  });

  it('loops: a new epoch from the beginning each time round', async () => {
    const { consumer, controller, bus } = replay({ loop: true });
    await bus.control({ type: 'control', action: 'play' });
    await eventually(() => expect(consumer.starts.filter((s) => s.reason === 'loop').length).toBeGreaterThanOrEqual(1));
    controller.stop();
    const loop = consumer.starts.find((s) => s.reason === 'loop')!;
    expect(loop.seq).toBe(0);
    expect(loop.state).toEqual(new DayState(recording.header.symbols).all());
  });
});
