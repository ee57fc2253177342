/**
 * Draws one bar chart on an OffscreenCanvas, off the page's main thread:
 * chart.js's layout and the drawing of thousands of candles no longer
 * compete with the watchlist for frames. The page (offscreen-bar-chart.ts)
 * sends the bars, their live tail, the canvas's size and the pointer.
 */
import { BarChart } from './bar-chart.ts';
import type { FromBarChartWorker, ToBarChartWorker } from './bar-chart-protocol.ts';

const scope = self as unknown as {
  postMessage(message: FromBarChartWorker): void;
  onmessage: ((event: MessageEvent<ToBarChartWorker>) => void) | null;
  close(): void;
};

let chart: BarChart | null = null;

scope.onmessage = ({ data: message }) => {
  switch (message.type) {
    case 'init':
      chart = new BarChart({ canvas: message.canvas, describe: (label) => scope.postMessage({ type: 'describe', label }) });
      return chart.resize(message.width, message.height, message.devicePixelRatio);
    case 'resize':
      return chart?.resize(message.width, message.height, message.devicePixelRatio);
    case 'show':
      return chart?.show(message.view, message.bars);
    case 'update':
      return chart?.update(message.from, message.tail);
    case 'pointer':
      return chart?.hover(message.point);
    case 'destroy':
      chart?.destroy();
      chart = null;
      return scope.close();
  }
};
