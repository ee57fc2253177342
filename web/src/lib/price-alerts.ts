/**
 * Price alerts, as this browser keeps them: pure functions over a plain list,
 * so the rules (validation, bounds, when an alert fires, fire once, what
 * storage may hold) are tested without a DOM. The page's Alerts holder keeps
 * the list, stores it and says when one fires.
 */
import { isSymbol } from '../../../shared/symbol.ts';

export type AlertKind = 'above' | 'below' | 'move';

export interface PriceAlert {
  id: string;
  symbol: string;
  kind: AlertKind;
  /** A price for above / below; a percentage for a move (2 fires at ±2% against the reference). */
  threshold: number;
  /** Fired alerts stay listed, marked, and never fire again (also after a reload). */
  fired: boolean;
}

/** What an alert is checked against: a QuoteModel fits (changeRatio is the watchlist's, against the previous close or the open). */
export interface AlertQuote {
  last: number | null;
  changeRatio: number | null;
}

export const ALERTS_STORAGE_KEY = 'tickwall.alerts';
export const ALERTS_STORAGE_VERSION = 1;
/** Bounds: storage is small and shared with the page's other keys, and a list of hundreds per symbol helps no one. */
export const MAX_ALERTS_PER_SYMBOL = 20;
export const MAX_ALERTS = 200;
export const MAX_THRESHOLD_DECIMALS = 8;
/** A price beyond this is a typo, not a level. */
export const MAX_PRICE = 1e9;
/** A move is measured as a % of the reference; beyond 1000% is a typo. */
export const MAX_MOVE_PERCENT = 1000;
const MAX_ID_LENGTH = 40;
/** Float slack for a move: 102 / 100 - 1 is 0.020000000000000018, 1.02 / 1 - 1 may land just under 0.02. */
const MOVE_EPSILON = 1e-12;

export const KIND_LABEL: Readonly<Record<AlertKind, string>> = { above: 'Above', below: 'Below', move: 'Move ±%' };

export type ThresholdResult = { ok: true; value: number } | { ok: false; problem: string };
export type AlertsResult = { ok: true; alerts: PriceAlert[]; added: PriceAlert } | { ok: false; problem: string };

/**
 * A threshold as typed: a plain decimal ("187.5", or "187,5" as a decimal
 * comma), positive, at most MAX_THRESHOLD_DECIMALS decimals. Thousands
 * separators are refused rather than guessed at.
 */
export function parseThreshold(kind: AlertKind, raw: string): ThresholdResult {
  const text = raw.trim();
  const what = kind === 'move' ? 'move' : 'price';
  if (text === '') return { ok: false, problem: kind === 'move' ? 'Enter a move in %, e.g. 2 for ±2%.' : 'Enter a price.' };
  const normal = /^[+-]?\d*,\d*$/.test(text) ? text.replace(',', '.') : text;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(normal)) return { ok: false, problem: `"${text}" is not a number.` };
  const value = Number(normal);
  if (!(value > 0)) return { ok: false, problem: `The ${what} must be more than 0.` };
  const decimals = normal.includes('.') ? normal.length - normal.indexOf('.') - 1 : 0;
  if (decimals > MAX_THRESHOLD_DECIMALS) return { ok: false, problem: `At most ${MAX_THRESHOLD_DECIMALS} decimals.` };
  const problem = rangeProblem(kind, value);
  return problem ? { ok: false, problem } : { ok: true, value };
}

function rangeProblem(kind: AlertKind, value: number): string | null {
  if (!(value > 0) || !Number.isFinite(value)) return `The ${kind === 'move' ? 'move' : 'price'} must be more than 0.`;
  if (kind === 'move' && value > MAX_MOVE_PERCENT) return `A move is at most ${MAX_MOVE_PERCENT}%.`;
  if (kind !== 'move' && value > MAX_PRICE) return `The price is at most ${MAX_PRICE.toLocaleString('en-US')}.`;
  return null;
}

/** A new alert at the end of the list, or why not (a bad threshold, or a bound reached). */
export function addAlert(alerts: readonly PriceAlert[], symbol: string, kind: AlertKind, rawThreshold: string, id: string): AlertsResult {
  const threshold = parseThreshold(kind, rawThreshold);
  if (!threshold.ok) return threshold;
  if (alerts.length >= MAX_ALERTS) return { ok: false, problem: `At most ${MAX_ALERTS} alerts in all; remove one first.` };
  if (alerts.filter((a) => a.symbol === symbol).length >= MAX_ALERTS_PER_SYMBOL) return { ok: false, problem: `At most ${MAX_ALERTS_PER_SYMBOL} alerts for ${symbol}; remove one first.` };
  const added: PriceAlert = { id, symbol, kind, threshold: threshold.value, fired: false };
  return { ok: true, alerts: [...alerts, added], added };
}

