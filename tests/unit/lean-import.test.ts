import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { assembleImport } from '../../feed/import/assemble.ts';
import { barToTrades } from '../../feed/import/bar-trades.ts';
import { describeLeanPath, parseLeanFile } from '../../feed/import/lean.ts';
import { ZonedDay } from '../../feed/import/zoned-day.ts';

const LEAN = fileURLToPath(new URL('../../data/lean/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tickwall-import-'));
const NY = 'America/New_York';
/** 7 Oct 2013 was EDT (UTC-4): local midnight is 04:00 UTC. */
const MIDNIGHT = Date.UTC(2013, 9, 7, 4, 0, 0);

function importLean(...relative: string[]) {
  const files = relative.map((path) => parseLeanFile(describeLeanPath(join(LEAN, path)), false));
  return { files, day: assembleImport(files, []) };
}

// Expected values were read from the raw CSVs with awk, not with this code.
describe('Lean import of the shipped files', () => {
  it('SPY ticks: every row, first and last price and time', () => {
    const { files, day } = importLean('tick/spy/20131007_trade.zip');
    expect(files[0]!.rows).toBe(250_601);
    // Left out by sale condition: 351 later opening-auction fills, 202 later closing-auction fills, 2 official opens, 2 official closes, 1 cross.
    expect(files[0]!.conditioned).toBe(558);
    expect(day.ticks).toHaveLength(250_601 - 558);
    expect(day.ticks[0]).toEqual({ symbol: 'SPY', price: 167.41, size: 100, time: MIDNIGHT + 14_400_464 });
    expect(day.ticks.at(-1)).toMatchObject({ price: 167.3, time: MIDNIGHT + 71_999_536 });
    expect(new Date(day.ticks.at(-1)!.time).toISOString()).toBe('2013-10-07T23:59:59.536Z');
    expect(day.symbols).toEqual([{ symbol: 'SPY', name: 'SPDR S&P 500 ETF Trust', sector: 'ETF', prevClose: null, tickSize: 0.01, lotSize: 1, currency: 'USD', calendar: 'us-equity' }]);
  });

  it('IBM trades merged with one-sided quotes: each trade carries the prevailing bid and ask; the flagged quote is left out', () => {
    const { files, day } = importLean('tick/ibm/20131007_trade.zip', 'tick/ibm/20131007_quote.zip');
    expect(files.map((f) => f.rows)).toEqual([24_293, 109_067]);
    expect(files[1]!.flagged).toBe(1);
    expect(files[0]!.conditioned).toBe(2); // the official open and close records
    expect(day.ticks).toHaveLength(24_293 - 2);
    expect(day.ticks[0]).toEqual({ symbol: 'IBM', price: 181.52, size: 283, time: MIDNIGHT + 14_430_270, bid: 181.26, ask: 181.8 });
    expect(day.ticks.at(-1)).toEqual({ symbol: 'IBM', price: 181.99, size: 200, time: MIDNIGHT + 69_967_550, bid: 181.98, ask: 182.61 });
  });

  it('minute bars of four symbols merge into one time-ordered day', () => {
    const symbols = ['aig', 'bac', 'ibm', 'spy'];
    const { files, day } = importLean(...symbols.map((s) => `minute/${s}/20131007_trade.zip`));
    expect(files.map((f) => f.rows)).toEqual([433, 595, 453, 828]);
    for (let i = 1; i < day.ticks.length; i++) expect(day.ticks[i]!.time).toBeGreaterThanOrEqual(day.ticks[i - 1]!.time);
    const expected = { AIG: [49.18, 71_940_000, 48.79], BAC: [13.94, 71_940_000, 13.81], IBM: [181.52, 69_960_000, 181.99], SPY: [167.41, 71_940_000, 167.3] };
    for (const [symbol, [open, lastBar, close]] of Object.entries(expected)) {
      const ticks = day.ticks.filter((t) => t.symbol === symbol);
      expect(ticks[0], symbol).toMatchObject({ price: open, time: MIDNIGHT + 14_400_000 });
      expect(ticks.at(-1)!.price, symbol).toBe(close);
      expect(ticks.at(-1)!.time, symbol).toBeGreaterThanOrEqual(MIDNIGHT + lastBar!);
      expect(ticks.at(-1)!.time, symbol).toBeLessThan(MIDNIGHT + lastBar! + 60_000);
    }
    expect(day.symbols.map((s) => s.symbol)).toEqual(['AIG', 'BAC', 'IBM', 'SPY']);
  });

  it('second bars: first bar open and last bar close', () => {
    const { files, day } = importLean('second/spy/20131007_trade.zip');
    expect(files[0]!.rows).toBe(16_675);
    expect(day.ticks[0]).toMatchObject({ price: 167.41, time: MIDNIGHT + 14_400_000 });
    expect(day.ticks.at(-1)!.price).toBe(167.3);
  });
});

