/**
 * The symbol's waiting price alerts as dashed lines across the price pane,
 * each with a small "alert 190.00" label at its left end (the reference
 * line's label is at the right). The y range stays the bars' own, so a
 * level outside it is not drawn as a line: its label is pinned to the
 * pane's top (below the readout) or bottom edge with an arrow, so an alert
 * is never invisible.
 */
import type { Plugin } from 'chart.js';
import { priceText } from './price-format.ts';
import { chartFont, CHART_THEME } from './theme.ts';

export interface AlertLevels {
  prices: readonly number[];
  decimals: number;
  /** The readout's room at the top of the pane: a pinned label goes below it. */
  topInset: number;
}

/** Room for one label at the pane's edge. */
const LABEL_HEIGHT_PX = 14;

export function alertLines(levels: () => AlertLevels | null): Plugin {
  return {
    id: 'alertLines',
    afterDatasetsDraw(chart) {
      const shown = levels();
      const y = chart.scales.y;
      if (!shown || shown.prices.length === 0 || !y?.options.display) return;
      const { ctx, chartArea: area } = chart;
      ctx.save();
      ctx.strokeStyle = CHART_THEME.alertLine;
      ctx.fillStyle = CHART_THEME.alertLine;
      ctx.lineWidth = 1;
      ctx.font = chartFont(CHART_THEME.axisFontSize - 1);
      ctx.textAlign = 'left';
      // Several off-range levels on one edge stack their labels rather than overprint.
      let above = 0;
      let below = 0;
      for (const price of shown.prices) {
        const text = `alert ${priceText(price, shown.decimals)}`;
        if (price > y.max) {
          ctx.textBaseline = 'top';
          ctx.fillText(`▲ ${text}`, area.left + 4, y.top + shown.topInset + LABEL_HEIGHT_PX * above++);
          continue;
        }
        if (price < y.min) {
          ctx.textBaseline = 'bottom';
          ctx.fillText(`▼ ${text}`, area.left + 4, y.bottom - 2 - LABEL_HEIGHT_PX * below++);
          continue;
        }
        const pixel = Math.round(y.getPixelForValue(price)) + 0.5;
        ctx.setLineDash([6, 4]);
        ctx.beginPath();
        ctx.moveTo(area.left, pixel);
        ctx.lineTo(area.right, pixel);
        ctx.stroke();
        const labelAbove = pixel - y.top > LABEL_HEIGHT_PX;
        ctx.textBaseline = labelAbove ? 'bottom' : 'top';
        ctx.fillText(text, area.left + 4, labelAbove ? pixel - 2 : pixel + 3);
      }
      ctx.restore();
    },
  };
}
