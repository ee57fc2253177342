import { describe, expect, it } from 'vitest';
import { tileColumnsFor, tileDensity } from '../../web/src/lib/wall.svelte.ts';

/** The tiles' box at 1280x720 (CSS px, 9.6 px gaps): beside the heatmap (60 %, or 70 % beyond 16 tiles), or alone. */
const BESIDE_HEATMAP = { width: 750, height: 619, gap: 9.6 };
const BESIDE_HEATMAP_DENSE = { width: 876, height: 619, gap: 9.6 };
const ALONE = { width: 1261, height: 619, gap: 9.6 };

describe('wall tile columns', () => {
  it('fill their rows: 12 tiles in 4 columns, not 5 with a hole; 16 in 4', () => {
    expect(tileColumnsFor(12, BESIDE_HEATMAP)).toBe(4);
    expect(tileColumnsFor(16, BESIDE_HEATMAP)).toBe(4);
    expect(tileColumnsFor(1, BESIDE_HEATMAP)).toBe(1);
    for (const n of [2, 4, 6, 9, 12, 16]) {
      const cols = tileColumnsFor(n, BESIDE_HEATMAP);
      expect(Math.ceil(n / cols) * cols - n, `${n} tiles`).toBe(0);
    }
  });

  it('32 tiles beside the heatmap are 7 x 5, each about as wide as tall (room for the price and the line under it)', () => {
    expect(tileColumnsFor(32, BESIDE_HEATMAP_DENSE)).toBe(7);
    expect(tileColumnsFor(32, ALONE)).toBe(8);
  });

  it('the same at every screen size: the box scales with the viewport, so the grid does not change', () => {
    for (const n of [4, 12, 16, 24, 32, 60]) {
      const at720 = tileColumnsFor(n, BESIDE_HEATMAP_DENSE);
      expect(tileColumnsFor(n, { width: 876 * 1.5, height: 619 * 1.5, gap: 9.6 * 1.5 }), `${n} tiles at 1920x1080`).toBe(at720);
      expect(tileColumnsFor(n, { width: 876 * 3, height: 619 * 3, gap: 9.6 * 3 }), `${n} tiles at 3840x2160`).toBe(at720);
    }
  });

  it('a phone-sized box gets one or two columns', () => {
    expect(tileColumnsFor(12, { width: 222, height: 700, gap: 9.6 })).toBe(2);
    expect(tileColumnsFor(4, { width: 222, height: 700, gap: 9.6 })).toBe(1);
  });

  it('before the box is measured, a 16:9 screen', () => {
    expect(tileColumnsFor(12)).toBe(tileColumnsFor(12, { width: 1600, height: 900, gap: 0 }));
  });
});

describe('wall tile density', () => {
  /** A tile's size in em at 1280x720 (12 px text) for n tiles beside the heatmap. */
  const tileEm = (n: number, box = n > 16 ? BESIDE_HEATMAP_DENSE : BESIDE_HEATMAP) => {
    const cols = tileColumnsFor(n, box);
    const rows = Math.ceil(n / cols);
    return [(box.width - (cols - 1) * box.gap) / cols / 12, (box.height - (rows - 1) * box.gap) / rows / 12] as const;
  };

  it('12 and 16 tiles show everything; 32 drop the name and the change in dollars; the line goes only beyond about 35', () => {
    expect(tileDensity(...tileEm(12))).toBe('roomy');
    expect(tileDensity(...tileEm(16))).toBe('roomy');
    expect(tileDensity(...tileEm(32))).toBe('compact');
    expect(tileDensity(...tileEm(35))).toBe('compact');
    expect(tileDensity(...tileEm(40))).toBe('bare');
    expect(tileDensity(...tileEm(60))).toBe('bare');
  });
});