describe('Lean rows', () => {
  function leanFixture(date: string, rows: string[]): string {
    const folder = join(dir, `lean-${date}-${rows.length}`, 'tick', 'xyz');
    mkdirSync(folder, { recursive: true });
    const path = join(folder, `${date}_trade.zip`);
    writeFileSync(path, zipSync({ [`${date}_xyz_Trade_Tick.csv`]: Buffer.from(rows.join('\n')) }));
    return path;
  }

  it('keeps flagged trades out of the displayed price and counts them', () => {
    const path = leanFixture('20131007', ['34200000,1000000,100,P,0,0', '34200100,9990000,100,P,0,1', '34200200,1001000,100,P,0,0']);
    const file = parseLeanFile(describeLeanPath(path), false);
    expect(file.flagged).toBe(1);
    expect(file.events.map((e) => (e.kind === 'trade' ? e.price : null))).toEqual([100, 100.1]);
  });

  it('converts New York times correctly on the days the clocks change', () => {
    const spring = leanFixture('20130310', ['3600000,1000000,100,P,0,0', '36000000,1000000,100,P,0,0']);
    const fall = leanFixture('20131103', ['1800000,1000000,100,P,0,0', '36000000,1000000,100,P,0,0']);
    const times = (path: string) => parseLeanFile(describeLeanPath(path), false).events.map((e) => new Date(e.time).toISOString());
    // 10 March 2013: 01:00 is EST (UTC-5); 10:00 is EDT (UTC-4).
    expect(times(spring)).toEqual(['2013-03-10T06:00:00.000Z', '2013-03-10T14:00:00.000Z']);
    // 3 November 2013: 00:30 is EDT (UTC-4); 10:00 is EST (UTC-5).
    expect(times(fall)).toEqual(['2013-11-03T04:30:00.000Z', '2013-11-03T15:00:00.000Z']);
    expect(new ZonedDay(NY, 2013, 10, 7).toEpoch(34_200_000)).toBe(Date.UTC(2013, 9, 7, 13, 30));
  });

  it('stops at a malformed row naming the file, line and reason, or skips with skipBad', () => {
    const path = leanFixture('20131007', ['34200000,1000000,100,P,0,0', '34200100,abc,100,P,0,0', '34200200,1001000,100,P,0,0']);
    expect(() => parseLeanFile(describeLeanPath(path), false)).toThrow(/20131007_trade\.zip: line 2: column 2 is not a number: "abc"/);
    expect(parseLeanFile(describeLeanPath(path), true)).toMatchObject({ rows: 3, skipped: 1 });
  });

  it('refuses a path that does not say what the file holds', () => {
    expect(() => describeLeanPath('/tmp/spy.zip')).toThrow(/expected \.\.\.\/\{tick\|second\|minute\}/);
  });

  it('turns a bar into up to four trades: open, nearer extreme, other extreme, close', () => {
    expect(barToTrades(0, 60_000, 10, 12, 9, 11, 400)).toEqual([
      { time: 0, price: 10, size: 100 },
      { time: 20_000, price: 9, size: 100 },
      { time: 40_000, price: 12, size: 100 },
      { time: 59_999, price: 11, size: 100 },
    ]);
    expect(barToTrades(0, 60_000, 10, 10, 8, 9, 10)).toEqual([
      { time: 0, price: 10, size: 4 },
      { time: 40_000, price: 8, size: 2 },
      { time: 59_999, price: 9, size: 4 },
    ]);
    expect(barToTrades(0, 1000, 5, 5, 5, 5, 3)).toEqual([{ time: 999, price: 5, size: 3 }]);
  });
});
