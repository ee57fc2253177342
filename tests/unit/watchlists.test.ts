import { describe, expect, it } from 'vitest';
import { addList, deleteList, listShowing, MAX_LISTS, moveSymbol, parseStoredLists, renameList, serializeLists, startingLists, type Watchlists } from '../../web/src/lib/watchlists.ts';

const two = (): Watchlists => ({ lists: [{ name: 'Tech', symbols: ['AAPL', 'MSFT'] }, { name: 'Banks', symbols: ['JPM', 'BAC'] }], active: 1 });

describe('named watchlists', () => {
  it('round-trips through storage, and drops what is malformed instead of failing', () => {
    expect(parseStoredLists(serializeLists(two()), 500)).toEqual(two());
    expect(parseStoredLists(null, 500)).toBeNull();
    expect(parseStoredLists('{not json', 500)).toBeNull();
    expect(parseStoredLists(JSON.stringify({ version: 99, lists: [] }), 500)).toBeNull();
    const messy = JSON.stringify({
      version: 1,
      active: 7,
      lists: [{ name: '  Tech\n ', symbols: ['aapl', 'AAPL', 'bad symbol!', 42, 'MSFT'] }, { name: 'tech', symbols: [] }, { name: '', symbols: [] }, 'junk', { name: 'Banks', symbols: 'JPM' }],
    });
    // Cleaned like a URL's list (upper-cased, deduplicated, invalid ones out), duplicate and empty names gone, the active index kept in range.
    expect(parseStoredLists(messy, 500)).toEqual({ lists: [{ name: 'Tech', symbols: ['AAPL', 'MSFT'] }], active: 0 });
    // Bounded: at most MAX_LISTS lists, each at most the watchlist limit.
    const many = JSON.stringify({ version: 1, active: 0, lists: Array.from({ length: 50 }, (_, i) => ({ name: `L${i}`, symbols: ['A', 'B', 'C'] })) });
    const parsed = parseStoredLists(many, 2)!;
    expect(parsed.lists).toHaveLength(MAX_LISTS);
    expect(parsed.lists[0]!.symbols).toEqual(['A', 'B']);
  });

  it('adds, renames and deletes lists with clear refusals', () => {
    const added = addList(two(), ' Energy ');
    expect(added).toEqual({ ok: true, lists: { lists: [...two().lists, { name: 'Energy', symbols: [] }], active: 2 } });
    expect(addList(two(), 'BANKS')).toEqual({ ok: false, problem: 'There is already a list called "BANKS".' });
    expect(addList(two(), '   ')).toEqual({ ok: false, problem: 'A list needs a name.' });
    expect(addList(two(), 'x'.repeat(41))).toEqual({ ok: false, problem: 'A list name has at most 40 characters.' });
    let full: Watchlists = startingLists([]);
    for (let i = 1; i < MAX_LISTS; i++) full = (addList(full, `List ${i}`) as { lists: Watchlists }).lists;
    expect(addList(full, 'One more')).toEqual({ ok: false, problem: `At most ${MAX_LISTS} lists; delete one first.` });

    expect(renameList(two(), 1, 'Financials')).toMatchObject({ ok: true, lists: { lists: [{ name: 'Tech' }, { name: 'Financials', symbols: ['JPM', 'BAC'] }] } });
    // Renaming a list to its own name (in another case) is fine; to another list's is not.
    expect(renameList(two(), 1, 'banks')).toMatchObject({ ok: true });
    expect(renameList(two(), 1, 'tech')).toEqual({ ok: false, problem: 'There is already a list called "tech".' });

    expect(deleteList(two(), 1)).toEqual({ ok: true, lists: { lists: [{ name: 'Tech', symbols: ['AAPL', 'MSFT'] }], active: 0 } });
    expect(deleteList({ ...two(), active: 1 }, 0)).toEqual({ ok: true, lists: { lists: [{ name: 'Banks', symbols: ['JPM', 'BAC'] }], active: 0 } });
    expect(deleteList(startingLists(['AAPL']), 0)).toEqual({ ok: false, problem: 'The last list cannot be deleted; remove its symbols instead.' });
  });

  it('moves a symbol within the order, and finds the list a link shows', () => {
    expect(moveSymbol(['A', 'B', 'C', 'D'], 0, 2)).toEqual(['B', 'C', 'A', 'D']);
    expect(moveSymbol(['A', 'B', 'C', 'D'], 3, 0)).toEqual(['D', 'A', 'B', 'C']);
    expect(moveSymbol(['A', 'B'], 0, 5)).toEqual(['A', 'B']);
    expect(listShowing(two(), ['JPM', 'BAC'])).toBe(1);
    expect(listShowing(two(), ['BAC', 'JPM'])).toBe(-1);
  });
});
