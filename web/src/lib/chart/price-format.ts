/**
 * Prices on the chart are written with exactly the instrument's decimals
 * (the view's priceDecimals), grouped: "228.50", "95,120.00". format.ts's
 * formatPrice works from a tick size instead and never goes below two
 * decimals; the chart is handed decimals, so it formats by them.
 */
const formats = new Map<number, Intl.NumberFormat>();

function formatFor(decimals: number): Intl.NumberFormat {
  const digits = Math.max(0, Math.min(12, Math.round(decimals)));
  let format = formats.get(digits);
  if (!format) formats.set(digits, (format = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })));
  return format;
}

/** "228.50"; "—" for a missing (NaN or null) price. */
export function priceText(value: number | null, decimals: number): string {
  return value === null || Number.isNaN(value) ? '—' : formatFor(decimals).format(value);
}

/** "+0.64", "−1.20" (a true minus sign, as the dashboard writes changes), "0.00". */
export function signedPriceText(value: number, decimals: number): string {
  const text = formatFor(decimals).format(Math.abs(value));
  if (Number(text.replaceAll(',', '')) === 0) return text;
  return value > 0 ? `+${text}` : `−${text}`;
}
