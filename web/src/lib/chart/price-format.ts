/**
 * Prices on the chart are written with exactly the instrument's decimals
 * (the view's priceDecimals), grouped: "228.50", "95,120.00". format.ts's
 * formatPrice works from a tick size instead and never goes below two
 * decimals; the chart is handed decimals, so it formats by them. Both
 * write in the display locale (locale.ts; the worker's copy is set by the
 * page's `display` message).
 */
import { displayLocale, onLocaleChange } from '../locale.ts';

const formats = new Map<number, Intl.NumberFormat>();
onLocaleChange(() => formats.clear());

function formatFor(decimals: number): Intl.NumberFormat {
  const digits = Math.max(0, Math.min(12, Math.round(decimals)));
  let format = formats.get(digits);
  if (!format) formats.set(digits, (format = new Intl.NumberFormat(displayLocale(), { minimumFractionDigits: digits, maximumFractionDigits: digits })));
  return format;
}

/** "228.50"; "—" for a missing (NaN or null) price. */
export function priceText(value: number | null, decimals: number): string {
  return value === null || Number.isNaN(value) ? '—' : formatFor(decimals).format(value);
}

/** "+0.64", "−1.20" (a true minus sign, as the dashboard writes changes), "0.00". */
export function signedPriceText(value: number, decimals: number): string {
  const text = formatFor(decimals).format(Math.abs(value));
  if (Math.round(Math.abs(value) * 10 ** Math.max(0, Math.min(12, Math.round(decimals)))) === 0) return text;
  return value > 0 ? `+${text}` : `−${text}`;
}
