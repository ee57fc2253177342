import { describe, expect, it } from 'vitest';
import { decimalsOf, instrumentOf } from '../../shared/instrument.ts';

describe('instrument units', () => {
  it.each([
    [0.01, 2],
    [0.00000001, 8],
    [0.0001, 4],
    [0.5, 1],
    [0.25, 2],
    [1, 0],
    [5, 0],
    [0.1 + 0.2 - 0.3 + 0.01, 2],
  ])('decimalsOf(%d) is %d', (increment, decimals) => {
    expect(decimalsOf(increment)).toBe(decimals);
  });

  it('refuses increments that are not positive numbers', () => {
    for (const bad of [0, -0.01, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => decimalsOf(bad)).toThrow(RangeError);
  });

  it('fills what a symbol leaves out with the US-equity defaults, and keeps what it gives', () => {
    expect(instrumentOf({ tickSize: 0.01 })).toEqual({ tickSize: 0.01, lotSize: 1, currency: 'USD', calendar: 'us-equity', priceDecimals: 2, sizeDecimals: 0 });
    expect(instrumentOf({ tickSize: 0.01, lotSize: 0.00000001, currency: 'USD', calendar: '24x7' })).toMatchObject({ sizeDecimals: 8, calendar: '24x7' });
  });
});
