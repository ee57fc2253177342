import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanCsv, type CsvImportOptions } from '../../feed/import/csv.ts';
import { writeCsvRecording } from '../../feed/import/csv-recording.ts';
import { UsageError } from '../../feed/errors.ts';
import { ImportError } from '../../feed/import/import-types.ts';
import { Recording } from '../../feed/recording/reader.ts';

const dir = mkdtempSync(join(tmpdir(), 'tickwall-csv-fuzz-'));

/** Values a real or hostile file holds, per column: the good ones and every kind of bad one found so far. */
const times = fc.oneof(
  fc.integer({ min: 0, max: 86_399 }).map((s) => new Date(Date.UTC(2013, 9, 7) + s * 1000).toISOString()),
  fc.constantFrom('2013-03-10T02:30:00', '2013-11-03T01:30:00', '', 'yesterday', '1381152600000', '2013-10-07', '99999-01-01T00:00:00Z', '1969-12-31T23:59:59Z'),
);
const prices = fc.oneof(
  fc.double({ min: 0.0001, max: 5000, noNaN: true }).map((p) => p.toFixed(4)),
  fc.constantFrom('170,73', '1,234.50', '$12.5', '0x10', 'Infinity', 'NaN', '1e400', '-1', '0', '0.000000001', '2e9', '', '1.5e3', '0.01633102', '"1,5"', ' 7 '),
);
const sizes = fc.oneof(fc.integer({ min: 1, max: 100_000 }).map(String), fc.constantFrom('4.70443515', '1e20', '', '-5', '0', '1,200', 'abc', '1e-12'));
const symbols = fc.constantFrom('AAPL', 'BRK.B', 'BTC-USD', 'btc/usd', '^GSPC', '', 'A_VERY_LONG_SYMBOL_NAME', 'spy');
const row = fc.tuple(times, symbols, prices, sizes, fc.integer({ min: 2, max: 4 })).map(([t, s, p, z, n]) => [t, s, p, z].slice(0, n).join(','));

describe('CSV import against hostile files', () => {
  it('every file either imports into a recording that loads, or fails with a clear error and leaves no file', async () => {
    let run = 0;
    const outcomes = { loaded: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 0, maxLength: 12 }), fc.boolean(), async (rows, skipBad) => {
        run++;
        const input = join(dir, `in-${run}.csv`);
        const out = join(dir, `out-${run}.jsonl`);
        writeFileSync(input, ['time,ticker,price,size', ...rows].join('\n'));
        let imported: number | null = null;
        try {
          // The path `tickwall import csv` runs: a streaming check of every row, then a streaming write.
          const options: CsvImportOptions = { columns: { time: 'time', price: 'price', size: 'size', symbol: 'ticker' }, timeFormat: 'iso', zone: 'America/New_York', skipBad };
          const scan = await scanCsv(input, options);
          imported = (await writeCsvRecording(out, [input], [scan], options, 50)).trades;
        } catch (error) {
          expect(error instanceof ImportError || error instanceof UsageError || /nothing to import/.test((error as Error).message)).toBe(true);
          expect((error as Error).message).toMatch(/line \d+, column \d+ \(\w+\)|nothing to import/);
          expect(existsSync(out)).toBe(false);
          outcomes.refused++;
          return;
        }
        const recording = await Recording.load(out);
        expect(recording.tickCount).toBe(imported);
        outcomes.loaded++;
      }),
      { numRuns: 150, seed: 20261208 },
    );
    // Both outcomes must be exercised, or the property says little (a fixed seed: the same files on every run).
    expect(outcomes.loaded).toBeGreaterThan(10);
    expect(outcomes.refused).toBeGreaterThan(10);
  });
});
