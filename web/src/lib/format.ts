/**
 * Number and time formatting for the dashboard and the wall: the one home
 * of the format rules. Everything is written in the display locale
 * (locale.ts); times in the zone the caller passes (the exchange's, or the
 * user's own when they chose it).
 */
import { decimalsOf } from '../../../shared/instrument.ts';
import { displayLocale, onLocaleChange } from './locale.ts';

/** Intl formatters are costly to build and these run every frame: each is built once per locale and kind. */
const formats = new Map<string, Intl.NumberFormat>();
onLocaleChange(() => {
  formats.clear();
  zonedFormats.clear();
});

function numberFormat(kind: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let format = formats.get(kind);
  if (!format) formats.set(kind, (format = new Intl.NumberFormat(displayLocale(), options)));
  return format;
}

/** A price with the decimals its tick size needs (at least two, as prices are read). */
export function formatPrice(value: number | null, tickSize = 0.01): string {
  if (value === null) return '—';
  const decimals = Math.max(2, Math.min(8, decimalsOf(tickSize)));
  return numberFormat(`price ${decimals}`, { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
}

export function formatChange(value: number | null, tickSize = 0.01): string {
  if (value === null) return '—';
  const text = formatPrice(Math.abs(value), tickSize);
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

/** "+1.23%", "−0.50%"; a change that rounds to 0.00% carries no sign ("+0.00%" would claim a direction the digits do not show). */
export function formatPercent(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const hundredths = Math.round(Math.abs(value) * 10_000);
  const text = `${numberFormat('percent', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(hundredths / 100)}%`;
  if (hundredths === 0) return text;
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

/** Shares or coins traded: fractions only where they matter (0.5 BTC), whole numbers to 100,000, then compact to three digits (2.65M). */
export function formatVolume(value: number): string {
  if (value < 100) return numberFormat('small volume', { maximumFractionDigits: 4 }).format(value);
  if (value < 100_000) return formatCount(value);
  // Three significant digits always ("3.00M", "2.65M", "223M"), so a column of volumes reads evenly and stays narrow in every locale.
  return numberFormat('compact', { notation: 'compact', minimumSignificantDigits: 3, maximumSignificantDigits: 3 }).format(value);
}

/** A whole count, grouped: "12,480" (or "12.480" where that is the custom). */
export function formatCount(value: number): string {
  return numberFormat('count', { maximumFractionDigits: 0 }).format(value);
}

/** One per (kind, zone), in the display locale. */
const zonedFormats = new Map<string, Intl.DateTimeFormat>();

function zoned(kind: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${kind} ${timeZone}`;
  let format = zonedFormats.get(key);
  if (!format) zonedFormats.set(key, (format = new Intl.DateTimeFormat(displayLocale(), { ...options, timeZone })));
  return format;
}

const zoneLabels = new Map<string, { short: string; place: string }>();

/**
 * How a zone is named on screen, from the zone itself: "ET" and "New York"
 * for America/New_York, "UTC" for UTC. Never hard-coded per exchange.
 */
export function zoneLabel(timeZone: string): { short: string; place: string } {
  let label = zoneLabels.get(timeZone);
  if (!label) {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'shortGeneric' }).formatToParts(0);
    // shortGeneric names a zone without its season ("ET"); for UTC it says "GMT+0", which reads worse than "UTC".
    const generic = parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
    const short = /^GMT/.test(generic) ? timeZone.replace(/^Etc\//, '') : generic;
    const place = timeZone === 'UTC' ? 'UTC' : (timeZone.split('/').pop() ?? timeZone).replaceAll('_', ' ');
    zoneLabels.set(timeZone, (label = { short, place }));
  }
  return label;
}

/** "ET · New York", or "UTC" alone where the two would repeat each other. */
export function zoneName(timeZone: string): string {
  const { short, place } = zoneLabel(timeZone);
  return short === place ? short : `${short} · ${place}`;
}

/** e.g. "10:32:05" in the given IANA zone: 24-hour everywhere, as exchanges write times. */
export function formatClock(epochMs: number, timeZone: string): string {
  return zoned('clock', timeZone, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(epochMs);
}

/** "0.3 s", "12 s", "4 min" */
export function formatAge(ms: number): string {
  if (ms < 10_000) return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 3_600_000)} h`;
}

export function directionOf(value: number | null): 'up' | 'down' | 'flat' {
  if (value === null || value === 0) return 'flat';
  return value > 0 ? 'up' : 'down';
}

/** The arrow that carries direction besides colour; `flat` is what an unchanged value shows. */
export function directionArrow(direction: 'up' | 'down' | 'flat', flat = ''): string {
  return direction === 'up' ? '▲' : direction === 'down' ? '▼' : flat;
}

/** e.g. "Mon, Oct 7, 2013" (en-US) or "Mo., 7. Okt. 2013" (de-DE): the calendar date in the given zone. */
export function formatDate(epochMs: number, timeZone: string): string {
  return zoned('date', timeZone, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(epochMs);
}
