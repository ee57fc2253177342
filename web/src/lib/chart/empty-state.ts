/** With nothing to draw, the chart says so in its middle instead of showing axes over an invented range. */
import type { Plugin } from 'chart.js';
import { chartFont, CHART_THEME } from './theme.ts';

export function emptyState(message: () => string | null): Plugin {
  return {
    id: 'emptyState',
    afterDraw(chart) {
      const text = message();
      if (text === null) return;
      const { ctx, width, height } = chart;
      ctx.save();
      ctx.font = chartFont(13);
      ctx.fillStyle = CHART_THEME.axisText;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(text, width / 2, height / 2);
      ctx.restore();
    },
  };
}
