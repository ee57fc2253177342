import { describe, expect, it } from 'vitest';
import { MAX_TARGET_LENGTH, parseRequestTarget } from '../../feed/request-target.ts';

describe('parseRequestTarget', () => {
  it('reads origin-form targets, including the ones new URL(target, base) throws on', () => {
    for (const [raw, pathname] of [
      ['/', '/'],
      ['/wall?symbols=AAPL', '/wall'],
      ['//', '//'],
      ['//x:99999/', '//x:99999/'],
      ['/%E0%A4%A', '/%E0%A4%A'],
      ['/a/../b', '/b'],
    ] as const) {
      const target = parseRequestTarget(raw);
      expect(target, raw).toMatchObject({ ok: true, pathname });
    }
    const query = parseRequestTarget('/ws?token=abc&x=1');
    expect(query.ok && query.searchParams.get('token')).toBe('abc');
  });

  it('reads absolute-form targets and refuses everything else with a reason', () => {
    expect(parseRequestTarget('http://127.0.0.1:8080/wall')).toMatchObject({ ok: true, pathname: '/wall' });
    for (const raw of [undefined, '', '*', 'x', 'javascript:alert(1)', 'http://[::1', `/${'a'.repeat(MAX_TARGET_LENGTH)}`]) {
      const target = parseRequestTarget(raw);
      expect(target.ok, String(raw).slice(0, 30)).toBe(false);
      expect(!target.ok && target.reason.length).toBeGreaterThan(0);
    }
  });
});
