import { existsSync, mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DayState } from '../../feed/day-state.ts';
import { RecordingError } from '../../feed/recording/format.ts';
import { Recording } from '../../feed/recording/reader.ts';
import { RecordingWriter } from '../../feed/recording/writer.ts';
import { headerFor, recordSimulation } from '../support/recordings.ts';

const dir = mkdtempSync(join(tmpdir(), 'tickwall-recording-'));
const path = (name: string) => join(dir, name);

function lines(...values: unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n') + '\n';
}
const batch = (seq: number, time: number, price = 100) => ({ type: 'batch', seq, time, ticks: [{ symbol: 'AAPL', price, size: 100, time }] });

/** A gzip stream whose first deflate block uses the reserved block type. */
function damagedGzip(): Buffer {
  const bytes = gzipSync(lines(headerFor(), batch(1, 1000)));
  bytes[10] = 0xff;
  return bytes;
}

async function loadError(file: string, skipBad = false): Promise<RecordingError> {
  try {
    await Recording.load(file, { skipBad });
  } catch (error) {
    return error as RecordingError;
  }
  throw new Error('expected the load to fail');
}

describe('recording round trip', () => {
  it.each(['plain.jsonl', 'zipped.jsonl.gz'])('reads back exactly what was written (%s)', async (name) => {
    const published = await recordSimulation(path(name), { seconds: 20 });
    const recording = await Recording.load(path(name));
    expect(recording.batchCount).toBe(published.length);
    expect(recording.tickCount).toBe(published.reduce((n, b) => n + b.ticks.length, 0));
    for (let i = 0; i < published.length; i++) {
      const line = recording.batch(i);
      expect({ seq: line.seq, time: line.time, ticks: line.ticks }).toEqual(published[i]);
    }
    expect(recording.end).toMatchObject({ batches: published.length });
    expect(recording.damage).toEqual({ tornTailBytes: 0, skippedLines: [], skippedCount: 0 });
    if (name.endsWith('.gz')) expect(readFileSync(path(name)).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });

  it('rebuilds the state at any batch from its checkpoints, identical to applying every batch', async () => {
    await recordSimulation(path('state.jsonl'), { seconds: 120, rate: 2000 });
    const recording = await Recording.load(path('state.jsonl'));
    for (const index of [0, 1, 777, 1500, recording.batchCount]) {
      const fromCheckpoint = new DayState(recording.header.symbols);
      recording.stateBefore(index, fromCheckpoint);
      const fromScratch = new DayState(recording.header.symbols);
      for (let i = 0; i < index; i++) fromScratch.apply(recording.batch(i).ticks);
      expect(fromCheckpoint.all()).toEqual(fromScratch.all());
    }
  });
});

describe('damaged recordings', () => {
  it('keeps everything before a torn last line and reports the bytes dropped', async () => {
    const file = path('torn.jsonl');
    writeFileSync(file, lines(headerFor(), batch(1, 1000), batch(2, 1050)) + '{"type":"batch","seq":3,"ti');
    const recording = await Recording.load(file);
    expect(recording.batchCount).toBe(2);
    expect(recording.damage.tornTailBytes).toBe(27);
    expect(recording.end).toBeNull();
  });

  it('survives a gzip stream cut off mid-way, as a killed recorder leaves it', async () => {
    const file = path('torn.jsonl.gz');
    await recordSimulation(file, { seconds: 60 });
    const full = await Recording.load(file);
    truncateSync(file, Math.floor(readFileSync(file).length * 0.6));
    const torn = await Recording.load(file);
    expect(torn.batchCount).toBeGreaterThan(full.batchCount * 0.4);
    expect(torn.batchCount).toBeLessThan(full.batchCount);
    expect(torn.batch(torn.batchCount - 1)).toEqual(full.batch(torn.batchCount - 1));
  });

  it('stops at a corrupt middle line, naming its number', async () => {
    const file = path('corrupt.jsonl');
    writeFileSync(file, lines(headerFor(), batch(1, 1000), '{"type":"batch","seq":2,"time":10#', batch(3, 1100), batch(4, 1150)));
    const error = await loadError(file);
    expect(error.code).toBe('corrupt_line');
    expect(error.message).toMatch(/line 3 is corrupt.*--skip-bad/);
  });

  it('skips corrupt middle lines with skipBad and counts them', async () => {
    const file = path('corrupt-skip.jsonl');
    writeFileSync(file, lines(headerFor(), batch(1, 1000), 'garbage', { type: 'batch', seq: 3, time: 1, ticks: [] }, batch(4, 1150), batch(5, 1200)));
    const recording = await Recording.load(file, { skipBad: true });
    expect(recording.batchCount).toBe(3);
    expect(recording.damage.skippedCount).toBe(2);
    expect(recording.damage.skippedLines).toEqual([3, 4]);
  });

  it('treats a batch whose seq goes backwards as corrupt', async () => {
    const file = path('seq.jsonl');
    writeFileSync(file, lines(headerFor(), batch(5, 1000), batch(4, 1050), batch(6, 1100)));
    expect((await loadError(file)).message).toMatch(/line 3 is corrupt: seq 4 does not follow 5/);
  });

  it.each([
    ['empty file', '', 'empty_file', /the file is empty/],
    ['not JSON', 'hello world\n', 'not_a_recording', /not a tickwall recording/],
    ['another JSON file', '{"name":"package"}\n', 'not_a_recording', /not a tickwall recording/],
    ['a future version', lines({ ...headerFor(), version: 9 }), 'unsupported_version', /version 9 is not supported; this tickwall reads versions 1 and 2/],
    ['a header but no batches', lines(headerFor()), 'no_batches', /holds no batches/],
    ['damaged gzip', damagedGzip(), 'corrupt_gzip', /gzip data is damaged/],
  ])('gives a clear error for %s', async (_, content, code, message) => {
    const file = path(`bad-${code}.jsonl`);
    writeFileSync(file, content);
    const error = await loadError(file);
    expect(error).toBeInstanceOf(RecordingError);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(file);
  });

  it('gives a clear error for a missing file', async () => {
    const error = await loadError(path('nope.jsonl'));
    expect(error.code).toBe('missing_file');
    expect(error.message).toMatch(/nope\.jsonl: no such file/);
  });
});

describe('RecordingWriter', () => {
  it('reports a disk error once and never throws into the feed', async () => {
    const errors: Error[] = [];
    const writer = new RecordingWriter('/dev/full', headerFor(), { onError: (e) => errors.push(e), flushIntervalMs: 10 });
    for (let i = 1; i <= 50; i++) writer.append(i, 1000 + i, batch(i, 1000 + i).ticks);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(() => writer.append(51, 2000, batch(51, 2000).ticks)).not.toThrow();
    await writer.close();
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/ENOSPC|no space/i);
  });

  it('flushes to disk within the flush interval, before close', async () => {
    const file = path('flush.jsonl');
    const writer = new RecordingWriter(file, headerFor(), { flushIntervalMs: 50 });
    writer.append(1, 1000, batch(1, 1000).ticks);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
    await writer.close();
  });

  it('an atomic writer shows nothing at the target until close, and abort leaves nothing at all', async () => {
    const file = path('atomic.jsonl.gz');
    const writer = new RecordingWriter(file, headerFor(), { atomic: true });
    writer.append(1, 1000, batch(1, 1000).ticks);
    writer.flush();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(existsSync(file)).toBe(false);
    await writer.close();
    expect((await Recording.load(file)).batchCount).toBe(1);
    expect(readdirSync(dir).filter((name) => name.includes('.partial-'))).toEqual([]);

    const aborted = path('aborted.jsonl');
    const other = new RecordingWriter(aborted, headerFor(), { atomic: true });
    other.append(1, 1000, batch(1, 1000).ticks);
    await other.abort();
    expect(existsSync(aborted)).toBe(false);
    expect(readdirSync(dir).filter((name) => name.includes('.partial-'))).toEqual([]);
  });

  it('tells a fast writer to wait, and drained() resolves once the disk has caught up', async () => {
    const file = path('backpressure.jsonl.gz');
    const writer = new RecordingWriter(file, headerFor());
    const ticks = Array.from({ length: 500 }, (_, i) => ({ symbol: 'AAPL', price: 100 + (i % 97) / 100, size: 100 + i, time: 1000 + i }));
    let appended = 0;
    while (writer.append(++appended, 1000 + appended, ticks)) if (appended > 100_000) break;
    expect(appended).toBeLessThan(100_000);
    expect(writer.backlog).toBeGreaterThanOrEqual(8 * 1024 * 1024);
    await writer.drained();
    expect(writer.backlog).toBeLessThan(8 * 1024 * 1024);
    await writer.close();
    expect((await Recording.summarize(file)).batchCount).toBe(appended);
  });
});

describe('reading large recordings', () => {
  it('summarize streams a recording and agrees with load', async () => {
    await recordSimulation(path('summary.jsonl.gz'), { seconds: 30, rate: 3000 });
    const [summary, loaded] = await Promise.all([Recording.summarize(path('summary.jsonl.gz')), Recording.load(path('summary.jsonl.gz'))]);
    expect({ batches: summary.batchCount, ticks: summary.tickCount, range: summary.range }).toEqual({ batches: loaded.batchCount, ticks: loaded.tickCount, range: loaded.range });
  });

  it('treats a batch naming a symbol missing from the header as corrupt', async () => {
    const file = path('stranger.jsonl');
    writeFileSync(file, lines(headerFor(['AAPL']), batch(1, 1000), { type: 'batch', seq: 2, time: 1100, ticks: [{ symbol: 'MSFT', price: 1, size: 1, time: 1100 }] }, batch(3, 1200)));
    expect((await loadError(file)).message).toMatch(/line 3 is corrupt: symbol MSFT is not in the header's symbol list/);
  });
});
