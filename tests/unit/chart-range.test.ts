import { describe, expect, it } from 'vitest';
import { emptyColumns } from '../../shared/bars/bar-series.ts';
import { calendarFor } from '../../shared/market-calendar.ts';
import type { BarColumns } from '../../shared/protocol.ts';
import { barsInRange } from '../../web/src/lib/chart/chart-range.ts';

const calendar = calendarFor('us-equity');
const columnsAt = (times: number[]): BarColumns => {
  const columns = emptyColumns();
  for (const time of times) {
    columns.time.push(time);
    for (const key of ['open', 'high', 'low', 'close', 'vwap'] as const) columns[key].push(100);
    columns.volume.push(1);
    columns.count.push(1);
  }
  return columns;
};
const ny = (iso: string) => Date.parse(`${iso}-04:00`);

describe('barsInRange', () => {
  // 15-minute bars over Thu 3, Fri 4 and Mon 7 October 2013: the weekend has none.
  const days = ['2013-10-03', '2013-10-04', '2013-10-07'];
  const intraday = columnsAt(days.flatMap((d) => [`${d}T09:30`, `${d}T12:00`, `${d}T15:45`].map(ny)));

  it('1D is the last trading day with bars; 5D the last five, or all there are', () => {
    expect(barsInRange(intraday, '1D', calendar).time).toEqual([ny('2013-10-07T09:30'), ny('2013-10-07T12:00'), ny('2013-10-07T15:45')]);
    expect(barsInRange(intraday, '5D', calendar).time).toHaveLength(9);
  });

  it('1M, 6M and 1Y are the last 21, 126 and 252 daily bars; All is everything', () => {
    const daily = columnsAt(Array.from({ length: 300 }, (_, i) => Date.UTC(2012, 0, 1) + i * 86_400_000));
    expect(barsInRange(daily, '1M', calendar).time).toEqual(daily.time.slice(-21));
    expect(barsInRange(daily, '6M', calendar).close).toHaveLength(126);
    expect(barsInRange(daily, '1Y', calendar).vwap).toHaveLength(252);
    expect(barsInRange(daily, 'All', calendar)).toBe(daily);
    expect(barsInRange(emptyColumns(), '1D', calendar).time).toEqual([]);
  });
});
