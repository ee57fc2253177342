import { describe, expect, it } from 'vitest';
import { squarify } from '../../web/src/lib/treemap.ts';

describe('squarified treemap', () => {
  it('fills the rectangle with areas proportional to the weights, without overlaps', () => {
    const items = [6, 6, 4, 3, 2, 2, 1].map((weight, i) => ({ key: `S${i}`, weight }));
    const cells = squarify(items, 600, 400);
    expect(cells).toHaveLength(7);
    const area = (c: { width: number; height: number }) => c.width * c.height;
    expect(cells.reduce((s, c) => s + area(c), 0)).toBeCloseTo(1, 9);
    for (const cell of cells) expect(area(cell)).toBeCloseTo(items.find((i) => i.key === cell.key)!.weight / 24, 9);
    for (const a of cells) {
      expect(a.x).toBeGreaterThanOrEqual(-1e-9);
      expect(a.x + a.width).toBeLessThanOrEqual(1 + 1e-9);
      for (const b of cells) {
        if (a === b) continue;
        const overlapX = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
        const overlapY = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
        expect(overlapX > 1e-9 && overlapY > 1e-9).toBe(false);
      }
    }
  });

  it('keeps cells near square (worst aspect ratio of the classic example is under 3)', () => {
    const cells = squarify([6, 6, 4, 3, 2, 2, 1].map((weight, i) => ({ key: `S${i}`, weight })), 600, 400);
    const worst = Math.max(...cells.map((c) => Math.max((c.width * 600) / (c.height * 400), (c.height * 400) / (c.width * 600))));
    expect(worst).toBeLessThan(3);
  });

  it('ignores empty weights and empty rectangles', () => {
    expect(squarify([{ key: 'A', weight: 0 }], 10, 10)).toEqual([]);
    expect(squarify([{ key: 'A', weight: 1 }], 0, 10)).toEqual([]);
  });
});
