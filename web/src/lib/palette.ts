/**
 * The colours that carry meaning, in one place: CSS reads them as custom
 * properties (set by applyPalette at start), canvases (charts, sparklines,
 * in the page or a worker) read them from here.
 */
export const PALETTE = {
  up: '#26c281',
  down: '#f0524f',
  /** Reference lines (previous close) and muted text on canvases. */
  reference: '#94a3b8',
  axisText: '#7d8a9c',
  volume: '#7d8a9c',
} as const;

/** A palette colour at some opacity, for canvases ("#26c281", 0.08 -> "#26c28114"). */
export function withAlpha(hex: string, alpha: number): string {
  return `${hex}${Math.round(Math.min(1, Math.max(0, alpha)) * 255)
    .toString(16)
    .padStart(2, '0')}`;
}

/** Sets the palette's custom properties on the document, for the CSS. */
export function applyPalette(root: HTMLElement = document.documentElement): void {
  root.style.setProperty('--up', PALETTE.up);
  root.style.setProperty('--down', PALETTE.down);
}
