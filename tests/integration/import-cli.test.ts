import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { Recording } from '../../feed/recording/reader.ts';

const LEAN = fileURLToPath(new URL('../../data/lean/', import.meta.url));
const CSV_DIR = fileURLToPath(new URL('../../data/csv/', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/tickwall.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tickwall-import-'));

describe('tickwall import (CLI)', () => {
  it('writes a replayable recording, quietly when stderr is not a terminal', () => {
    const out = join(dir, 'minute.jsonl.gz');
    const result = spawnSync(process.execPath, [BIN, 'import', 'lean', ...['aig', 'spy'].map((s) => join(LEAN, `minute/${s}/20131007_trade.zip`)), '--out', out], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stderr.replace(/npm warn.*\n/g, '')).toBe('');
    expect(result.stdout).toMatch(/imported [\d,]+ ticks of AIG, SPY/);
    return Recording.load(out).then((recording) => {
      expect(recording.header.source).toMatchObject({ kind: 'import', importer: 'lean' });
      expect(recording.header.range).toEqual(recording.range);
      expect(recording.header.symbols.map((s) => s.symbol)).toEqual(['AIG', 'SPY']);
    });
  });

  it('refuses to overwrite an existing recording, and names the line and column of a broken daily file', () => {
    const out = join(dir, 'exists.jsonl');
    writeFileSync(out, 'precious');
    const again = spawnSync(process.execPath, [BIN, 'import', 'lean', join(LEAN, 'minute/spy/20131007_trade.zip'), '--out', out], { encoding: 'utf8' });
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already exists.*--force/);
    const daily = join(dir, 'x', 'daily');
    mkdirSync(daily, { recursive: true });
    writeFileSync(join(daily, 'spy.zip'), zipSync({ 'spy.csv': Buffer.from('20131003 00:00,1,2,1,1,10\n20131004 00:00,1,2,x,1,10\n') }));
    const broken = spawnSync(process.execPath, [BIN, 'import', 'lean', join(LEAN, 'minute/spy/20131007_trade.zip'), join(daily, 'spy.zip'), '--out', join(dir, 'broken.jsonl')], { encoding: 'utf8' });
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toMatch(/spy\.zip: line 2: column 4 is not a number: "x"/);
    expect(existsSync(join(dir, 'broken.jsonl'))).toBe(false);
    // With --skip-bad the rows are counted by reason, as the CSV importer counts them.
    const skipped = spawnSync(process.execPath, [BIN, 'import', 'lean', join(LEAN, 'minute/spy/20131007_trade.zip'), join(daily, 'spy.zip'), '--out', join(dir, 'skipped.jsonl'), '--skip-bad'], { encoding: 'utf8' });
    expect(skipped.status).toBe(0);
    expect(skipped.stdout).toContain('daily/spy.zip: 2 rows (1 malformed skipped: 1 column N is not a number)');
  });

  it('--dry-run shows how a CSV is read and writes nothing', () => {
    const out = join(dir, 'dry.jsonl');
    const csvFile = fileURLToPath(new URL('../../data/csv/ibm-trades-epoch-us.csv', import.meta.url));
    const result = spawnSync(process.execPath, [BIN, 'import', 'csv', csvFile, '--out', out, '--symbol', 'IBM', '--time', 'ts_us', '--time-format', 'epoch-us', '--price', 'px', '--size', 'qty', '--dry-run'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('separator: "," (detected)');
    expect(result.stdout).toContain('header: ts_us | px | qty');
    expect(result.stdout).toContain('rows: 300, trades: 300');
    expect(result.stdout).toMatch(/first trades, in time order:\n  2013-10-07 09:30:00\.072 EDT {2}IBM {2}price 181\.9 {2}size 200/);
    expect(existsSync(out)).toBe(false);
  });

  it('--dry-run needs no --out; a real import without one says what to give', () => {
    const csvFile = fileURLToPath(new URL('../../data/csv/ibm-trades-epoch-us.csv', import.meta.url));
    const args = [BIN, 'import', 'csv', csvFile, '--symbol', 'IBM', '--time', 'ts_us', '--time-format', 'epoch-us', '--price', 'px', '--size', 'qty'];
    const dry = spawnSync(process.execPath, [...args, '--dry-run'], { encoding: 'utf8' });
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('dry run, nothing written');
    const real = spawnSync(process.execPath, args, { encoding: 'utf8' });
    expect(real.status).toBe(2);
    expect(real.stderr).toContain('give --out <file>, the recording to write (or --dry-run to only check the files)');
    const lean = spawnSync(process.execPath, [BIN, 'import', 'lean', join(LEAN, 'minute/spy/20131007_trade.zip')], { encoding: 'utf8' });
    expect(lean.status).toBe(2);
    expect(lean.stderr).toMatch(/give --out <file>, the recording to write\n/);
  });

  it('--market crypto: 24/7 in UTC, fractional sizes, symbols like BTC/USD', async () => {
    const input = join(dir, 'crypto.csv');
    writeFileSync(input, 'time,pair,price,amount\n2021-03-01T00:00:00Z,btc/usd,49631.01,0.00512\n2021-03-01T00:00:01Z,ETH-BTC,0.03163102,4.70443515\n');
    const out = join(dir, 'crypto.jsonl');
    const result = spawnSync(process.execPath, [BIN, 'import', 'csv', input, '--out', out, '--market', 'crypto', '--time', 'time', '--price', 'price', '--size', 'amount', '--symbol-col', 'pair'], { encoding: 'utf8' });
    expect(result.stderr.replace(/npm warn.*\n/g, '')).toBe('');
    const recording = await Recording.load(out);
    expect(recording.header.timeZone).toBe('UTC');
    expect(recording.header.symbols).toMatchObject([
      { symbol: 'BTC/USD', calendar: '24x7', lotSize: 1e-8, tickSize: 0.01 },
      { symbol: 'ETH-BTC', calendar: '24x7', lotSize: 1e-8, tickSize: 1e-8 },
    ]);
    expect([0, 1].flatMap((i) => recording.batch(i).ticks.map((t) => [t.symbol, t.price, t.size]))).toEqual([
      ['BTC/USD', 49631.01, 0.00512],
      ['ETH-BTC', 0.03163102, 4.70443515],
    ]);
  });

  it('crypto reads times without an offset in UTC unless --tz says otherwise; a repeated-hour time is reported on the console', () => {
    const file = join(dir, 'btc.csv');
    writeFileSync(file, 'time,symbol,price,size\n2024-03-04T10:00:00,BTC-USD,62000.5,0.25\n');
    const csvArgs = ['--time', 'time', '--price', 'price', '--size', 'size', '--symbol-col', 'symbol', '--market', 'crypto', '--dry-run'];
    const utc = spawnSync(process.execPath, [BIN, 'import', 'csv', file, ...csvArgs], { encoding: 'utf8' });
    expect(utc.stdout).toContain('time range: 2024-03-04 10:00:00.000 UTC to 2024-03-04 10:00:00.000 UTC (read in UTC)');
    const berlin = spawnSync(process.execPath, [BIN, 'import', 'csv', file, ...csvArgs, '--tz', 'Europe/Berlin'], { encoding: 'utf8' });
    expect(berlin.stdout).toContain('2024-03-04 10:00:00.000 GMT+1');
    const overlap = join(dir, 'overlap.csv');
    writeFileSync(overlap, 'time,ticker,price,size\n2013-11-03 01:30:00,X,1,1\n');
    const imported = spawnSync(process.execPath, [BIN, 'import', 'csv', overlap, '--out', join(dir, 'overlap.jsonl'), '--time', 'time', '--price', 'price', '--size', 'size', '--symbol-col', 'ticker'], { encoding: 'utf8' });
    expect(imported.status).toBe(0);
    expect(imported.stdout).toContain('tickwall: note: 1 local times fell in the repeated hour when the clocks went back');
    // A pair is quoted in the currency it names.
    const pairs = join(dir, 'pairs.csv');
    writeFileSync(pairs, 'time,symbol,price,size\n2024-03-04T10:00:00,ETH-EUR,3200.5,0.25\n2024-03-04T10:00:01,ETH/BTC,0.05231,1.5\n');
    const pairsOut = join(dir, 'pairs.jsonl');
    expect(spawnSync(process.execPath, [BIN, 'import', 'csv', pairs, '--out', pairsOut, ...csvArgs.filter((a) => a !== '--dry-run')], { encoding: 'utf8' }).status).toBe(0);
    return Recording.load(pairsOut).then((recording) => {
      expect(recording.header.symbols.map((s) => [s.symbol, s.currency])).toEqual([
        ['ETH-EUR', 'EUR'],
        ['ETH/BTC', 'BTC'],
      ]);
    });
  });

  it('output piped into something that stops reading ends quietly, with status 0', async () => {
    const child = spawn(process.execPath, [BIN, 'import', 'csv', join(CSV_DIR, 'ibm-trades-date-time.csv'), '--dry-run', '--date', 'DATE', '--time', 'TIME_M', '--time-format', 'yyyyMMdd HH:mm:ss.SSS', '--symbol-col', 'SYM_ROOT', '--price', 'PRICE', '--size', 'SIZE'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Like `| head -0`: the reader is gone before the command writes anything.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr.replace(/npm warn.*\n/g, '')).toBe('');
    expect(code).toBe(0);
  });
});
