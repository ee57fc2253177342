/**
 * The crosshair and the readout, drawn over everything else: on hover, a
 * dashed vertical line at the nearest bar and a horizontal one at the
 * pointer, with the price (or volume) and the bar's time in boxes on the
 * axes; and, always, the readout at the top left of the price pane for the
 * hovered bar, or the last bar when the pointer is away (as TradingView does).
 * chart.js's tooltip is not used: it covers the bars it describes.
 */
import type { Chart, Plugin } from 'chart.js';
import type { Segment } from './readout.ts';
import { chartFont, CHART_THEME } from './theme.ts';

export interface CrosshairSource {
  /** In CSS pixels of the canvas, or null when the pointer is elsewhere. */
  pointer(): { x: number; y: number } | null;
  barCount(): number;
  readout(index: number): Segment[][];
  priceLabel(value: number): string;
  volumeLabel(value: number): string;
  timeLabel(index: number): string;
}

const LABEL_HEIGHT = 18;
/** Height of one readout line; the chart keeps the bars below the readout by this much per line. */
export const READOUT_LINE_HEIGHT = CHART_THEME.readoutFontSize + 7;

/** The bar under the pointer (nearest by x), or null when the pointer is outside the plot. */
export function hoveredBar(chart: Chart, pointer: { x: number; y: number } | null, count: number): number | null {
  const x = chart.scales.x;
  const area = chart.chartArea;
  if (!pointer || !x || count === 0) return null;
  if (pointer.x < area.left || pointer.x > area.right || pointer.y < area.top || pointer.y > area.bottom) return null;
  return Math.min(count - 1, Math.max(0, Math.round(x.getValueForPixel(pointer.x) ?? 0)));
}

export function crosshair(source: CrosshairSource): Plugin {
  return {
    id: 'crosshair',
    afterDraw(chart) {
      const count = source.barCount();
      const { x, y } = chart.scales;
      if (count === 0 || !x || !y?.options.display) return;
      const pointer = source.pointer();
      const hovered = hoveredBar(chart, pointer, count);
      const { ctx } = chart;
      ctx.save();
      if (hovered !== null && pointer) drawCrosshair(chart, source, hovered, pointer);
      drawReadout(ctx, source.readout(hovered ?? count - 1), chart.chartArea.left + 6, y.top + 5, chart.chartArea.right - 6);
      ctx.restore();
    },
  };
}

function drawCrosshair(chart: Chart, source: CrosshairSource, index: number, pointer: { x: number; y: number }): void {
  const { ctx, chartArea: area } = chart;
  const { x, y, volume } = chart.scales;
  const column = Math.round(x!.getPixelForValue(index)) + 0.5;
  const row = Math.round(pointer.y) + 0.5;
  ctx.strokeStyle = CHART_THEME.crosshair;
  ctx.lineWidth = 1;
  ctx.setLineDash([4, 4]);
  ctx.beginPath();
  ctx.moveTo(column, area.top);
  ctx.lineTo(column, area.bottom);
  ctx.moveTo(area.left, row);
  ctx.lineTo(area.right, row);
  ctx.stroke();
  ctx.setLineDash([]);

  ctx.font = chartFont(CHART_THEME.axisFontSize);
  ctx.textBaseline = 'middle';
  const inPane = (scale: typeof y) => scale && pointer.y >= scale.top && pointer.y <= scale.bottom;
  const valueText = inPane(y) ? source.priceLabel(y!.getValueForPixel(pointer.y) ?? 0) : inPane(volume) ? source.volumeLabel(volume!.getValueForPixel(pointer.y) ?? 0) : null;
  if (valueText !== null) {
    // Over the right axis's labels, where the reader looks for a price.
    const top = Math.min(Math.max(pointer.y - LABEL_HEIGHT / 2, area.top), area.bottom - LABEL_HEIGHT);
    labelBox(ctx, area.right + 1, top, chart.width - area.right - 1, valueText, 'left');
  }
  const timeText = source.timeLabel(index);
  const width = ctx.measureText(timeText).width + 12;
  const left = Math.min(Math.max(column - width / 2, area.left), area.right - width);
  // Down to the canvas's edge, so it covers the axis labels it sits on rather than half of them.
  labelBox(ctx, left, area.bottom + 3, width, timeText, 'center', Math.max(LABEL_HEIGHT, chart.height - area.bottom - 3));
}

function labelBox(ctx: CanvasRenderingContext2D, left: number, top: number, width: number, text: string, align: 'left' | 'center', height = LABEL_HEIGHT): void {
  ctx.fillStyle = CHART_THEME.labelBox;
  ctx.fillRect(left, top, width, height);
  ctx.fillStyle = CHART_THEME.text;
  ctx.textAlign = align;
  ctx.fillText(text, align === 'center' ? left + width / 2 : left + 5, top + height / 2);
}

/** Lines of segments from (left, top), each on a translucent backdrop so bars behind them do not garble the text. */
function drawReadout(ctx: CanvasRenderingContext2D, lines: Segment[][], left: number, top: number, right: number): void {
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  lines.forEach((segments, row) => {
    const middle = top + row * READOUT_LINE_HEIGHT + READOUT_LINE_HEIGHT / 2;
    const widths = segments.map((segment) => {
      ctx.font = chartFont(CHART_THEME.readoutFontSize, segment.bold ? 'bold' : 'normal');
      return ctx.measureText(segment.text).width;
    });
    const total = widths.reduce((sum, width, i) => sum + width + segments[i]!.gap, 0);
    ctx.fillStyle = CHART_THEME.readoutBackdrop;
    ctx.fillRect(left - 4, middle - READOUT_LINE_HEIGHT / 2, Math.min(total + 8, right - left + 4), READOUT_LINE_HEIGHT);
    let at = left;
    // The first segment that does not fit ends the line: a later, shorter one (a "V" label) would stand without its neighbours' values.
    let fits = true;
    segments.forEach((segment, i) => {
      fits &&= at + widths[i]! <= right;
      if (!fits) return;
      ctx.font = chartFont(CHART_THEME.readoutFontSize, segment.bold ? 'bold' : 'normal');
      ctx.fillStyle = segment.color;
      ctx.fillText(segment.text, at, middle);
      at += widths[i]! + segment.gap;
    });
  });
}
