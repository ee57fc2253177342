import type { BarColumns } from '../../../../shared/protocol.ts';
import type { MarketCalendar } from '../../../../shared/market-calendar.ts';
import type { ChartRange } from '../view-url.ts';

/** Trading days an intraday range spans, and daily bars a daily one holds (about 21 trading days a month). */
const INTRADAY_DAYS: Partial<Record<ChartRange, number>> = { '1D': 1, '5D': 5 };
const DAILY_BARS: Partial<Record<ChartRange, number>> = { '1M': 21, '6M': 126, '1Y': 252 };

/**
 * The bars a range shows, counted back from the newest bar (the market's
 * "now", live or replayed): 1D and 5D are the last one or five trading days
 * that have bars, 1M, 6M and 1Y the last 21, 126 or 252 daily bars, All
 * everything. Where history is shorter, everything there is.
 */
export function barsInRange(columns: BarColumns, range: ChartRange, calendar: MarketCalendar): BarColumns {
  const n = columns.time.length;
  let first = 0;
  const days = INTRADAY_DAYS[range];
  const bars = DAILY_BARS[range];
  if (days !== undefined && n > 0) {
    let seen = 1;
    let day = calendar.dayOf(columns.time[n - 1]!).key;
    for (first = n - 1; first > 0; first--) {
      const previous = calendar.dayOf(columns.time[first - 1]!).key;
      if (previous !== day && ++seen > days) break;
      day = previous;
    }
  } else if (bars !== undefined) {
    first = Math.max(0, n - bars);
  }
  if (first === 0) return columns;
  return Object.fromEntries(Object.entries(columns).map(([key, values]) => [key, (values as unknown[]).slice(first)])) as unknown as BarColumns;
}
