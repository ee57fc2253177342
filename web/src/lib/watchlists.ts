import { parseSymbolList } from '../../../shared/symbol.ts';

/**
 * Named watchlists, as this browser keeps them: pure functions over a plain
 * value, so the rules (bounds, unique names, the last list stays, reorder)
 * are tested without a DOM. The dashboard holds the value and stores it.
 */
export interface NamedList {
  name: string;
  symbols: string[];
}

export interface Watchlists {
  lists: NamedList[];
  /** Index of the list shown. */
  active: number;
}

/** Bounds: storage is small and shared with the page's other keys, and a list picker of hundreds helps no one. */
export const MAX_LISTS = 20;
export const MAX_NAME_LENGTH = 40;
export const STORAGE_VERSION = 1;

export type ListResult = { ok: true; lists: Watchlists } | { ok: false; problem: string };

/** One list named "My list" holding these symbols: a first visit, or a browser that kept only round 1's single list. */
export function startingLists(symbols: readonly string[]): Watchlists {
  return { lists: [{ name: 'My list', symbols: [...symbols] }], active: 0 };
}

/** What storage held, checked: anything malformed is dropped (null), never thrown, so a bad value cannot break the page. */
export function parseStoredLists(raw: string | null, maxSymbols: number): Watchlists | null {
  if (raw === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { version, lists, active } = value as { version?: unknown; lists?: unknown; active?: unknown };
  if (version !== STORAGE_VERSION || !Array.isArray(lists)) return null;
  const kept: NamedList[] = [];
  for (const list of lists.slice(0, MAX_LISTS)) {
    if (typeof list !== 'object' || list === null) continue;
    const { name, symbols } = list as { name?: unknown; symbols?: unknown };
    const cleanName = typeof name === 'string' ? cleanListName(name) : '';
    if (!cleanName || kept.some((k) => sameName(k.name, cleanName)) || !Array.isArray(symbols)) continue;
    kept.push({ name: cleanName, symbols: parseSymbolList(symbols.filter((s): s is string => typeof s === 'string').join(','), maxSymbols) });
  }
  if (kept.length === 0) return null;
  const index = typeof active === 'number' && Number.isInteger(active) && active >= 0 && active < kept.length ? active : 0;
  return { lists: kept, active: index };
}

export function serializeLists(lists: Watchlists): string {
  return JSON.stringify({ version: STORAGE_VERSION, lists: lists.lists, active: lists.active });
}

/** Trimmed, inner whitespace collapsed, control characters gone. */
export function cleanListName(name: string): string {
  return name
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function sameName(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
}

function checkName(lists: Watchlists, name: string, except = -1): string | null {
  if (!name) return 'A list needs a name.';
  if (name.length > MAX_NAME_LENGTH) return `A list name has at most ${MAX_NAME_LENGTH} characters.`;
  if (lists.lists.some((list, i) => i !== except && sameName(list.name, name))) return `There is already a list called "${name}".`;
  return null;
}

/** A new list (empty, or with the given symbols, e.g. a shared link's), shown at once. */
export function addList(lists: Watchlists, rawName: string, symbols: readonly string[] = []): ListResult {
  if (lists.lists.length >= MAX_LISTS) return { ok: false, problem: `At most ${MAX_LISTS} lists; delete one first.` };
  const name = cleanListName(rawName);
  const problem = checkName(lists, name);
  if (problem) return { ok: false, problem };
  return { ok: true, lists: { lists: [...lists.lists, { name, symbols: [...symbols] }], active: lists.lists.length } };
}

export function renameList(lists: Watchlists, index: number, rawName: string): ListResult {
  const name = cleanListName(rawName);
  const problem = checkName(lists, name, index);
  if (problem) return { ok: false, problem };
  return { ok: true, lists: { ...lists, lists: lists.lists.map((list, i) => (i === index ? { ...list, name } : list)) } };
}

/** The last list cannot go: the dashboard always shows one. The one before it is shown after. */
export function deleteList(lists: Watchlists, index: number): ListResult {
  if (lists.lists.length <= 1) return { ok: false, problem: 'The last list cannot be deleted; remove its symbols instead.' };
  const kept = lists.lists.filter((_, i) => i !== index);
  const active = lists.active === index ? Math.max(0, index - 1) : lists.active > index ? lists.active - 1 : lists.active;
  return { ok: true, lists: { lists: kept, active } };
}

/** The symbols with the one at `from` moved to `to` (both indexes into the list as it was). */
export function moveSymbol(symbols: readonly string[], from: number, to: number): string[] {
  if (from === to || from < 0 || from >= symbols.length || to < 0 || to >= symbols.length) return [...symbols];
  const moved = [...symbols];
  const [symbol] = moved.splice(from, 1);
  moved.splice(to, 0, symbol!);
  return moved;
}

/** The index of the saved list holding exactly these symbols in this order, or -1: a link that is one of the user's lists opens it. */
export function listShowing(lists: Watchlists, symbols: readonly string[]): number {
  return lists.lists.findIndex((list) => list.symbols.length === symbols.length && list.symbols.every((s, i) => s === symbols[i]));
}
