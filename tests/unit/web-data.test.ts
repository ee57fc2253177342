import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from '../../web/src/lib/feed-connection.ts';
import { formatAge, formatChange, formatClock, formatPercent, formatPrice, formatVolume } from '../../web/src/lib/format.ts';
import { RateMeter } from '../../web/src/lib/rate-meter.ts';
import { TickHistory } from '../../web/src/lib/tick-history.ts';
import { readViewState, writeViewState, MAX_WATCHLIST } from '../../web/src/lib/view-url.ts';
import { addToBars, bucketWidthFor, type Bar } from '../../web/src/lib/volume-buckets.ts';

describe('TickHistory', () => {
  it('grows up to its capacity and then overwrites the oldest points', () => {
    const history = new TickHistory(5, 2);
    for (let i = 1; i <= 7; i++) history.push(i * 10, i, i * 100);
    expect(history.length).toBe(5);
    expect(history.totalAppended).toBe(7);
    expect([0, 1, 2, 3, 4].map((i) => history.timeAt(i))).toEqual([30, 40, 50, 60, 70]);
    expect(history.priceAt(0)).toBe(3);
    expect(history.sizeAt(4)).toBe(700);
  });

  it('forgets everything on clear', () => {
    const history = new TickHistory(3);
    history.push(1, 1, 1);
    history.clear();
    expect(history.length).toBe(0);
  });
});

describe('RateMeter', () => {
  it('reports events per second over its window and decays to zero', () => {
    const meter = new RateMeter(1000, 10);
    for (let t = 0; t < 1000; t += 100) meter.add(50, 10_000 + t);
    expect(meter.perSecond(10_999)).toBe(500);
    expect(meter.perSecond(12_500)).toBe(0);
  });
});

describe('view URL', () => {
  it('round-trips the watchlist, selection and window', () => {
    const search = writeViewState({ symbols: ['AAPL', 'BRK.B'], selected: 'AAPL', window: '15m' }, '');
    expect(search).toBe('?symbols=AAPL,BRK.B&selected=AAPL&window=15m');
    expect(readViewState(search)).toEqual({ symbols: ['AAPL', 'BRK.B'], selected: 'AAPL', window: '15m' });
  });

  it('cleans what a hand-edited URL may hold', () => {
    expect(readViewState('?symbols=aapl,,<script>,AAPL,msft&window=2h&selected=%3Cx%3E')).toEqual({
      symbols: ['AAPL', 'MSFT'],
      selected: null,
      window: '5m',
    });
    expect(readViewState('').symbols).toBeNull();
    const many = Array.from({ length: 900 }, (_, i) => `S${i}`).join(',');
    expect(readViewState(`?symbols=${many}`).symbols).toHaveLength(MAX_WATCHLIST);
  });
});

describe('volume bars', () => {
  it('chooses wider buckets for longer spans', () => {
    expect(bucketWidthFor(60_000)).toBe(1_000);
    expect(bucketWidthFor(300_000)).toBe(2_000);
    expect(bucketWidthFor(6 * 3_600_000)).toBe(300_000);
  });

  it('adds trades into time buckets', () => {
    const bars: Bar[] = [];
    addToBars(bars, 1_000, 100, 1_000);
    addToBars(bars, 1_999, 50, 1_000);
    addToBars(bars, 3_500, 10, 1_000);
    expect(bars).toEqual([
      { x: 1_000, y: 150 },
      { x: 3_000, y: 10 },
    ]);
  });
});

describe('reconnect backoff', () => {
  it('grows exponentially up to the cap, with full jitter', () => {
    expect(backoffDelay(0, DEFAULT_BACKOFF, () => 0.999)).toBe(499);
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0.999)).toBe(3996);
    expect(backoffDelay(30, DEFAULT_BACKOFF, () => 0.999)).toBe(14_985);
    expect(backoffDelay(30, DEFAULT_BACKOFF, () => 0)).toBe(0);
  });
});

describe('formatting', () => {
  it('formats prices, changes, percentages and volumes for a trading screen', () => {
    expect(formatPrice(1234.5)).toBe('1,234.50');
    expect(formatPrice(0.1234, 0.0001)).toBe('0.1234');
    expect(formatPrice(null)).toBe('—');
    expect(formatChange(1.5)).toBe('+1.50');
    expect(formatChange(-0.25)).toBe('−0.25');
    expect(formatPercent(0.01234)).toBe('+1.23%');
    expect(formatPercent(-0.005)).toBe('−0.50%');
    expect(formatVolume(99_999)).toBe('99,999');
    expect(formatVolume(1_234_567)).toBe('1.23M');
    expect(formatAge(340)).toBe('0.3 s');
    expect(formatAge(95_000)).toBe('95 s');
  });

  it('shows clock times in the exchange zone, across daylight saving', () => {
    expect(formatClock(Date.UTC(2026, 6, 1, 13, 30, 5), 'America/New_York')).toBe('09:30:05'); // EDT, UTC-4
    expect(formatClock(Date.UTC(2026, 0, 5, 14, 30, 5), 'America/New_York')).toBe('09:30:05'); // EST, UTC-5
  });
});
