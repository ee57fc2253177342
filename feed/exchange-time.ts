import { TZDate } from '@date-fns/tz';

/** Conversions between UTC epoch ms and an exchange's local wall clock (DST-aware via @date-fns/tz). */

/** Epoch ms of a local wall-clock time on a local calendar date. */
export function localToEpoch(zone: string, year: number, month: number, day: number, msAfterMidnight: number): number {
  const whole = Math.floor(msAfterMidnight);
  const seconds = Math.floor(whole / 1000);
  const date = new TZDate(year, month - 1, day, Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60, whole % 1000, zone);
  return date.getTime();
}

/** The local calendar date (year, month 1-12, day) of an instant. */
export function localDateOf(zone: string, epochMs: number): { year: number; month: number; day: number } {
  const date = new TZDate(epochMs, zone);
  return { year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate() };
}

/** "2013-10-07 09:30:00.000 EDT" */
export function formatExchangeTime(zone: string, epochMs: number): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(epochMs);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}.${get('fractionalSecond')} ${get('timeZoneName')}`;
}
