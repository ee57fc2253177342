/**
 * Renders one price chart on an OffscreenCanvas, off the page's main thread:
 * chart.js's axis layout and line drawing no longer compete with the
 * watchlist for frames. It keeps its own copy of the shown symbol's history,
 * fed by the page with only what is new.
 */
import type { FromChartWorker, PointColumns, ToChartWorker } from './chart-worker-protocol.ts';
import { StreamingPriceChart, type ChartSeries } from './price-chart.ts';
import { TickHistory } from './tick-history.ts';

const scope = self as unknown as { postMessage(message: FromChartWorker): void; onmessage: ((event: MessageEvent<ToChartWorker>) => void) | null };

let chart: StreamingPriceChart | null = null;
let series: ChartSeries | null = null;

function append(history: TickHistory, points: PointColumns): void {
  for (let i = 0; i < points.times.length; i++) {
    if (points.breaks[i] === 1) history.breakLine();
    history.push(points.times[i]!, points.prices[i]!, points.sizes[i]!);
  }
}

scope.onmessage = ({ data: message }) => {
  switch (message.type) {
    case 'init':
      chart = new StreamingPriceChart({
        canvas: message.canvas,
        timeZone: message.timeZone,
        describe: (label) => scope.postMessage({ type: 'describe', label }),
      });
      chart.resize(message.width, message.height, message.devicePixelRatio);
      return;
    case 'resize':
      return chart?.resize(message.width, message.height, message.devicePixelRatio);
    case 'show': {
      const shown = message.series;
      series = shown ? { symbol: shown.symbol, referencePrice: shown.referencePrice, history: new TickHistory(shown.capacity) } : null;
      if (series && shown) append(series.history, shown.points);
      return chart?.show(series, message.window);
    }
    case 'append':
      if (!series) return;
      append(series.history, message.points);
      return chart?.notify();
    case 'pointer':
      return chart?.hover(message.point);
  }
};
