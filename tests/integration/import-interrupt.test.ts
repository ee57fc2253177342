import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { generateTradesCsv } from '../../bench/generated-csv.ts';

const BIN = fileURLToPath(new URL('../../bin/tickwall.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tickwall-import-interrupt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('Ctrl-C while an import writes stops it, says so, and leaves neither the recording nor a partial file', async () => {
  const csv = join(dir, 'trades.csv');
  await generateTradesCsv(csv, 10);
  const outDir = join(dir, 'out');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir);
  const child = spawn(process.execPath, [BIN, 'import', 'csv', csv, '--out', join(outDir, 'trades.jsonl.gz'), '--time', 'time', '--price', 'price', '--size', 'size', '--symbol-col', 'symbol'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  // Wait for the second pass to start writing (its temporary file appears), then interrupt it.
  const deadline = Date.now() + 90_000;
  while (!readdirSync(outDir).some((name) => name.includes('.partial-')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(readdirSync(outDir).some((name) => name.includes('.partial-'))).toBe(true);
  child.kill('SIGINT');
  expect(await exited).toBe(1);
  expect(stderr).toMatch(/interrupted \(SIGINT\) while writing .*trades\.jsonl\.gz: nothing was written/);
  expect(readdirSync(outDir)).toEqual([]);
}, 120_000);
