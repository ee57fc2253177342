/**
 * The symbol grammar, in one place for the protocol, the CLI, the view URL
 * and the wall's URL: upper-case letters and digits with the separators
 * markets use (".", "-", "/", "=", "_"), starting with a letter or digit,
 * optionally after "^" for an index; 1 to 16 characters after it. So
 * "AAPL", "BRK.B", "BTC-USD", "BTC/USD", "ETH-EUR", "^GSPC", "EURUSD=X".
 * Nothing in it is markup or a list separator (no spaces, quotes, "<", "&"
 * or ","), so a symbol is safe to show as text, to put in an attribute and,
 * percent-encoded by URLSearchParams, in a URL.
 */
export const SYMBOL_PATTERN = /^\^?[A-Z0-9][A-Z0-9./=_-]{0,15}$/;
export const SYMBOL_RULE = 'a symbol is 1-16 characters of A-Z, 0-9, ".", "-", "/", "=" or "_", starting with a letter or digit, optionally after "^" (an index, e.g. ^GSPC)';

export function isSymbol(value: string): boolean {
  return SYMBOL_PATTERN.test(value);
}

/** What a user typed, as a symbol would be written: trimmed and upper-cased (it may still not be valid). */
export function normalizeSymbol(raw: string): string {
  return raw.trim().toUpperCase();
}

/** A comma-separated list from a URL or flag: normalized, valid ones only, each once, in order, at most `max`. */
export function parseSymbolList(raw: string, max: number): string[] {
  return [...new Set(raw.split(',').map(normalizeSymbol))].filter(isSymbol).slice(0, max);
}

/** The quote currency a pair symbol names ("ETH-EUR", "BTC/USD" -> "EUR", "USD"), or null for a symbol that is not a pair. */
export function quoteCurrencyOf(symbol: string): string | null {
  return /^[A-Z0-9]{2,10}[-/]([A-Z]{3,5})$/.exec(symbol)?.[1] ?? null;
}
