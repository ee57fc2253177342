import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsvFile, type CsvImportOptions } from '../../feed/import/csv.ts';
import { ImportError } from '../../feed/import/import-types.ts';

const dir = mkdtempSync(join(tmpdir(), 'tickwall-import-'));
const NY = 'America/New_York';

describe('CSV import', () => {
  const base: CsvImportOptions = { columns: { time: 'time', price: 'price', size: 'size', symbol: 'ticker' }, timeFormat: 'yyyy-MM-dd HH:mm:ss', zone: NY, skipBad: false };
  function csv(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }

  it('detects the header, reads columns by name, and tolerates $ and thousands separators', () => {
    const path = csv('named.csv', 'time,ticker,price,size\n2013-10-07 09:30:00,brk.a,"$171,250.00","1,200"\n2013-10-07 09:30:01,BRK.A,$171300,5\n');
    const file = parseCsvFile(path, base);
    expect(file.events).toEqual([
      { kind: 'trade', time: Date.UTC(2013, 9, 7, 13, 30, 0), symbol: 'BRK.A', price: 171_250, size: 1200 },
      { kind: 'trade', time: Date.UTC(2013, 9, 7, 13, 30, 1), symbol: 'BRK.A', price: 171_300, size: 5 },
    ]);
  });

  it('reads header-less files by column number with a fixed symbol, sorting rows by time', () => {
    const path = csv('numbered.csv', '1381152601000,10.5\n1381152600000,10.25\n');
    const file = parseCsvFile(path, { columns: { time: '1', price: '2' }, fixedSymbol: 'ABC', timeFormat: 'epoch-ms', zone: NY, skipBad: false });
    expect(file.events.map((e) => [e.time, e.kind === 'trade' && e.price])).toEqual([
      [1_381_152_600_000, 10.25],
      [1_381_152_601_000, 10.5],
    ]);
  });

  it('converts local times on the spring-forward day', () => {
    const path = csv('dst.csv', 'time,ticker,price,size\n2013-03-10 01:59:59,X,1,1\n2013-03-10 03:00:00,X,1,1\n');
    expect(parseCsvFile(path, base).events.map((e) => new Date(e.time).toISOString())).toEqual(['2013-03-10T06:59:59.000Z', '2013-03-10T07:00:00.000Z']);
  });

  it('names the file, line and reason of a malformed row, or counts it with skipBad', () => {
    const path = csv('bad.csv', 'time,ticker,price,size\n2013-10-07 09:30:00,X,1,1\n\n2013-10-07 09:31:00,X,-3,1\nyesterday,X,1,1\n');
    expect(() => parseCsvFile(path, base)).toThrow(ImportError);
    expect(() => parseCsvFile(path, base)).toThrow(/bad\.csv: line 4: price "-3" is not a positive number/);
    const skipped = parseCsvFile(path, { ...base, skipBad: true });
    expect(skipped).toMatchObject({ rows: 3, skipped: 2 });
  });

  it('explains a column name the header does not have', () => {
    const path = csv('cols.csv', 'when,what,px\n2013-10-07 09:30:00,X,1\n');
    expect(() => parseCsvFile(path, base)).toThrow(/no column named "time" for --time; the header has: when, what, px/);
  });
});
