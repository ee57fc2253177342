import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import type { ChartConfiguration } from 'chart.js';
import { chromiumLaunchOptions } from '../tests/support/chromium.ts';

export interface Plot {
  /** Where the PNG goes. */
  file: string;
  /** A chart.js configuration: plain data, no functions (it is sent to the browser as JSON). */
  config: ChartConfiguration;
  width?: number;
  height?: number;
}

const CHART_JS = fileURLToPath(new URL('../node_modules/chart.js/dist/chart.umd.js', import.meta.url));

/** Renders each plot with chart.js in Chromium and saves the canvas as a PNG: the same library the dashboard draws with. */
export async function renderPlots(plots: Plot[]): Promise<void> {
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage({ deviceScaleFactor: 2 });
    for (const plot of plots) {
      const width = plot.width ?? 900;
      const height = plot.height ?? 420;
      await page.setContent(`<body style="margin:0;background:#fff"><div style="width:${width}px;height:${height}px"><canvas id="plot"></canvas></div></body>`);
      await page.addScriptTag({ path: CHART_JS });
      await page.evaluate(
        `new Chart(document.getElementById('plot'), Object.assign(${JSON.stringify(plot.config)}, {}));`,
      );
      await page.locator('#plot').screenshot({ path: plot.file });
    }
  } finally {
    await browser.close();
  }
}

/** Options every report plot shares: no animation (it is a still), readable fonts, a title. */
export function plotOptions(title: string, options: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    plugins: { title: { display: true, text: title, font: { size: 15 } }, legend: { position: 'bottom' } },
    ...options,
  };
}
