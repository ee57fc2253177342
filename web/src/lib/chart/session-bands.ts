/**
 * Behind the bars: a faint band over bars outside the regular session
 * (pre-market, after-hours), a thin line where each trading day starts, and
 * the rule between the price and volume panes. With the axis by bar index,
 * these are what show where the hours and days are.
 */
import type { Chart, Plugin } from 'chart.js';
import type { BarTimeline } from './bar-timeline.ts';
import { CHART_THEME } from './theme.ts';

/** Day separators closer than this on average would be a grey wash, not lines: then none are drawn. */
const MIN_DAY_SPACING_PX = 6;

/** The plugin for one chart; `timeline` says what is shown right now (null or empty: nothing). */
export function sessionBands(timeline: () => BarTimeline | null): Plugin {
  return {
    id: 'sessionBands',
    beforeDatasetsDraw(chart) {
      const shown = timeline();
      const x = chart.scales.x;
      if (!shown || shown.length === 0 || !x) return;
      const { ctx, chartArea: area } = chart;
      const edge = (index: number) => x.getPixelForValue(index - 0.5);
      ctx.save();
      ctx.beginPath();
      ctx.rect(area.left, area.top, area.width, area.height);
      ctx.clip();
      if (shown.intraday) {
        ctx.fillStyle = CHART_THEME.extendedHours;
        let runStart = -1;
        for (let i = 0; i <= shown.length; i++) {
          const extended = i < shown.length && shown.isExtended(i);
          if (extended && runStart < 0) runStart = i;
          else if (!extended && runStart >= 0) {
            const left = Math.round(edge(runStart));
            ctx.fillRect(left, area.top, Math.round(edge(i)) - left, area.height);
            runStart = -1;
          }
        }
        drawDaySeparators(chart, shown, edge);
      }
      drawPaneDivider(chart);
      ctx.restore();
    },
  };
}

function drawDaySeparators(chart: Chart, timeline: BarTimeline, edge: (index: number) => number): void {
  const { ctx, chartArea: area } = chart;
  let days = 0;
  for (let i = 1; i < timeline.length; i++) if (timeline.startsDay(i)) days++;
  if (days === 0 || area.width / (days + 1) < MIN_DAY_SPACING_PX) return;
  ctx.strokeStyle = CHART_THEME.daySeparator;
  ctx.lineWidth = 1;
  ctx.setLineDash([3, 3]);
  ctx.beginPath();
  for (let i = 1; i < timeline.length; i++) {
    if (!timeline.startsDay(i)) continue;
    // Half-pixel offset: a 1px line on a pixel column, not smeared over two.
    const x = Math.round(edge(i)) + 0.5;
    ctx.moveTo(x, area.top);
    ctx.lineTo(x, area.bottom);
  }
  ctx.stroke();
  ctx.setLineDash([]);
}

function drawPaneDivider(chart: Chart): void {
  const volume = chart.scales.volume;
  if (!volume?.options.display) return;
  const { ctx, chartArea: area } = chart;
  const y = Math.round(volume.top) + 0.5;
  ctx.strokeStyle = CHART_THEME.paneDivider;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(area.left, y);
  ctx.lineTo(area.right, y);
  ctx.stroke();
}
