import { describe, expect, it } from 'vitest';
import { DEFAULT_WALL, readWallConfig, wallUrl } from '../../web/src/lib/wall-config.ts';

describe('wall URL configuration', () => {
  it('round-trips every parameter', () => {
    const config = { symbols: ['AAPL', 'BRK.B'], panels: ['tiles', 'clock'] as const, cols: 4, rows: 2, theme: 'contrast' as const, rotate: 20, scale: 1.5 };
    const url = wallUrl('http://127.0.0.1:8080', { ...config, panels: [...config.panels] });
    expect(url).toBe('http://127.0.0.1:8080/wall?symbols=AAPL,BRK.B&panels=tiles,clock&cols=4&rows=2&theme=contrast&rotate=20&scale=1.5');
    expect(readWallConfig(new URL(url).search)).toEqual({ ...config, panels: [...config.panels] });
  });

  it('falls back to defaults for anything malformed, so a typo never blanks a wall', () => {
    expect(readWallConfig('?panels=nope&cols=abc&theme=pink&rotate=-5&scale=99&symbols=aapl,<x>')).toEqual({
      ...DEFAULT_WALL,
      symbols: ['AAPL'],
      rotate: 0,
      scale: 3,
    });
    expect(wallUrl('http://h', DEFAULT_WALL)).toBe('http://h/wall');
    expect(wallUrl('http://h', DEFAULT_WALL, 'abc')).toBe('http://h/wall?token=abc');
  });
});
