/**
 * The reference price (previous close, or the open) as a dashed line across
 * the price pane with a small label at its right end, when it is in range;
 * out of range it is left out rather than pinned to an edge, as the y range
 * is the bars' own.
 */
import type { Plugin } from 'chart.js';
import { priceText } from './price-format.ts';
import { chartFont, CHART_THEME } from './theme.ts';

export interface Reference {
  price: number;
  kind: 'prev close' | 'open';
  decimals: number;
}

export function referenceLine(reference: () => Reference | null): Plugin {
  return {
    id: 'referenceLine',
    afterDatasetsDraw(chart) {
      const shown = reference();
      const y = chart.scales.y;
      if (!shown || !y?.options.display || shown.price < y.min || shown.price > y.max) return;
      const { ctx, chartArea: area } = chart;
      const pixel = Math.round(y.getPixelForValue(shown.price)) + 0.5;
      ctx.save();
      ctx.strokeStyle = CHART_THEME.referenceLine;
      ctx.lineWidth = 1;
      ctx.setLineDash([4, 4]);
      ctx.beginPath();
      ctx.moveTo(area.left, pixel);
      ctx.lineTo(area.right, pixel);
      ctx.stroke();
      ctx.font = chartFont(CHART_THEME.axisFontSize - 1);
      ctx.fillStyle = CHART_THEME.referenceLine;
      ctx.textAlign = 'right';
      // Above the line, unless that would leave the pane.
      const above = pixel - y.top > 14;
      ctx.textBaseline = above ? 'bottom' : 'top';
      ctx.fillText(`${shown.kind} ${priceText(shown.price, shown.decimals)}`, area.right - 4, above ? pixel - 2 : pixel + 3);
      ctx.restore();
    },
  };
}
