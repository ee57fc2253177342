/**
 * The symbol grammar, in one place for the protocol, the CLI, the view URL
 * and the wall's URL: upper-case letters, digits, "." and "-", starting
 * with a letter or digit, 1 to 12 characters ("AAPL", "BRK.B").
 */
export const SYMBOL_PATTERN = /^[A-Z0-9][A-Z0-9.-]{0,11}$/;
export const SYMBOL_RULE = 'a symbol is 1-12 characters of A-Z, 0-9, "." or "-"';

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
