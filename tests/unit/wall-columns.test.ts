import { describe, expect, it } from 'vitest';
import { tileColumnsFor } from '../../web/src/lib/wall.svelte.ts';

describe('wall tile columns', () => {
  it('fill their rows: 12 tiles in 4 columns, not 5 with a hole; 16 in 4, 32 in 6 at most', () => {
    expect(tileColumnsFor(12, 1920)).toBe(4);
    expect(tileColumnsFor(16, 1920)).toBe(4);
    expect(tileColumnsFor(32, 3840)).toBeLessThanOrEqual(6);
    expect(tileColumnsFor(1, 1920)).toBe(1);
    for (const n of [2, 3, 4, 6, 8, 9, 12, 16, 18, 24]) expect((Math.ceil(n / tileColumnsFor(n, 3840)) * tileColumnsFor(n, 3840)) - n, `${n} tiles`).toBe(0);
  });

  it('a phone gets as many columns as fit (about 170 px each)', () => {
    expect(tileColumnsFor(12, 390)).toBe(2);
    expect(tileColumnsFor(12, 300)).toBe(1);
  });
});
