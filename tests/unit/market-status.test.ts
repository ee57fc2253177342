import { describe, expect, it } from 'vitest';
import { calendarFor } from '../../shared/market-calendar.ts';
import { describeMarketStatus } from '../../web/src/lib/market-status.ts';

describe('describeMarketStatus (what the clock says)', () => {
  const us = calendarFor('us-equity');
  it.each([
    ['2013-10-07T07:59:00Z', 'Market closed'],
    ['2013-10-07T08:00:00Z', 'Pre-market'],
    ['2013-10-07T13:30:00Z', 'Market open'],
    ['2013-10-07T20:00:00Z', 'After hours'],
    ['2013-10-05T15:00:00Z', 'Market closed'],
    ['2026-11-26T15:00:00Z', 'Closed for Thanksgiving Day'],
    ['2026-11-27T15:00:00Z', 'Market open · early close'],
  ])('%s in New York: %s', (iso, text) => {
    expect(describeMarketStatus(us.status(Date.parse(iso)))).toBe(text);
  });

  it('crypto is always open', () => {
    expect(describeMarketStatus(calendarFor('24x7').status(Date.parse('2026-11-26T15:00:00Z')))).toBe('Market open');
  });
});
