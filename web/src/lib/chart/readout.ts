/**
 * The text of the chart's readout (TradingView's "legend"): one bar's time,
 * open, high, low, close, change from the previous close, and volume, and
 * below it the overlays' values at that bar. As coloured segments; the
 * crosshair plugin lays them out. Pure: reads the chart's columns, draws nothing.
 */
import type { BarInterval } from '../../../../shared/bars/bar-interval.ts';
import { formatPercent, formatVolume } from '../format.ts';
import type { BarStore } from './bar-store.ts';
import type { BarTimeline } from './bar-timeline.ts';
import { priceText, signedPriceText } from './price-format.ts';
import { CHART_THEME } from './theme.ts';
import { barTimeLabel } from './time-labels.ts';

export interface Segment {
  text: string;
  color: string;
  bold?: boolean;
  /** Space after it, in px: small within a "label value" pair, larger between pairs. */
  gap: number;
}

export interface ReadoutOverlay {
  /** "VWAP", "SMA 20" */
  name: string;
  color: string;
  series: { at(index: number): number | null };
}

export interface ReadoutSource {
  symbol: string;
  interval: BarInterval;
  priceDecimals: number;
  store: BarStore;
  timeline: BarTimeline;
  overlays: readonly ReadoutOverlay[];
}

const PAIR = 3;
const GROUP = 10;

/** The readout for bar `index`: one line of bar facts, then one of overlay values when any are shown. */
export function readoutLines(source: ReadoutSource, index: number): Segment[][] {
  const { store, priceDecimals: decimals } = source;
  const priced = store.hasPrice(index);
  const open = store.open[index]!;
  const close = store.close[index]!;
  const tone = !priced ? CHART_THEME.muted : close >= open ? CHART_THEME.up : CHART_THEME.down;
  const label = (text: string): Segment => ({ text, color: CHART_THEME.axisText, gap: PAIR });
  const value = (price: number): Segment => ({ text: priceText(price, decimals), color: tone, gap: GROUP });

  const facts: Segment[] = [
    { text: source.symbol, color: CHART_THEME.text, bold: true, gap: 5 },
    { text: source.interval, color: CHART_THEME.muted, gap: GROUP + 4 },
    { text: barTimeLabel(source.timeline, index), color: CHART_THEME.muted, gap: GROUP + 4 },
    label('O'),
    value(open),
    label('H'),
    value(store.high[index]!),
    label('L'),
    value(store.low[index]!),
    label('C'),
    value(close),
  ];
  const previous = store.previousClose(index);
  if (priced && !Number.isNaN(previous)) {
    const change = close - previous;
    const changeTone = change >= 0 ? CHART_THEME.up : CHART_THEME.down;
    facts.push({ text: `${signedPriceText(change, decimals)} (${formatPercent(previous === 0 ? null : change / previous)})`, color: changeTone, gap: GROUP });
  }
  facts.push(label('V'), { text: formatVolume(store.volume[index]!), color: CHART_THEME.text, gap: 0 });

  if (source.overlays.length === 0) return [facts];
  const overlays = source.overlays.flatMap((overlay): Segment[] => [
    { text: overlay.name, color: overlay.color, gap: PAIR + 1 },
    { text: priceText(overlay.series.at(index), decimals), color: overlay.color, gap: GROUP + 4 },
  ]);
  return [facts, overlays];
}
