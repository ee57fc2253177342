import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Recording } from '../../feed/recording/reader.ts';
import type { StoredBars } from '../../shared/bars/bar-series.ts';
import { SymbolBars } from '../../shared/bars/symbol-bars.ts';
import { instrumentOf } from '../../shared/instrument.ts';
import { calendarFor } from '../../shared/market-calendar.ts';
import { recordSimulation, type PublishedBatch } from '../support/recordings.ts';

let recording: Recording;
let published: PublishedBatch[];
const START = Date.UTC(2026, 0, 5, 15, 0, 0);

beforeAll(async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'tickwall-recording-bars-')), 'day.jsonl');
  published = await recordSimulation(path, { seconds: 15 * 60, rate: 40, startTime: START });
  recording = await Recording.load(path);
});

/** What a live feed that sent batches [0, next) holds: every print applied in order. */
function liveBars(next: number): Map<string, SymbolBars> {
  const bars = new Map(recording.header.symbols.map((meta) => [meta.symbol, new SymbolBars(calendarFor(instrumentOf(meta).calendar))]));
  for (const batch of published.slice(0, next)) for (const tick of batch.ticks) bars.get(tick.symbol)!.apply(tick);
  return bars;
}

/** Equal, but turnover (a float sum in a different order) to a millionth. */
function expectSame(actual: StoredBars, expected: StoredBars): void {
  expect({ ...actual, turnover: null }).toEqual({ ...expected, turnover: null });
  actual.turnover.forEach((value, i) => expect(value).toBeCloseTo(expected.turnover[i]!, 6));
}

describe('a replay\'s history at a seek', () => {
  it.each([
    ['30 s in (prints only)', 30_000],
    ['12.5 minutes in (minutes, then eleven minutes of prints)', 750_000],
    ['the end', 15 * 60_000],
  ])('equals what a live feed would hold: %s', (_, offset) => {
    const time = START + offset;
    const next = recording.batchIndexAfter(time);
    const history = recording.historyBefore(next, time);
    const expected = liveBars(next);
    for (const symbol of ['AAPL', 'KO', 'NVDA']) {
      const want = expected.get(symbol)!.history();
      const got = history.get(symbol)!;
      expect(got.m1.time.length).toBeGreaterThan(0);
      expectSame(got.m1, want.m1);
      expectSame(got.s1, want.s1);
      expectSame(got.d1, want.d1);
    }
  });
});
