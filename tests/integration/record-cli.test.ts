import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Recording } from '../../feed/recording/reader.ts';
import { spawnFeed } from '../support/feed-process.ts';
import { TestClient } from '../support/ws-test-client.ts';

const BIN = fileURLToPath(new URL('../../bin/tickwall.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tickwall-record-cli-'));
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000 });

describe('recording from the CLI', () => {
  it('serve --record writes what the feed sends and completes the file on SIGTERM', async () => {
    const path = join(dir, 'live.jsonl.gz');
    const feed = await spawnFeed(['--record', path, '--rate', '1000']);
    const client = await TestClient.connect(feed.url);
    await client.next('hello');
    client.send({ type: 'subscribe', symbols: ['AAPL'] });
    await client.next('snapshot');
    const live = await client.next('ticks');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await feed.stop('SIGTERM')).toBe(0);

    const recording = await Recording.load(path);
    expect(recording.end).not.toBeNull();
    expect(recording.damage.tornTailBytes).toBe(0);
    expect(recording.header.source).toMatchObject({ kind: 'simulator', seed: '42', ticksPerSecond: 1000 });
    const recorded = Array.from({ length: recording.batchCount }, (_, i) => recording.batch(i)).find((b) => b.seq === live.seq)!;
    expect(recorded.ticks.filter((t) => t.symbol === 'AAPL')).toEqual(live.ticks);
  });

  it('reports a disk error while recording and keeps the live feed running', async () => {
    const feed = await spawnFeed(['--record', '/dev/full', '--force', '--rate', '2000']);
    try {
      const client = await TestClient.connect(feed.url);
      await client.next('hello');
      client.send({ type: 'subscribe', symbols: ['NVDA'] });
      await client.next('snapshot');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const before = client.drain().filter((m) => m.type === 'ticks').length;
      await new Promise((resolve) => setTimeout(resolve, 500));
      const after = client.drain().filter((m) => m.type === 'ticks').length;
      expect(feed.output()).toMatch(/recording to \/dev\/full stopped: .*(ENOSPC|no space).*The live feed keeps running/i);
      expect(before).toBeGreaterThan(5);
      expect(after).toBeGreaterThan(3);
      await client.close();
    } finally {
      await feed.stop();
    }
  });

  it('records headlessly, deterministically for a seed and start time', () => {
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    for (const out of [a, b]) expect(run('record', '--out', out, '--duration', '30s', '--seed', '9', '--start', '2026-01-05T15:00:00Z').status).toBe(0);
    return Promise.all([Recording.load(a), Recording.load(b)]).then(([ra, rb]) => {
      expect(ra.batchCount).toBe(600);
      expect(ra.tickCount).toBe(rb.tickCount);
      for (const i of [0, 299, 599]) expect(ra.batch(i)).toEqual(rb.batch(i));
      expect(ra.range.start).toBeGreaterThanOrEqual(Date.UTC(2026, 0, 5, 15));
    });
  });

  it('inspect prints the header, range, counts and damage', () => {
    const path = join(dir, 'inspected.jsonl');
    expect(run('record', '--out', path, '--duration', '10s', '--symbols', 'AAPL,MSFT', '--start', '2026-01-05T15:00:00Z').status).toBe(0);
    appendFileSync(path, '{"type":"batch","seq":99999,"ti');
    const result = run('inspect', path);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/source: +simulator, seed 42/);
    expect(result.stdout).toMatch(/time range: +2026-01-05 10:00:00\.\d{3} EST to 2026-01-05 10:00:(0\d|10)\.\d{3} EST/);
    expect(result.stdout).toMatch(/symbols: +2: AAPL, MSFT/);
    expect(result.stdout).toMatch(/batches: +200/);
    expect(result.stdout).toMatch(/damage: +torn last line: 31 bytes dropped/);
  });

  it.each([
    [['inspect', '/nonexistent/x.jsonl'], 1, /no such file/],
    [['replay', '/nonexistent/x.jsonl'], 1, /no such file/],
    [['replay', 'x.jsonl', '--speed', '2000'], 2, /speed must be a number from 0.25 to 1000, or "max"/],
    [['replay', 'x.jsonl', '--from', '25:00'], 2, /time must be HH:MM/],
    [['record', '--out', 'x.jsonl', '--duration', 'soon'], 2, /duration must look like/],
    [['record'], 2, /required option '-o, --out <file>'/],
  ])('%j exits %i with a clear message', (args, status, message) => {
    const result = run(...args);
    expect(result.status).toBe(status);
    expect(result.stderr).toMatch(message);
  });

  it('replay --from outside the recording is a usage error naming the range', () => {
    const path = join(dir, 'short.jsonl');
    expect(run('record', '--out', path, '--duration', '5s', '--start', '2026-01-05T15:00:00Z').status).toBe(0);
    const result = run('replay', path, '--from', '14:00', '--port', '0');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--from is outside the recording, which runs from 2026-01-05 10:00/);
  });
});
