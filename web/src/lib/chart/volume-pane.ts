/**
 * The volume bars, drawn straight onto the volume pane's scale: one
 * fillRect per bar, in three passes (up, down, bars without a price), with no
 * chart.js element per bar. As chart.js bar datasets they cost a save/restore,
 * an options lookup and a stack computation per bar, three datasets over: at
 * 10,000 bars most of a redraw.
 */
import type { Plugin } from 'chart.js';
import type { BarStore } from './bar-store.ts';
import { CHART_THEME } from './theme.ts';

const UP = 0;
const DOWN = 1;
const UNPRICED = 2;

/** Per volume kind (up, down, unpriced), read at paint time so a theme change shows at once. */
const colourOf = (kind: number) => [CHART_THEME.volumeUp, CHART_THEME.volumeDown, CHART_THEME.volumeUnpriced][kind]!;

export function volumeBars(bars: () => BarStore | null): Plugin {
  return {
    id: 'volumeBars',
    beforeDatasetsDraw(chart) {
      const store = bars();
      const { x, volume } = chart.scales;
      if (!store || store.length === 0 || !x || !volume?.options.display) return;
      const { ctx } = chart;
      const spacing = Math.abs(x.getPixelForValue(1) - x.getPixelForValue(0));
      // Gaps between bars while there is room for them; touching columns once bars are a few pixels apart or less.
      const width = spacing >= 3 ? Math.max(1, Math.floor(spacing * 0.75)) : Math.max(1, spacing);
      const base = volume.getPixelForValue(0);
      const first = Math.max(0, Math.floor(x.min));
      const last = Math.min(store.length - 1, Math.ceil(x.max));
      ctx.save();
      for (const kind of [UNPRICED, DOWN, UP]) {
        ctx.fillStyle = colourOf(kind);
        for (let i = first; i <= last; i++) {
          const size = store.volume[i]!;
          if (!(size > 0) || kindOf(store, i) !== kind) continue;
          const top = volume.getPixelForValue(size);
          const left = spacing >= 3 ? Math.round(x.getPixelForValue(i) - width / 2) : x.getPixelForValue(i) - width / 2;
          ctx.fillRect(left, top, width, base - top);
        }
      }
      ctx.restore();
    },
  };
}

function kindOf(store: BarStore, index: number): number {
  if (!store.hasPrice(index)) return UNPRICED;
  return store.close[index]! >= store.open[index]! ? UP : DOWN;
}
