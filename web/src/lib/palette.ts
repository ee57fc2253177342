import type { Theme } from './display-prefs.ts';

/**
 * The colours that carry meaning, in one place, per theme: CSS reads them
 * as custom properties (set by applyPalette), canvases (charts, sparklines,
 * in the page or a worker) read PALETTE, the current theme's, at paint time.
 */
export interface Palette {
  up: string;
  down: string;
  /** Reference lines (previous close) and muted text on canvases. */
  reference: string;
  axisText: string;
  volume: string;
  /** Text drawn on canvases (the chart's readout). */
  text: string;
  /** The crosshair's label boxes on the axes. */
  labelBox: string;
  /** Behind the chart's readout, so it reads over bars. */
  readoutBackdrop: string;
  /** Price-alert lines on the chart: apart from up, down, the reference and the overlays' hues. */
  alert: string;
}

export const PALETTES: Readonly<Record<Theme, Readonly<Palette>>> = {
  dark: {
    up: '#26c281',
    down: '#f0524f',
    reference: '#94a3b8',
    axisText: '#7d8a9c',
    volume: '#7d8a9c',
    text: '#dbe3ee',
    labelBox: '#222c38',
    readoutBackdrop: 'rgba(10, 14, 19, 0.72)',
    alert: '#ff9ad5',
  },
  // Up and down keep 4.5:1 even on their own 14% tints (the % change chips, the LIVE badge); axe-core checks.
  light: {
    up: '#0a6b3c',
    down: '#b3261e',
    reference: '#5b6675',
    axisText: '#4f5b6b',
    volume: '#6b7787',
    text: '#0c1422',
    labelBox: '#dde3ea',
    readoutBackdrop: 'rgba(255, 255, 255, 0.82)',
    alert: '#c2185b',
  },
  contrast: {
    up: '#00ff6a',
    down: '#ff4d4d',
    reference: '#ffffff',
    axisText: '#ffffff',
    volume: '#e6e6e6',
    text: '#ffffff',
    labelBox: '#000000',
    readoutBackdrop: 'rgba(0, 0, 0, 0.88)',
    alert: '#ff9ad5',
  },
};

/** The current theme's colours (dark until usePalette says otherwise). */
export const PALETTE: Palette = { ...PALETTES.dark };

/** Switches what PALETTE holds; canvases pick it up at their next paint. */
export function usePalette(theme: Theme): void {
  Object.assign(PALETTE, PALETTES[theme]);
}

/** A palette colour at some opacity, for canvases ("#26c281", 0.08 -> "#26c28114"). */
export function withAlpha(hex: string, alpha: number): string {
  return `${hex}${Math.round(Math.min(1, Math.max(0, alpha)) * 255)
    .toString(16)
    .padStart(2, '0')}`;
}

/** Sets the palette's custom properties and the theme on the document, for the CSS. */
export function applyPalette(theme: Theme = 'dark', root: HTMLElement = document.documentElement): void {
  usePalette(theme);
  root.dataset.theme = theme;
  root.style.setProperty('--up', PALETTE.up);
  root.style.setProperty('--down', PALETTE.down);
}
