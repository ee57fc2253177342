import { describe, expect, it } from 'vitest';
import {
  activeLevels,
  addAlert,
  check,
  describeAlert,
  markFired,
  MAX_ALERTS,
  MAX_ALERTS_PER_SYMBOL,
  parseStoredAlerts,
  parseThreshold,
  removeAlert,
  serializeAlerts,
  type PriceAlert,
} from '../../web/src/lib/price-alerts.ts';

const above: PriceAlert = { id: 'a1', symbol: 'AAPL', kind: 'above', threshold: 190, fired: false };
const below: PriceAlert = { id: 'a2', symbol: 'AAPL', kind: 'below', threshold: 180, fired: false };
const move: PriceAlert = { id: 'a3', symbol: 'AAPL', kind: 'move', threshold: 2, fired: false };

describe('price alerts', () => {
  it('reads a threshold as typed, and says what is wrong with a bad one', () => {
    expect(parseThreshold('above', ' 187.5 ')).toEqual({ ok: true, value: 187.5 });
    expect(parseThreshold('below', '187,25')).toEqual({ ok: true, value: 187.25 });
    expect(parseThreshold('above', '.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseThreshold('move', '2')).toEqual({ ok: true, value: 2 });
    expect(parseThreshold('above', '0.00000001')).toEqual({ ok: true, value: 0.00000001 });
    expect(parseThreshold('above', '')).toEqual({ ok: false, problem: 'Enter a price.' });
    expect(parseThreshold('move', '  ')).toEqual({ ok: false, problem: 'Enter a move in %, e.g. 2 for ±2%.' });
    expect(parseThreshold('above', 'abc')).toEqual({ ok: false, problem: '"abc" is not a number.' });
    expect(parseThreshold('above', '1,234.5')).toEqual({ ok: false, problem: '"1,234.5" is not a number.' });
    expect(parseThreshold('above', '1e3')).toEqual({ ok: false, problem: '"1e3" is not a number.' });
    expect(parseThreshold('above', '-5')).toEqual({ ok: false, problem: 'The price must be more than 0.' });
    expect(parseThreshold('move', '0')).toEqual({ ok: false, problem: 'The move must be more than 0.' });
    expect(parseThreshold('above', '1.123456789')).toEqual({ ok: false, problem: 'At most 8 decimals.' });
    expect(parseThreshold('move', '1001')).toEqual({ ok: false, problem: 'A move is at most 1000%.' });
    expect(parseThreshold('above', '2000000000')).toEqual({ ok: false, problem: 'The price is at most 1,000,000,000.' });
  });

  it('fires above at or over the price, below at or under it, a move at or beyond ±threshold% of the reference', () => {
    const alerts = [above, below, move];
    expect(check(alerts, { last: 185, changeRatio: 0.01 })).toEqual([]);
    expect(check(alerts, { last: 190, changeRatio: 0.01 })).toEqual([above]);
    expect(check(alerts, { last: 190.01, changeRatio: 0.01 })).toEqual([above]);
    expect(check(alerts, { last: 180, changeRatio: -0.01 })).toEqual([below]);
    // 102 / 100 - 1 and 98 / 100 - 1 are 2% either way (in floats, a hair off).
    expect(check(alerts, { last: 185, changeRatio: 102 / 100 - 1 })).toEqual([move]);
    expect(check(alerts, { last: 185, changeRatio: 98 / 100 - 1 })).toEqual([move]);
    expect(check(alerts, { last: 185, changeRatio: 1.02 / 1 - 1 })).toEqual([move]);
    expect(check(alerts, { last: 185, changeRatio: -0.0199 })).toEqual([]);
    // No price yet, or no reference: nothing to compare.
    expect(check(alerts, { last: null, changeRatio: null })).toEqual([]);
  });

  it('fires once: a fired alert never fires again', () => {
    const alerts = markFired([above, below], new Set(['a1']));
    expect(alerts).toEqual([{ ...above, fired: true }, below]);
    expect(alerts[1]).toBe(below);
    expect(check(alerts, { last: 200, changeRatio: 0 })).toEqual([]);
    // Also after a reload: the mark is stored.
    const reloaded = parseStoredAlerts(serializeAlerts({ alerts, sound: true }));
    expect(reloaded).toEqual({ alerts: [{ ...above, fired: true }, below], sound: true });
    expect(check(reloaded.alerts, { last: 200, changeRatio: 0 })).toEqual([]);
  });

  it('adds and removes alerts, refusing a bad threshold and going beyond the bounds', () => {
    expect(addAlert([], 'AAPL', 'above', '190', 'x')).toEqual({ ok: true, alerts: [{ id: 'x', symbol: 'AAPL', kind: 'above', threshold: 190, fired: false }], added: { id: 'x', symbol: 'AAPL', kind: 'above', threshold: 190, fired: false } });
    expect(addAlert([], 'AAPL', 'above', 'abc', 'x')).toEqual({ ok: false, problem: '"abc" is not a number.' });
    const full = Array.from({ length: MAX_ALERTS_PER_SYMBOL }, (_, i): PriceAlert => ({ ...above, id: `f${i}`, threshold: 100 + i }));
    expect(addAlert(full, 'AAPL', 'below', '90', 'y')).toEqual({ ok: false, problem: 'At most 20 alerts for AAPL; remove one first.' });
    expect(addAlert(full, 'MSFT', 'below', '90', 'y')).toMatchObject({ ok: true });
    const all = Array.from({ length: MAX_ALERTS }, (_, i): PriceAlert => ({ ...above, id: `g${i}`, symbol: `S${i}` }));
    expect(addAlert(all, 'MSFT', 'below', '90', 'y')).toEqual({ ok: false, problem: 'At most 200 alerts in all; remove one first.' });
    expect(removeAlert([above, below], 'a1')).toEqual([below]);
    expect(removeAlert([above, below], 'nope')).toEqual([above, below]);
  });

  it('gives the chart the price levels still waiting, and words for each alert', () => {
    const alerts = [above, { ...below, fired: true }, move, { ...above, id: 'm', symbol: 'MSFT', threshold: 400 }];
    expect(activeLevels(alerts, 'AAPL')).toEqual([190]);
    expect(activeLevels(alerts, 'MSFT')).toEqual([400]);
    const price = (p: number) => p.toFixed(2);
    expect([above, below, move].map((a) => describeAlert(a, price))).toEqual(['above 190.00', 'below 180.00', 'moves ±2%']);
  });

  it('reads storage tolerantly: what is malformed is dropped, never thrown, and the bounds hold', () => {
    expect(parseStoredAlerts(null)).toEqual({ alerts: [], sound: false });
    expect(parseStoredAlerts('{not json')).toEqual({ alerts: [], sound: false });
    expect(parseStoredAlerts('null')).toEqual({ alerts: [], sound: false });
    expect(parseStoredAlerts(JSON.stringify({ version: 99, alerts: [above] }))).toEqual({ alerts: [], sound: false });
    const messy = JSON.stringify({
      version: 1,
      sound: 'yes',
      alerts: [
        above,
        { ...above, threshold: 5 }, // duplicate id
        { ...below, symbol: 'not a symbol' },
        { ...below, kind: 'sideways' },
        { ...below, threshold: -1 },
        { ...below, threshold: '180' },
        { ...move, threshold: 5000 },
        { ...below, id: '' },
        'junk',
        null,
        { ...move, fired: 'true' },
      ],
    });
    expect(parseStoredAlerts(messy)).toEqual({ alerts: [above, move], sound: false });
    const many = JSON.stringify({ version: 1, alerts: Array.from({ length: 30 }, (_, i) => ({ ...above, id: `a${i}` })) });
    expect(parseStoredAlerts(many).alerts).toHaveLength(MAX_ALERTS_PER_SYMBOL);
    const tooMany = JSON.stringify({ version: 1, alerts: Array.from({ length: 300 }, (_, i) => ({ ...above, id: `a${i}`, symbol: `S${i}` })) });
    const kept = parseStoredAlerts(tooMany).alerts;
    expect(kept).toHaveLength(MAX_ALERTS);
    expect(kept[0]!.id).toBe('a0');
  });
});
