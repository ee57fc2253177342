import { describe, expect, it } from 'vitest';
import { formatAge, formatChange, formatClock, formatPercent, formatPrice, formatVolume, zoneLabel } from '../../web/src/lib/format.ts';

describe('formatting', () => {
  it('formats prices, changes, percentages and volumes for a trading screen', () => {
    expect(formatPrice(1234.5)).toBe('1,234.50');
    expect(formatPrice(0.1234, 0.0001)).toBe('0.1234');
    expect(formatPrice(null)).toBe('—');
    expect(formatChange(1.5)).toBe('+1.50');
    expect(formatChange(-0.25)).toBe('−0.25');
    expect(formatPercent(0.01234)).toBe('+1.23%');
    expect(formatPercent(-0.005)).toBe('−0.50%');
    expect(formatPercent(0.00004)).toBe('0.00%');
    expect(formatPercent(-0.00004)).toBe('0.00%');
    expect(formatVolume(99_999)).toBe('99,999');
    expect(formatVolume(1_234_567)).toBe('1.23M');
    expect(formatVolume(3_000_000)).toBe('3.00M');
    expect(formatVolume(223_360_000)).toBe('223M');
    // Crypto trades in fractions: shown where they matter, rounded where they do not.
    expect(formatVolume(0.5)).toBe('0.5');
    expect(formatVolume(4_746.635)).toBe('4,747');
    expect(formatAge(340)).toBe('0.3 s');
    expect(formatAge(95_000)).toBe('95 s');
  });

  it('shows clock times in the exchange zone, across daylight saving', () => {
    expect(formatClock(Date.UTC(2026, 6, 1, 13, 30, 5), 'America/New_York')).toBe('09:30:05'); // EDT, UTC-4
    expect(formatClock(Date.UTC(2026, 0, 5, 14, 30, 5), 'America/New_York')).toBe('09:30:05'); // EST, UTC-5
  });

  it('prints a crypto price to its tick size', () => {
    expect(formatPrice(0.01633102, 0.00000001)).toBe('0.01633102');
  });

  it('names a zone from the zone itself', () => {
    expect(zoneLabel('America/New_York')).toEqual({ short: 'ET', place: 'New York' });
    expect(zoneLabel('UTC')).toEqual({ short: 'UTC', place: 'UTC' });
  });
});
