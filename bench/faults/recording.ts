import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Recording } from '../../feed/recording/reader.ts';
import { SESSION_START, spawnFeed, LIVE_CLOCK } from '../../tests/support/feed-process.ts';
import { fmt } from '../table.ts';
import { check, sleep } from './checks.ts';

const BIN = fileURLToPath(new URL('../../bin/tickwall.js', import.meta.url));

/** Runs a tickwall command to completion, sampling its peak RSS. */
async function runSampled(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string; seconds: number; peakRssMiB: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let peak = 0;
  const timer = setInterval(() => {
    try {
      const status = spawnSync('cat', [`/proc/${child.pid}/status`], { encoding: 'utf8' }).stdout;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
    } catch {
      // exited
    }
  }, 500);
  const status = await new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  clearInterval(timer);
  return { status, stdout, stderr, seconds: (Date.now() - started) / 1000, peakRssMiB: peak };
}

const count = (text: string, pattern: RegExp) => Number((pattern.exec(text)?.[1] ?? 'NaN').replaceAll(',', ''));

/** A 1-hour headless recording at 5,000 ticks/s, then inspect on what it wrote. */
export async function longRecording(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tickwall-faults-'));
  const out = join(dir, 'hour.jsonl.gz');
  try {
    const record = await runSampled(['record', '--out', out, '--duration', '1h', '--rate', '5000', '--start', SESSION_START]);
    const recorded = { batches: count(record.stdout, /recorded ([\d,]+) batches/), ticks: count(record.stdout, /batches, ([\d,]+) ticks/) };
    const inspect = await runSampled(['inspect', out]);
    const inspected = { batches: count(inspect.stdout, /batches:\s+([\d,]+)/), ticks: count(inspect.stdout, /ticks:\s+([\d,]+)/) };
    check(
      'tickwall record --duration 1h --rate 5000 (gzip)',
      'completes (exit 0) with memory flat, the writer paced by the disk',
      `exit ${record.status} after ${fmt(record.seconds, 1)} s, peak RSS ${fmt(record.peakRssMiB)} MiB${record.status ? `: ${record.stderr.trim()}` : ''}`,
      record.status === 0,
    );
    check(
      'inspect on that recording',
      'same batch and tick counts as were generated',
      `${fmt(inspected.batches)} batches, ${fmt(inspected.ticks)} ticks (recorded ${fmt(recorded.batches)}, ${fmt(recorded.ticks)}); ${fmt(inspect.seconds, 1)} s, peak RSS ${fmt(inspect.peakRssMiB)} MiB`,
      inspect.status === 0 && inspected.batches === recorded.batches && inspected.ticks === recorded.ticks && recorded.ticks > 17_000_000,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** kill -9 of a live recording feed, ten times: what is lost is the time between the last batch on disk and the kill. */
export async function killWhileRecording(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tickwall-faults-'));
  const losses: number[] = [];
  try {
    for (let run = 0; run < 10; run++) {
      const file = join(dir, `kill-${run}.jsonl.gz`);
      const feed = await spawnFeed([...LIVE_CLOCK, '--rate', '2000', '--record', file]);
      await sleep(2000 + Math.random() * 1000);
      const killedAt = Date.now();
      feed.process.kill('SIGKILL');
      await feed.stop();
      const recording = await Recording.load(file);
      losses.push(killedAt - recording.batchTimes[recording.batchCount - 1]!);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const worst = Math.max(...losses);
  check('kill -9 while recording (10 runs, 2,000 ticks/s)', 'at most 1 s of data lost in every run', `worst ${fmt(worst)} ms; all: ${losses.map((l) => fmt(l)).join(', ')}`, worst <= 1000);
}

/** An import that fails part-way leaves nothing that looks like a recording. */
export async function failedImport(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tickwall-faults-'));
  try {
    const csv = join(dir, 'trades.csv');
    const rows = ['time,price,size', ...Array.from({ length: 50_000 }, (_, i) => `${1381152600000 + i * 10},${(100 + (i % 50) / 100).toFixed(2)},100`), '1381153100000,not-a-price,100'];
    writeFileSync(csv, rows.join('\n'));
    const out = join(dir, 'out.jsonl.gz');
    const result = await runSampled(['import', 'csv', csv, '--out', out, '--time', 'time', '--time-format', 'epoch-ms', '--price', 'price', '--size', 'size', '--symbol', 'TEST']);
    const left = readdirSync(dir).filter((name) => name !== 'trades.csv');
    check('import that fails on its last row', 'exit 1 naming the line; no file left behind', `exit ${result.status}, "${result.stderr.trim().replace(/^tickwall: error: \S+: /, "").slice(0, 90)}"; left behind: ${left.join(', ') || 'nothing'}`, result.status === 1 && !existsSync(out) && left.length === 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
