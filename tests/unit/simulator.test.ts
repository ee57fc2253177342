import { describe, expect, it } from 'vitest';
import type { Tick } from '../../shared/protocol.ts';
import { MarketSimulator, type SimulatorConfig } from '../../feed/simulator.ts';
import { DEFAULT_UNIVERSE, syntheticUniverse, universeFromSymbols } from '../../feed/universe.ts';
import { seedFrom } from '../../feed/random.ts';
import { calendarFor } from '../../shared/market-calendar.ts';
import { localToEpoch } from '../../shared/zoned-time.ts';

const START = Date.UTC(2026, 0, 5, 14, 30);

function run(config: Partial<SimulatorConfig>, durationMs: number): Tick[] {
  const simulator = new MarketSimulator({ universe: DEFAULT_UNIVERSE, seed: 1, ticksPerSecond: 500, startTime: START, ...config });
  const out: Tick[] = [];
  for (let t = START; t <= START + durationMs; t += 50) simulator.drainUntil(t, out);
  return out;
}

describe('MarketSimulator', () => {
  it('produces the identical tick sequence for the same seed and config', () => {
    const a = run({ seed: 99 }, 60_000);
    const b = run({ seed: 99 }, 60_000);
    expect(a.length).toBeGreaterThan(25_000);
    expect(b).toEqual(a);
  });

  it('produces the same ticks whatever the batch boundaries', () => {
    const simulator = new MarketSimulator({ universe: DEFAULT_UNIVERSE, seed: 99, ticksPerSecond: 500, startTime: START });
    const oneShot: Tick[] = [];
    simulator.drainUntil(START + 60_000, oneShot);
    expect(oneShot).toEqual(run({ seed: 99 }, 60_000));
  });

  it('produces a different sequence for a different seed', () => {
    const a = run({ seed: 1 }, 5_000);
    const b = run({ seed: 2 }, 5_000);
    expect(b.slice(0, 20)).not.toEqual(a.slice(0, 20));
  });

  it('accepts string seeds deterministically', () => {
    expect(seedFrom('demo')).toBe(seedFrom('demo'));
    expect(seedFrom('demo')).not.toBe(seedFrom('demo2'));
    expect(seedFrom('42')).toBe(42);
  });

  it('emits ticks in time order at about the configured rate', () => {
    const ticks = run({ ticksPerSecond: 2000 }, 30_000);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.time).toBeGreaterThanOrEqual(ticks[i - 1]!.time);
    expect(ticks.length / 30).toBeGreaterThan(1900);
    expect(ticks.length / 30).toBeLessThan(2100);
    expect(ticks[0]!.time).toBeGreaterThanOrEqual(START);
    expect(ticks.at(-1)!.time).toBeLessThanOrEqual(START + 30_000);
  });

  it('keeps prices positive, on the tick grid, and inside the quote', () => {
    const ticks = run({ ticksPerSecond: 5000, volatilityScale: 20 }, 120_000);
    const violations = ticks.filter(
      (t) =>
        !(t.price > 0) ||
        !(Number.isInteger(t.size) && t.size > 0) ||
        // On the cent grid, with no floating-point residue in the decimal form.
        !/^\d+(\.\d{1,2})?$/.test(String(t.price)) ||
        !(t.bid! <= t.price && t.price <= t.ask!) ||
        !(t.ask! - t.bid! >= 0.01 - 1e-9),
    );
    expect(ticks.length).toBeGreaterThan(500_000);
    expect(violations.slice(0, 5)).toEqual([]);
  });

  it('keeps prices plausible: a simulated hour stays within a believable band of the previous close', () => {
    const ticks = run({ ticksPerSecond: 300 }, 3_600_000);
    const prevClose = new Map(DEFAULT_UNIVERSE.map((s) => [s.symbol, s.prevClose]));
    const last = new Map<string, number>();
    for (const tick of ticks) last.set(tick.symbol, tick.price);
    expect(last.size).toBe(DEFAULT_UNIVERSE.length);
    for (const [symbol, price] of last) {
      const ratio = price / prevClose.get(symbol)!;
      expect(ratio, symbol).toBeGreaterThan(0.7);
      expect(ratio, symbol).toBeLessThan(1.4);
    }
  });

  it('correlates symbols within a sector more than across sectors', () => {
    const ticks = run({ ticksPerSecond: 600 }, 3_600_000);
    const returns = intervalReturns(ticks, ['JPM', 'BAC', 'XOM', 'CVX', 'KO'], 10_000);
    const corr = (a: string, b: string) => correlation(returns.get(a)!, returns.get(b)!);
    const within = (corr('JPM', 'BAC') + corr('XOM', 'CVX')) / 2;
    const across = (corr('JPM', 'XOM') + corr('BAC', 'CVX') + corr('KO', 'JPM')) / 3;
    expect(within).toBeGreaterThan(across + 0.1);
  });

  it('trades active symbols more often', () => {
    const counts = new Map<string, number>();
    for (const tick of run({}, 120_000)) counts.set(tick.symbol, (counts.get(tick.symbol) ?? 0) + 1);
    expect(counts.get('NVDA')!).toBeGreaterThan(3 * counts.get('KO')!);
  });

  it('skips missed time after a stall instead of bursting', () => {
    const simulator = new MarketSimulator({ universe: DEFAULT_UNIVERSE, seed: 1, ticksPerSecond: 1000, startTime: START });
    simulator.skipTo(START + 60_000);
    const out: Tick[] = [];
    simulator.drainUntil(START + 60_050, out);
    expect(out.length).toBeLessThan(200);
    expect(out.every((t) => t.time >= START + 60_000)).toBe(true);
  });

  it('rejects impossible configurations', () => {
    expect(() => new MarketSimulator({ universe: [], seed: 1, ticksPerSecond: 10, startTime: START })).toThrow(/at least one symbol/);
    expect(() => new MarketSimulator({ universe: DEFAULT_UNIVERSE, seed: 1, ticksPerSecond: 0, startTime: START })).toThrow(/ticksPerSecond/);
  });
});

