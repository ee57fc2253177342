import { parseSymbolList } from '../../../shared/symbol.ts';

/** The wall's whole configuration lives in its URL, so setting up a screen is bookmarking a link. */
export const WALL_PANELS = ['tiles', 'tape', 'heatmap', 'clock'] as const;
export type WallPanel = (typeof WALL_PANELS)[number];
export const WALL_THEMES = ['dark', 'light', 'contrast'] as const;
export type WallTheme = (typeof WALL_THEMES)[number];

export interface WallConfig {
  /** Tile and tape symbols; null means "the feed's first twelve". */
  symbols: string[] | null;
  panels: WallPanel[];
  /** Tile grid columns; 0 fits them to the screen. */
  cols: number;
  /** Tile rows per page when rotating through pages of tiles. */
  rows: number;
  theme: WallTheme;
  /** Seconds between pages; 0 shows everything at once. */
  rotate: number;
  /** Multiplies all text, for a screen seen from further away. */
  scale: number;
}

export const DEFAULT_WALL: WallConfig = { symbols: null, panels: ['tiles', 'tape', 'heatmap', 'clock'], cols: 0, rows: 3, theme: 'dark', rotate: 0, scale: 1 };
export const MAX_WALL_SYMBOLS = 60;

function clampNumber(raw: string | null, min: number, max: number, fallback: number): number {
  const value = Number(raw);
  return raw === null || raw.trim() === '' || !Number.isFinite(value) ? fallback : Math.min(max, Math.max(min, value));
}

/** Reads a wall URL; anything missing or malformed falls back to the default, so a typo never blanks a wall. */
export function readWallConfig(search: string): WallConfig {
  const params = new URLSearchParams(search);
  const symbols = params.get('symbols');
  const panels = params.get('panels');
  const theme = params.get('theme');
  const chosenPanels = panels === null ? DEFAULT_WALL.panels : WALL_PANELS.filter((p) => panels.split(',').includes(p));
  return {
    symbols: symbols === null ? null : parseSymbolList(symbols, MAX_WALL_SYMBOLS),
    panels: chosenPanels.length > 0 ? chosenPanels : DEFAULT_WALL.panels,
    cols: Math.round(clampNumber(params.get('cols'), 0, 12, DEFAULT_WALL.cols)),
    rows: Math.round(clampNumber(params.get('rows'), 1, 8, DEFAULT_WALL.rows)),
    theme: (WALL_THEMES as readonly string[]).includes(theme ?? '') ? (theme as WallTheme) : DEFAULT_WALL.theme,
    rotate: clampNumber(params.get('rotate'), 0, 3600, DEFAULT_WALL.rotate),
    scale: clampNumber(params.get('scale'), 0.5, 3, DEFAULT_WALL.scale),
  };
}

/** A wall URL for this configuration, keeping only what differs from the defaults (and any token). */
export function wallUrl(origin: string, config: WallConfig, token: string | null = null): string {
  const params = new URLSearchParams();
  if (config.symbols) params.set('symbols', config.symbols.join(','));
  if (config.panels.join(',') !== DEFAULT_WALL.panels.join(',')) params.set('panels', config.panels.join(','));
  if (config.cols !== DEFAULT_WALL.cols) params.set('cols', String(config.cols));
  if (config.rows !== DEFAULT_WALL.rows) params.set('rows', String(config.rows));
  if (config.theme !== DEFAULT_WALL.theme) params.set('theme', config.theme);
  if (config.rotate !== DEFAULT_WALL.rotate) params.set('rotate', String(config.rotate));
  if (config.scale !== DEFAULT_WALL.scale) params.set('scale', String(config.scale));
  if (token) params.set('token', token);
  const query = params.toString().replaceAll('%2C', ',');
  return `${origin}/wall${query ? `?${query}` : ''}`;
}