export function removeAlert(alerts: readonly PriceAlert[], id: string): PriceAlert[] {
  return alerts.filter((a) => a.id !== id);
}

/** Whether the quote meets the alert's condition (fired or not). */
export function conditionHolds(alert: PriceAlert, quote: AlertQuote): boolean {
  if (alert.kind === 'move') return quote.changeRatio !== null && Math.abs(quote.changeRatio) >= alert.threshold / 100 - MOVE_EPSILON;
  if (quote.last === null) return false;
  return alert.kind === 'above' ? quote.last >= alert.threshold : quote.last <= alert.threshold;
}

/** The alerts that fire now: not fired yet, condition met. The caller passes one symbol's alerts and that symbol's quote. */
export function check(alerts: readonly PriceAlert[], quote: AlertQuote): PriceAlert[] {
  return alerts.filter((a) => !a.fired && conditionHolds(a, quote));
}

/** The list with these alerts marked fired (a new list; the others are the same objects). */
export function markFired(alerts: readonly PriceAlert[], ids: ReadonlySet<string>): PriceAlert[] {
  return alerts.map((a) => (ids.has(a.id) && !a.fired ? { ...a, fired: true } : a));
}

/** The price levels of a symbol's alerts still waiting (a move has no fixed level): the chart's lines. */
export function activeLevels(alerts: readonly PriceAlert[], symbol: string): number[] {
  return alerts.filter((a) => a.symbol === symbol && !a.fired && a.kind !== 'move').map((a) => a.threshold);
}

/** "above 187.50", "below 180", "moves ±2%": what the alert waits for, in the list and the notice. */
export function describeAlert(alert: PriceAlert, formatPrice: (price: number) => string): string {
  return alert.kind === 'move' ? `moves ±${alert.threshold}%` : `${alert.kind} ${formatPrice(alert.threshold)}`;
}

export interface StoredAlerts {
  alerts: PriceAlert[];
  /** Play a short beep when one fires. */
  sound: boolean;
}

/**
 * What storage held, checked: malformed entries are dropped, duplicate ids
 * keep the first, the bounds are applied (the oldest kept), and anything
 * unreadable gives an empty list. Never throws, so a bad value cannot break the page.
 */
export function parseStoredAlerts(raw: string | null): StoredAlerts {
  const empty: StoredAlerts = { alerts: [], sound: false };
  if (raw === null) return empty;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return empty;
  }
  if (typeof value !== 'object' || value === null) return empty;
  const { version, alerts, sound } = value as { version?: unknown; alerts?: unknown; sound?: unknown };
  if (version !== ALERTS_STORAGE_VERSION || !Array.isArray(alerts)) return empty;
  const kept: PriceAlert[] = [];
  const perSymbol = new Map<string, number>();
  for (const entry of alerts) {
    if (kept.length >= MAX_ALERTS) break;
    const alert = storedAlert(entry);
    if (!alert || kept.some((k) => k.id === alert.id)) continue;
    const count = perSymbol.get(alert.symbol) ?? 0;
    if (count >= MAX_ALERTS_PER_SYMBOL) continue;
    perSymbol.set(alert.symbol, count + 1);
    kept.push(alert);
  }
  return { alerts: kept, sound: sound === true };
}

function storedAlert(entry: unknown): PriceAlert | null {
  if (typeof entry !== 'object' || entry === null) return null;
  const { id, symbol, kind, threshold, fired } = entry as Record<string, unknown>;
  if (typeof id !== 'string' || id === '' || id.length > MAX_ID_LENGTH) return null;
  if (typeof symbol !== 'string' || !isSymbol(symbol)) return null;
  if (kind !== 'above' && kind !== 'below' && kind !== 'move') return null;
  if (typeof threshold !== 'number' || rangeProblem(kind, threshold) !== null) return null;
  return { id, symbol, kind, threshold, fired: fired === true };
}

export function serializeAlerts(stored: StoredAlerts): string {
  return JSON.stringify({ version: ALERTS_STORAGE_VERSION, alerts: stored.alerts, sound: stored.sound });
}
