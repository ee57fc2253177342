/**
 * How the bar chart looks: the meaningful colours come from the app's
 * palette (up, down, reference, axis text); the rest are the chart's own
 * quiet greys and the overlay hues, which only need to differ from each
 * other and from up/down.
 */
import type { Theme } from '../display-prefs.ts';
import { PALETTE, PALETTES, usePalette, withAlpha, type Palette } from '../palette.ts';

function chartThemeOf(palette: Palette) {
  return {
    up: palette.up,
    down: palette.down,
    /** Volume bars are direction-coloured but muted, so the candles above keep the eye. */
    volumeUp: withAlpha(palette.up, 0.45),
    volumeDown: withAlpha(palette.down, 0.45),
    /** Volume of a bar with only volume-only prints: no direction to show. */
    volumeUnpriced: withAlpha(palette.reference, 0.35),
    lineFillAlpha: 0.08,
    grid: withAlpha(palette.reference, 0.08),
    paneDivider: withAlpha(palette.reference, 0.22),
    daySeparator: withAlpha(palette.reference, 0.3),
    /** Pre-market and after-hours: visible as a band, never competing with the bars on it. */
    extendedHours: withAlpha(palette.reference, 0.07),
    referenceLine: withAlpha(palette.reference, 0.6),
    alertLine: palette.alert,
    crosshair: withAlpha(palette.reference, 0.55),
    axisText: palette.axisText,
    text: palette.text,
    muted: palette.reference,
    /** The label boxes of the crosshair on the axes, and the readout's backdrop. */
    labelBox: palette.labelBox,
    readoutBackdrop: palette.readoutBackdrop,
    vwap: '#f5b041',
    sma: '#4c8dff',
    ema: '#c678dd',
    fontFamily: "'Inter', 'Segoe UI', system-ui, -apple-system, 'Helvetica Neue', 'Liberation Sans', Arial, sans-serif",
    axisFontSize: 11,
    readoutFontSize: 12,
  };
}

export type ChartTheme = ReturnType<typeof chartThemeOf>;

/** The current theme's chart colours; read at draw time, switched by useChartTheme. */
export const CHART_THEME: ChartTheme = chartThemeOf(PALETTE);

/** Switches the palette and the chart colours (in a worker, its own copies) to a theme. */
export function useChartTheme(theme: Theme): void {
  usePalette(theme);
  Object.assign(CHART_THEME, chartThemeOf(PALETTES[theme]));
}

/** A canvas font string in the chart's family. */
export function chartFont(size: number, weight: 'normal' | 'bold' = 'normal'): string {
  return `${weight === 'bold' ? '600 ' : ''}${size}px ${CHART_THEME.fontFamily}`;
}