describe('universes', () => {
  it('builds a stable synthetic universe of up to 5,000 unique symbols, large caps first', () => {
    const big = syntheticUniverse(5000);
    expect(big).toHaveLength(5000);
    expect(new Set(big.map((s) => s.symbol)).size).toBe(5000);
    expect(big[0]!.symbol).toBe('AAPL');
    expect(syntheticUniverse(5000).map((s) => s.symbol)).toEqual(big.map((s) => s.symbol));
    expect(() => syntheticUniverse(5001)).toThrow(RangeError);
  });

  it('keeps real metadata for known symbols and generates it for others', () => {
    const [aapl, custom] = universeFromSymbols(['AAPL', 'ZZTOP']);
    expect(aapl!.name).toBe('Apple Inc.');
    expect(custom!.symbol).toBe('ZZTOP');
    expect(custom!.prevClose).toBeGreaterThan(0);
    expect(universeFromSymbols(['ZZTOP'])[0]).toEqual(custom);
  });
});

function intervalReturns(ticks: Tick[], symbols: string[], intervalMs: number): Map<string, number[]> {
  const closes = new Map<string, Map<number, number>>(symbols.map((s) => [s, new Map()]));
  for (const tick of ticks) closes.get(tick.symbol)?.set(Math.floor(tick.time / intervalMs), tick.price);
  const minutes = [...closes.get(symbols[0]!)!.keys()];
  const result = new Map<string, number[]>();
  for (const symbol of symbols) {
    const series = closes.get(symbol)!;
    const values = minutes.map((m) => series.get(m));
    const returns: number[] = [];
    for (let i = 1; i < values.length; i++) {
      const a = values[i - 1];
      const b = values[i];
      returns.push(a && b ? Math.log(b / a) : 0);
    }
    result.set(symbol, returns);
  }
  return result;
}

function correlation(a: number[], b: number[]): number {
  const n = Math.min(a.length, b.length);
  const mean = (x: number[]) => x.slice(0, n).reduce((s, v) => s + v, 0) / n;
  const ma = mean(a);
  const mb = mean(b);
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    cov += (a[i]! - ma) * (b[i]! - mb);
    va += (a[i]! - ma) ** 2;
    vb += (b[i]! - mb) ** 2;
  }
  return cov / Math.sqrt(va * vb);
}

