import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { barIntervalMs, csvEvents, parseCsvFile, scanCsv, type CsvImportOptions } from '../../feed/import/csv.ts';
import { assembleImport } from '../../feed/import/assemble.ts';
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

  it('detects the header, reads columns by name, and tolerates $ and thousands separators', async () => {
    const path = csv('named.csv', 'time,ticker,price,size\n2013-10-07 09:30:00,brk.a,"$171,250.00","1,200"\n2013-10-07 09:30:01,BRK.A,$171300,5\n');
    const file = await parseCsvFile(path, base);
    expect(file.events).toEqual([
      { kind: 'trade', time: Date.UTC(2013, 9, 7, 13, 30, 0), symbol: 'BRK.A', price: 171_250, size: 1200 },
      { kind: 'trade', time: Date.UTC(2013, 9, 7, 13, 30, 1), symbol: 'BRK.A', price: 171_300, size: 5 },
    ]);
  });

  it('reads header-less files by column number with a fixed symbol, sorting rows by time', async () => {
    const path = csv('numbered.csv', '1381152601000,10.5\n1381152600000,10.25\n');
    const file = await parseCsvFile(path, { columns: { time: '1', price: '2' }, fixedSymbol: 'ABC', timeFormat: 'epoch-ms', zone: NY, skipBad: false });
    expect(file.events.map((e) => [e.time, e.kind === 'trade' && e.price])).toEqual([
      [1_381_152_600_000, 10.25],
      [1_381_152_601_000, 10.5],
    ]);
  });

  it('converts local times on the spring-forward day', async () => {
    const path = csv('dst.csv', 'time,ticker,price,size\n2013-03-10 01:59:59,X,1,1\n2013-03-10 03:00:00,X,1,1\n');
    expect((await parseCsvFile(path, base)).events.map((e) => new Date(e.time).toISOString())).toEqual(['2013-03-10T06:59:59.000Z', '2013-03-10T07:00:00.000Z']);
  });

  it('names the file, line and reason of a malformed row, or counts it with skipBad', async () => {
    const path = csv('bad.csv', 'time,ticker,price,size\n2013-10-07 09:30:00,X,1,1\n\n2013-10-07 09:31:00,X,-3,1\nyesterday,X,1,1\n');
    await expect(parseCsvFile(path, base)).rejects.toThrow(ImportError);
    await expect(parseCsvFile(path, base)).rejects.toThrow(/bad\.csv: line 4, column 3 \(price\) "-3" is not positive/);
    const skipped = await parseCsvFile(path, { ...base, skipBad: true });
    expect(skipped).toMatchObject({ rows: 3, skipped: 2, skippedBy: { 'price is not positive': 1, 'time does not match the time format "yyyy-MM-dd HH:mm:ss"': 1 } });
  });

  it('explains a column name the header does not have', async () => {
    const path = csv('cols.csv', 'when,what,px\n2013-10-07 09:30:00,X,1\n');
    await expect(parseCsvFile(path, base)).rejects.toThrow(/no column named "time" for --time; the header \(separated by ","\) has: when, what, px/);
    const short = csv('short.csv', '1381152600000,10.5\n1381152601000\n');
    await expect(parseCsvFile(short, { columns: { time: '1', price: '2' }, fixedSymbol: 'ABC', timeFormat: 'epoch-ms', zone: NY, skipBad: false })).rejects.toThrow(
      /short\.csv: line 2, column 2 \(price\) is missing: the row has 1 column/,
    );
    await expect(parseCsvFile(short, { columns: { time: '1', price: '2' }, fixedSymbol: 'no good!', timeFormat: 'epoch-ms', zone: NY, skipBad: false })).rejects.toThrow(/--symbol "no good!" is not a valid symbol/);
  });

  it('places date-only trades at the close, the open or a chosen local time, on the local clock even on a daylight-saving day', async () => {
    const path = csv('daily.csv', 'Date,Close\n2024-03-04,170.5\n2024-03-10,172\n');
    const options: CsvImportOptions = { columns: { time: 'Date', price: 'Close' }, fixedSymbol: 'X', timeFormat: 'iso', zone: NY, skipBad: false };
    const times = async (dateOnlyAt?: CsvImportOptions['dateOnlyAt']) =>
      (await parseCsvFile(path, { ...options, ...(dateOnlyAt === undefined ? {} : { dateOnlyAt }) })).events.map((e) => new Date(e.time).toISOString());
    // 2024-03-10 is a Sunday, the spring-forward day: its "session" still opens at 09:30 and closes at 16:00 New York time (EDT).
    expect(await times()).toEqual(['2024-03-04T20:59:59.999Z', '2024-03-10T19:59:59.999Z']);
    expect(await times('open')).toEqual(['2024-03-04T14:30:00.000Z', '2024-03-10T13:30:00.000Z']);
    expect(await times(12 * 3_600_000)).toEqual(['2024-03-04T17:00:00.000Z', '2024-03-10T16:00:00.000Z']);
  });

  it('reads bars of any interval up to a day: a 4-hour bar becomes its four trades across those four hours', async () => {
    const path = csv('bars4h.csv', 'time,open,high,low,close,volume\n2024-03-04T08:00:00Z,100,104,99,103,400\n');
    const options: CsvImportOptions = { columns: { time: 'time', open: 'open', high: 'high', low: 'low', close: 'close', volume: 'volume' }, fixedSymbol: 'X', timeFormat: 'iso', zone: NY, skipBad: false, barInterval: '4h' };
    const trades = (await parseCsvFile(path, options)).events.flatMap((e) => (e.kind === 'trade' ? [[new Date(e.time).toISOString(), e.price, e.size]] : []));
    expect(trades).toEqual([
      ['2024-03-04T08:00:00.000Z', 100, 100],
      ['2024-03-04T09:20:00.000Z', 99, 100],
      ['2024-03-04T10:40:00.000Z', 104, 100],
      ['2024-03-04T11:59:59.999Z', 103, 100],
    ]);
    expect(barIntervalMs('30s')).toEqual({ ok: true, ms: 30_000 });
    expect(barIntervalMs('1d')).toEqual({ ok: true, ms: null });
    expect(barIntervalMs('2d')).toMatchObject({ ok: false, reason: expect.stringMatching(/"2d" is not a bar interval: .* up to a day .* or 1d/) });
  });

  it('takes a first row with a numeric-looking price for data, not a header; names a price column beyond the first row; --skip-bad reasons read plainly', async () => {
    const noHeader = csv('noheader.csv', '2024-03-04T10:00:00;170,73;1\n');
    const options: CsvImportOptions = { columns: { time: '1', price: '2', size: '3' }, fixedSymbol: 'X', timeFormat: 'iso', zone: NY, skipBad: false };
    await expect(parseCsvFile(noHeader, options)).rejects.toThrow(/line 1, column 2 \(price\) "170,73" looks like a decimal comma; give --decimal ,/);
    await expect(parseCsvFile(noHeader, { ...options, columns: { time: '1', price: '5' } })).rejects.toThrow(/there is no column 5 for --price: the first row has 3 columns \(separated by ";"\)/);
    const bad = csv('kinds.csv', 'time,ticker,price,size\n2024-03-04 10:00:00,X,1e20,1\n2024-03-04 10:00:01,X,0.0000012345,1\n2024-03-04 10:00:02,X,5,1\n');
    expect((await parseCsvFile(bad, { ...base, skipBad: true })).skippedBy).toEqual({
      'price is above N, the largest price a recording holds exactly': 1,
      'price has N decimals, finer than the N a recording holds': 1,
    });
  });

  it('reads a semicolon file with decimal commas when told; refuses a decimal comma otherwise, and hex', async () => {
    const path = csv('eu.csv', 'Zeit;Kurs;Stück\n2013-10-07 09:30:00;170,73;1.200\n2013-10-07 09:30:01;170,8;5\n');
    const options: CsvImportOptions = { columns: { time: 'Zeit', price: 'Kurs', size: 'Stück' }, fixedSymbol: 'SAP', timeFormat: 'yyyy-MM-dd HH:mm:ss', zone: 'Europe/Berlin', skipBad: false };
    await expect(parseCsvFile(path, options)).rejects.toThrow(/line 2, column 2 \(price\) "170,73" looks like a decimal comma; give --decimal ,/);
    expect((await parseCsvFile(path, { ...options, decimal: ',' })).events.map((e) => e.kind === 'trade' && [e.price, e.size])).toEqual([
      [170.73, 1200],
      [170.8, 5],
    ]);
    const hex = csv('hex.csv', 'time,price\n1381152600000,0x10\n');
    await expect(parseCsvFile(hex, { columns: { time: 'time', price: 'price' }, fixedSymbol: 'X', timeFormat: 'epoch-ms', zone: NY, skipBad: false })).rejects.toThrow(/"0x10" is hexadecimal/);
  });

  it('catches epoch times in the wrong unit, a daylight-saving gap, and values a recording cannot hold', async () => {
    const micro = csv('micro.csv', 'time,price\n1381152600000000,10\n');
    await expect(parseCsvFile(micro, { columns: { time: 'time', price: 'price' }, fixedSymbol: 'X', timeFormat: 'epoch-ms', zone: NY, skipBad: false })).rejects.toThrow(
      /as epoch-us it is 2013-10-07: give --time-format epoch-us/,
    );
    expect((await parseCsvFile(micro, { columns: { time: 'time', price: 'price' }, fixedSymbol: 'X', timeFormat: 'epoch-us', zone: NY, skipBad: false })).events[0]!.time).toBe(1_381_152_600_000);
    // Epoch seconds read as milliseconds land in January 1970: taken for the wrong unit, not imported.
    const seconds = csv('seconds.csv', 'time,price\n1709564400,10\n');
    await expect(parseCsvFile(seconds, { columns: { time: 'time', price: 'price' }, fixedSymbol: 'X', timeFormat: 'epoch-ms', zone: NY, skipBad: false })).rejects.toThrow(
      /is in the year 1970 as epoch-ms; as epoch-s it is 2024-03-04: give --time-format epoch-s/,
    );
    // Export noise past 8 decimals rounds away; a value at 8 decimals too large for 1e-8 steps stays as the float it is.
    const noisy = csv('noisy.csv', 'time,ticker,price,size\n2013-10-07 09:30:00,X,170.73000000000002,1\n2013-10-07 09:30:01,X,123456789.12345679,1\n');
    expect((await parseCsvFile(noisy, base)).events.map((e) => (e.kind === 'trade' ? e.price : null))).toEqual([170.73, 123456789.12345679]);
    const gap = csv('gap.csv', 'time,ticker,price,size\n2013-03-10 02:30:00,X,1,1\n');
    await expect(parseCsvFile(gap, base)).rejects.toThrow(/"2013-03-10 02:30:00" does not exist in America\/New_York: the clocks skipped it/);
    const overlap = csv('overlap.csv', 'time,ticker,price,size\n2013-11-03 01:30:00,X,1,1\n');
    expect((await parseCsvFile(overlap, base)).ambiguousTimes).toBe(1);
    for (const [value, reason] of [
      ['Infinity', /is not a number/],
      ['1e400', /is too large to be a number/],
      ['0.000000001', /has 9 decimals, finer than the 8 a recording holds/],
      ['0.0000012345', /has 10 decimals, finer than the 8 a recording holds/],
      ['999999999.99999999', /cannot be held exactly at 8 decimals \(it would become 1000000000\)/],
      ['"0,123"', /looks like a decimal comma; give --decimal ,/],
      ['2e9', /is above 1e\+9/],
    ] as const) {
      const path = csv('values.csv', `time,ticker,price,size\n2013-10-07 09:30:00,X,${value},1\n`);
      await expect(parseCsvFile(path, base)).rejects.toThrow(reason);
    }
  });

  it('keeps crypto precision: fractional sizes and 8-decimal prices, and the tick size they need', async () => {
    const path = csv('crypto.csv', 'time,ticker,price,size\n2021-03-01T00:00:00Z,ETH-BTC,0.01633102,4.70443515\n2021-03-01T00:00:01Z,ETH-BTC,0.01633101,0.5\n');
    const file = await parseCsvFile(path, { ...base, timeFormat: 'iso' });
    expect(file.events.map((e) => e.kind === 'trade' && [e.price, e.size])).toEqual([
      [0.01633102, 4.70443515],
      [0.01633101, 0.5],
    ]);
    expect(assembleImport([file], []).symbols[0]).toMatchObject({ symbol: 'ETH-BTC', tickSize: 1e-8, prevClose: null });
  });

  it('puts rows in time order within the window, and refuses a file more out of order than that', async () => {
    const rows = [5, 3, 4, 1, 2, 9, 7, 8, 6].map((s) => `${1_381_152_600 + s},10,1`);
    const path = csv('order.csv', ['time,price,size', ...rows].join('\n'));
    const options: CsvImportOptions = { columns: { time: 'time', price: 'price', size: 'size' }, fixedSymbol: 'X', timeFormat: 'epoch-s', zone: NY, skipBad: false };
    const times: number[] = [];
    for await (const event of csvEvents(path, options, undefined, 4)) times.push(event.time / 1000 - 1_381_152_600);
    expect(times).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await expect(scanCsv(path, options, undefined, 2)).rejects.toThrow(/order\.csv: line 5: the rows are out of time order by more than 2 rows/);
    expect((await scanCsv(path, options, undefined, 4)).range).toEqual({ start: 1_381_152_601_000, end: 1_381_152_609_000 });
  });
});
