import { calendarFor, type CalendarId } from '../../shared/market-calendar.ts';
import { clockFor } from './csv-values.ts';

/** Where a day's regular session lies, for the day holding `time`: 09:30 to 16:00 local on a day the calendar does not know. */
export function regularSessionOf(time: number, calendarId: CalendarId): { start: number; length: number } {
  const calendar = calendarFor(calendarId);
  const day = calendar.dayOf(time);
  const session = calendar.tradingDay(calendar.localDate(time));
  if (session) return { start: session.open, length: session.close - session.open };
  // On a day the calendar does not know, 09:30 and 16:00 on the local clock (not hours after midnight: a daylight-saving day is 23 or 25 hours long).
  const clock = clockFor(calendar.timeZone);
  const open = clock.epochOf(clock.wall(day.start) + 9.5 * 3_600_000);
  const close = clock.epochOf(clock.wall(day.start) + 16 * 3_600_000);
  return { start: open, length: close - open };
}

/**
 * A bar becomes up to four trades spread over its interval: open at the
 * start, then the extreme nearer the open's side first (open→low→high→close
 * for an up bar, open→high→low→close for a down bar), close at the end.
 * Volume is split evenly (in whole shares, or steps of 1e-8 for fractional
 * volumes), the remainder on the close; repeated prices merge.
 */
export function barToTrades(start: number, barMs: number, open: number, high: number, low: number, close: number, volume: number): { time: number; price: number; size: number }[] {
  const path = close >= open ? [open, low, high, close] : [open, high, low, close];
  const times = [start, start + Math.floor(barMs / 3), start + Math.floor((2 * barMs) / 3), start + barMs - 1];
  // Whole shares stay whole; fractional volumes (crypto) split in steps of 1e-8, exactly.
  const unit = Number.isInteger(volume) ? 1 : 1e-8;
  const units = Math.round(volume / unit);
  const share = Math.floor(units / 4);
  const sizes = [share, share, share, units - 3 * share].map((n) => (unit === 1 ? n : Math.round(n) / 1e8));
  const plus = (a: number, b: number) => (unit === 1 ? a + b : Math.round((a + b) * 1e8) / 1e8);
  const trades: { time: number; price: number; size: number }[] = [];
  for (let i = 0; i < 4; i++) {
    const previous = trades[trades.length - 1];
    if (previous && previous.price === path[i]) {
      previous.size = plus(previous.size, sizes[i]!);
    } else if (sizes[i]! > 0 || i === 3) {
      trades.push({ time: times[i]!, price: path[i]!, size: sizes[i]! });
    } else if (previous) {
      previous.size = plus(previous.size, sizes[i]!);
    }
  }
  return trades.filter((t) => t.size > 0);
}
