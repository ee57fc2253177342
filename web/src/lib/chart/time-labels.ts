/**
 * Words for bar times: axis labels, the readout's time, the chart's
 * description. Built from the timeline's wall-clock fields (already in the
 * display zone), so labelling costs no Intl call per label: the display
 * locale's short weekday and month names are looked up once per locale, in
 * the chart's "Fri 20 Nov" order.
 */
import { zoneLabel } from '../format.ts';
import { displayLocale } from '../locale.ts';
import { TICK_WEIGHT, type BarTimeline, type WallTime } from './bar-timeline.ts';

const namesByLocale = new Map<string, { weekdays: string[]; months: string[] }>();

/** Short weekday (Sunday first) and month names in the display locale: "Fri", "Nov"; "Fr.", "Nov." in German. */
function names(): { weekdays: string[]; months: string[] } {
  const locale = displayLocale();
  let found = namesByLocale.get(locale);
  if (!found) {
    const weekday = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
    const month = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' });
    // 1 January 2023 was a Sunday.
    found = {
      weekdays: Array.from({ length: 7 }, (_, i) => weekday.format(Date.UTC(2023, 0, 1 + i))),
      months: Array.from({ length: 12 }, (_, i) => month.format(Date.UTC(2023, i, 15))),
    };
    namesByLocale.set(locale, found);
  }
  return found;
}

const two = (n: number) => String(n).padStart(2, '0');

function clock(wall: WallTime, seconds: boolean): string {
  return `${two(wall.hour)}:${two(wall.minute)}${seconds ? `:${two(wall.second)}` : ''}`;
}

/** "Fri 20 Nov" */
function dayAndDate(wall: WallTime): string {
  const { weekdays, months } = names();
  return `${weekdays[wall.weekday]} ${wall.day} ${months[wall.month - 1]}`;
}

/**
 * The time-axis label at a bar, by what the bar starts: "2027" a year, "Dec" a
 * month; a day "Fri 20" on intraday charts and "Nov 20" on daily ones; else
 * the time of day ("10:30", with seconds on 1s bars when not on a minute).
 */
export function axisLabel(timeline: BarTimeline, index: number): string {
  const weight = timeline.weights[index]!;
  const wall = timeline.wallTime(index);
  if (weight >= TICK_WEIGHT.year) return String(wall.year);
  const { weekdays, months } = names();
  if (weight >= TICK_WEIGHT.month) return months[wall.month - 1]!;
  if (weight >= TICK_WEIGHT.day) return timeline.intraday ? `${weekdays[wall.weekday]} ${wall.day}` : `${months[wall.month - 1]} ${wall.day}`;
  return clock(wall, timeline.interval === '1s' && wall.second !== 0);
}

/** The readout's time: "Fri 20 Nov 10:31" (intraday), "Fri 20 Nov 2026" (daily). */
export function barTimeLabel(timeline: BarTimeline, index: number): string {
  const wall = timeline.wallTime(index);
  return timeline.intraday ? `${dayAndDate(wall)} ${clock(wall, timeline.interval === '1s')}` : `${dayAndDate(wall)} ${wall.year}`;
}

/**
 * The span of bars first..last for a description: "Fri 20 Nov 04:00 to 15:59
 * New York time" (the date once when both ends share it), or for daily bars
 * "Mon 3 Feb 2025 to Fri 20 Nov 2026".
 */
export function spanLabel(timeline: BarTimeline, first: number, last: number): string {
  const from = timeline.wallTime(first);
  const to = timeline.wallTime(last);
  if (!timeline.intraday) return `${dayAndDate(from)} ${from.year} to ${dayAndDate(to)} ${to.year}`;
  const seconds = timeline.interval === '1s';
  const sameDay = from.year === to.year && from.month === to.month && from.day === to.day;
  const end = sameDay ? clock(to, seconds) : `${dayAndDate(to)} ${clock(to, seconds)}`;
  return `${dayAndDate(from)} ${clock(from, seconds)} to ${end} ${zoneLabel(timeline.timeZone).place} time`;
}

const INTERVAL_NAMES: Readonly<Record<BarTimeline['interval'], string>> = {
  '1s': '1-second',
  '1m': '1-minute',
  '5m': '5-minute',
  '15m': '15-minute',
  '30m': '30-minute',
  '1h': '1-hour',
  '1d': 'daily',
};

/** "1-minute", "daily": how an interval reads in a sentence. */
export function intervalName(interval: BarTimeline['interval']): string {
  return INTERVAL_NAMES[interval];
}