describe('MarketSimulator on the exchange calendar', () => {
  const calendar = calendarFor('us-equity');
  const ny = (month: number, day: number, hour: number, minute = 0) => localToEpoch('America/New_York', { year: 2026, month, day }, (hour * 60 + minute) * 60_000);
  const drain = (simulator: MarketSimulator, from: number, to: number) => {
    const out: Tick[] = [];
    for (let t = from; t <= to; t += 60_000) simulator.drainUntil(t, out);
    return out;
  };

  it('trades in the sessions only: not overnight, at weekends or on Thanksgiving, and quietly in extended hours', () => {
    const from = ny(11, 25, 12);
    const simulator = new MarketSimulator({ universe: DEFAULT_UNIVERSE, seed: 5, ticksPerSecond: 5, startTime: from, calendar });
    const ticks = drain(simulator, from, ny(11, 30, 12));
    expect(ticks.length).toBeGreaterThan(150_000);
    const phases = new Map<string, number>();
    for (const tick of ticks) phases.set(calendar.phase(tick.time), (phases.get(calendar.phase(tick.time)) ?? 0) + 1);
    expect(phases.get('closed')).toBeUndefined();
    const days = new Set(ticks.map((t) => calendar.localDate(t.time).day));
    expect([...days].sort()).toEqual([25, 27, 30]);
    // Per hour, pre-market (5.5 h on the 27th and the 30th) trades about a tenth as often as the regular
    // session (12:00-16:00 on the 25th, 09:30-13:00 on the 27th, 09:30-12:00 on the 30th).
    const perHour = (phase: string, hours: number) => phases.get(phase)! / hours;
    const ratio = perHour('pre-market', 5.5 * 2) / perHour('open', 4 + 3.5 + 2.5);
    expect(ratio).toBeGreaterThan(0.07);
    expect(ratio).toBeLessThan(0.13);
  });

  it('does not move prices while closed: the weekend passes with a small opening gap, not a jump', () => {
    const from = ny(11, 20, 19, 30);
    const simulator = new MarketSimulator({ universe: DEFAULT_UNIVERSE, seed: 8, ticksPerSecond: 400, startTime: from, calendar });
    const ticks = drain(simulator, from, ny(11, 23, 4, 30));
    const friday = new Map<string, number>();
    const monday = new Map<string, number>();
    for (const tick of ticks) (calendar.localDate(tick.time).day === 20 ? friday : monday).set(tick.symbol, tick.price);
    const moves = [...monday].filter(([s]) => friday.has(s)).map(([s, price]) => Math.abs(Math.log(price / friday.get(s)!)));
    expect(moves.length).toBeGreaterThan(20);
    // Two days of trading time would move them several percent; the gap and half an hour of quiet pre-market, well under one.
    expect(moves.reduce((a, b) => a + b, 0) / moves.length).toBeLessThan(0.01);
  });

  it('trades around the clock on a 24x7 calendar (--hours always)', () => {
    const sunday = ny(11, 22, 3);
    const simulator = new MarketSimulator({ universe: DEFAULT_UNIVERSE, seed: 5, ticksPerSecond: 100, startTime: sunday, calendar: calendarFor('24x7') });
    expect(drain(simulator, sunday, sunday + 600_000).length).toBeGreaterThan(50_000);
    expect(simulator.symbols[0]!.calendar).toBe('24x7');
  });

  it('starts from the prices it is given', () => {
    const from = ny(11, 20, 10);
    const startPrices = DEFAULT_UNIVERSE.map((s) => Math.round(s.prevClose * 110) / 100);
    const simulator = new MarketSimulator({ universe: DEFAULT_UNIVERSE, seed: 5, ticksPerSecond: 500, startTime: from, calendar, startPrices });
    const first = new Map<string, number>();
    for (const tick of drain(simulator, from, from + 60_000)) if (!first.has(tick.symbol)) first.set(tick.symbol, tick.price);
    for (const [symbol, price] of first) {
      const start = startPrices[DEFAULT_UNIVERSE.findIndex((s) => s.symbol === symbol)]!;
      expect(Math.abs(price / start - 1), symbol).toBeLessThan(0.01);
    }
  });
});
