/**
 * `npm run bench:import -- [--sizes 10,100,1000]`
 *
 * Import throughput and memory: generated trade CSVs of the given sizes in
 * MB (written to a temporary folder at bench time, never committed), and
 * the SPY tick day through the Lean importer. Each import runs as a real
 * `tickwall import` child process; its peak RSS is sampled from /proc. The
 * baseline, in the same run, is reading and parsing the same file with
 * csv-parse and nothing else (a floor for any CSV importer).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateTradesCsv } from './generated-csv.ts';
import { followPeakRss } from './process-stats.ts';
import { fmt, printTable } from './table.ts';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10,100,1000' } } });
const BIN = fileURLToPath(new URL('../bin/tickwall.js', import.meta.url));
const LEAN_SPY = fileURLToPath(new URL('../data/lean/tick/spy/20131007_trade.zip', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tickwall-import-bench-'));

/** Runs a command to completion, following its peak RSS (the kernel's high-water mark); resolves with seconds and MiB. */
function measure(args: string[]): Promise<{ seconds: number; peakMiB: number; output: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const peak = followPeakRss(child.pid!);
    child.on('exit', (code) => {
      const peakMiB = peak.stop();
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}:\n${output}`));
      else resolve({ seconds: (performance.now() - started) / 1000, peakMiB, output });
    });
  });
}

const PARSE_ONLY = `
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
let rows = 0;
for await (const record of createReadStream(process.argv[1]).pipe(parse({ relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }))) rows++;
console.log(rows);
`;

const rowsOut: string[][] = [];
for (const mb of values.sizes.split(',').map(Number)) {
  const path = join(dir, `trades-${mb}mb.csv`);
  const rows = await generateTradesCsv(path, mb);
  const size = statSync(path).size / 1_000_000;
  const parse = await measure(['--input-type=module', '-e', PARSE_ONLY, path]);
  const out = join(dir, `trades-${mb}mb.jsonl.gz`);
  const imported = await measure([BIN, 'import', 'csv', path, '--out', out, '--time', 'time', '--price', 'price', '--size', 'size', '--symbol-col', 'symbol']);
  rowsOut.push([`CSV ${fmt(size)} MB`, fmt(rows), fmt(rows / parse.seconds), fmt(parse.peakMiB), fmt(rows / imported.seconds), fmt(imported.peakMiB), fmt(statSync(out).size / 1_000_000, 1)]);
  rmSync(path);
  rmSync(out);
}
const spyOut = join(dir, 'spy.jsonl.gz');
const spy = await measure([BIN, 'import', 'lean', LEAN_SPY, '--out', spyOut]);
rowsOut.push(['Lean SPY ticks (zip, in memory)', fmt(250_601), '', '', fmt(250_601 / spy.seconds), fmt(spy.peakMiB), fmt(statSync(spyOut).size / 1_000_000, 1)]);
rmSync(dir, { recursive: true, force: true });

console.log('\nImport: rows per second and peak RSS, each a child process (two streaming passes: check, then write gzip)\n');
printTable(['input', 'rows', 'baseline: parse only, rows/s', 'baseline peak MiB', 'import rows/s', 'import peak MiB', 'recording MB'], rowsOut);
