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
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { rssMiB } from './process-stats.ts';
import { fmt, printTable } from './table.ts';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10,100,1000' } } });
const BIN = fileURLToPath(new URL('../bin/tickwall.js', import.meta.url));
const LEAN_SPY = fileURLToPath(new URL('../data/lean/tick/spy/20131007_trade.zip', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tickwall-import-bench-'));
const SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL', 'META', 'TSLA', 'BTC-USD'];

/** Writes trades until the file reaches `mb` MB: ISO times a few ms apart (now and then a row slightly out of order), 8 symbols, fractional prices. */
async function generate(path: string, mb: number): Promise<number> {
  const out = createWriteStream(path);
  out.write('time,symbol,price,size\n');
  let bytes = 0;
  let rows = 0;
  let time = Date.UTC(2024, 2, 4, 14, 30);
  const target = mb * 1_000_000;
  while (bytes < target) {
    let chunk = '';
    for (let i = 0; i < 5000; i++) {
      time += 1 + (rows % 7);
      const jitter = rows % 101 === 0 ? -20 : 0;
      const symbol = SYMBOLS[rows % SYMBOLS.length]!;
      chunk += `${new Date(time + jitter).toISOString()},${symbol},${(100 + ((rows * 7919) % 10_000) / 100).toFixed(2)},${1 + (rows % 500)}\n`;
      rows++;
    }
    bytes += chunk.length;
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return rows;
}

/** Runs a command to completion, sampling its peak RSS; resolves with seconds and MiB. */
function measure(args: string[]): Promise<{ seconds: number; peakMiB: number; output: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, rssMiB(child.pid!) ?? 0)), 50);
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}:\n${output}`));
      else resolve({ seconds: (performance.now() - started) / 1000, peakMiB: peak, output });
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
  const rows = await generate(path, mb);
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
