/**
 * How the bar chart looks: the meaningful colours come from the app's
 * palette (up, down, reference, axis text); the rest are the chart's own
 * quiet greys and the overlay hues, which only need to differ from each
 * other and from up/down.
 */
import { PALETTE, withAlpha } from '../palette.ts';

export const CHART_THEME = {
  up: PALETTE.up,
  down: PALETTE.down,
  /** Volume bars are direction-coloured but muted, so the candles above keep the eye. */
  volumeUp: withAlpha(PALETTE.up, 0.45),
  volumeDown: withAlpha(PALETTE.down, 0.45),
  /** Volume of a bar with only volume-only prints: no direction to show. */
  volumeUnpriced: withAlpha(PALETTE.reference, 0.35),
  lineFillAlpha: 0.08,
  grid: withAlpha(PALETTE.reference, 0.08),
  paneDivider: withAlpha(PALETTE.reference, 0.22),
  daySeparator: withAlpha(PALETTE.reference, 0.3),
  /** Pre-market and after-hours: visible as a band, never competing with the bars on it. */
  extendedHours: withAlpha(PALETTE.reference, 0.07),
  referenceLine: withAlpha(PALETTE.reference, 0.6),
  crosshair: withAlpha(PALETTE.reference, 0.55),
  axisText: PALETTE.axisText,
  text: '#dbe3ee',
  muted: PALETTE.reference,
  /** The label boxes of the crosshair on the axes, and the readout's backdrop: the dashboard's raised panel. */
  labelBox: '#222c38',
  readoutBackdrop: 'rgba(10, 14, 19, 0.72)',
  vwap: '#f5b041',
  sma: '#4c8dff',
  ema: '#c678dd',
  fontFamily: "'Inter', 'Segoe UI', system-ui, -apple-system, 'Helvetica Neue', 'Liberation Sans', Arial, sans-serif",
  axisFontSize: 11,
  readoutFontSize: 12,
} as const;

/** A canvas font string in the chart's family. */
export function chartFont(size: number, weight: 'normal' | 'bold' = 'normal'): string {
  return `${weight === 'bold' ? '600 ' : ''}${size}px ${CHART_THEME.fontFamily}`;
}
