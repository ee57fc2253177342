/** Number and time formatting for the dashboard. Times always in the exchange's zone. */
import { decimalsOf } from '../../../shared/instrument.ts';

const priceFormats = new Map<number, Intl.NumberFormat>();

/** A price with the decimals its tick size needs (at least two, as prices are read). */
export function formatPrice(value: number | null, tickSize = 0.01): string {
  if (value === null) return '—';
  const decimals = Math.max(2, Math.min(8, decimalsOf(tickSize)));
  let format = priceFormats.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    priceFormats.set(decimals, format);
  }
  return format.format(value);
}

export function formatChange(value: number | null, tickSize = 0.01): string {
  if (value === null) return '—';
  const text = formatPrice(Math.abs(value), tickSize);
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

const percent = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** "+1.23%", "−0.50%"; a change that rounds to 0.00% carries no sign ("+0.00%" would claim a direction the digits do not show). */
export function formatPercent(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const digits = percent.format(Math.abs(value * 100));
  const text = `${digits}%`;
  if (/^[0.,]+$/.test(digits)) return text;
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });

const smallVolume = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });
const wholeVolume = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Shares or coins traded: fractions only where they matter (0.5 BTC), whole numbers to 100,000, then compact (2.65M). */
export function formatVolume(value: number): string {
  if (value < 100) return smallVolume.format(value);
  return value < 100_000 ? wholeVolume.format(value) : compact.format(value);
}

/** Intl formatters are costly to build and these run every frame: one per (kind, zone). */
const zonedFormats = new Map<string, Intl.DateTimeFormat>();

function zoned(kind: string, timeZone: string, locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${kind} ${timeZone}`;
  let format = zonedFormats.get(key);
  if (!format) zonedFormats.set(key, (format = new Intl.DateTimeFormat(locale, { ...options, timeZone })));
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

/** e.g. "10:32:05" in the given IANA zone. */
export function formatClock(epochMs: number, timeZone: string): string {
  return zoned('clock', timeZone, 'en-US', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(epochMs);
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

/** e.g. "Mon 7 Oct 2013", the calendar date in the given zone. */
export function formatDate(epochMs: number, timeZone: string): string {
  return zoned('date', timeZone, 'en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(epochMs).replace(',', '');
}
