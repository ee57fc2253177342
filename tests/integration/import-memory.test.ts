import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { generateTradesCsv } from '../../bench/generated-csv.ts';
import { followPeakRss } from '../../bench/process-stats.ts';
import { Recording } from '../../feed/recording/reader.ts';

const BIN = fileURLToPath(new URL('../../bin/tickwall.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tickwall-import-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The import issue's bound: at most 256 MB of RSS for a CSV of any size.
 * Import streams, so its peak does not grow with the file (npm run
 * bench:import shows 10 MB to 1 GB); a 10 MB file here keeps the test short
 * and still holds every fixed cost a large one pays (the CLI, the parser,
 * the sort window, the gzip writer), which is where the bound was broken.
 */
it('imports a generated 10 MB trade CSV in under 256 MB of RSS, every row in the recording', async () => {
  const csv = join(dir, 'trades.csv');
  const out = join(dir, 'trades.jsonl.gz');
  const rows = await generateTradesCsv(csv, 10);
  const child = spawn(process.execPath, [BIN, 'import', 'csv', csv, '--out', out, '--time', 'time', '--price', 'price', '--size', 'size', '--symbol-col', 'symbol'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const peak = followPeakRss(child.pid!);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const peakMiB = peak.stop();
  expect(code, output).toBe(0);
  expect(peakMiB).toBeGreaterThan(0);
  expect(peakMiB * 2 ** 20).toBeLessThan(256e6);
  const recording = await Recording.load(out);
  let ticks = 0;
  for (let i = 0; i < recording.batchCount; i++) ticks += recording.batch(i).ticks.length;
  expect(ticks).toBe(rows);
}, 120_000);
