import { LiveBars } from '../../../shared/bars/live-bars.ts';
import { emptyColumns } from '../../../shared/bars/bar-series.ts';
import type { BarChartHandle, ChartView } from './chart/bar-chart.ts';
import type { FeedClient } from './feed-client.svelte.ts';
import type { QuoteModel } from './quote-model.svelte.ts';
import { barsInRange } from './chart/chart-range.ts';
import type { ChartInterval, ChartRange } from './view-url.ts';

/**
 * Bars asked for per interval, and kept as the chart follows the market
 * (the oldest go beyond that). 1s and 1m are what the feed keeps (the last
 * 10 minutes, the session); 5m to 1h are made from the session's minutes;
 * 1d reaches back years.
 */
export const CHART_BARS: Readonly<Record<ChartInterval, { ask: number; keep: number }>> = {
  '1s': { ask: 600, keep: 3600 },
  '1m': { ask: 1920, keep: 2880 },
  '5m': { ask: 1000, keep: 2000 },
  '15m': { ask: 1000, keep: 2000 },
  '1h': { ask: 1000, keep: 2000 },
  '1d': { ask: 5000, keep: 5100 },
};

/**
 * Keeps one chart on one symbol at one interval: asks the feed for the
 * history, shows it, then moves it with every tick (the model applies each
 * tick to the bars it is given, by the feed's own rule) and hands the chart
 * only the bars that changed. Follow again after a new epoch or connection.
 */
export class ChartFollower {
  private bars: LiveBars | null = null;
  private view: ChartView | null = null;
  private stop: (() => void) | null = null;

  constructor(
    private readonly chart: BarChartHandle,
    private readonly client: FeedClient,
  ) {}

  /** Shows `view.symbol`'s bars at `view.interval` (within `range`, if one was picked) as soon as the feed answers (nothing new is drawn until then). */
  follow(model: QuoteModel, view: ChartView & { interval: ChartInterval }, range: ChartRange | null = null): void {
    this.unfollow();
    const { ask, keep } = CHART_BARS[view.interval];
    const bars = new LiveBars(view.interval, model.calendar, keep);
    this.view = view;
    const cancelRequest = this.client.requestHistory({ symbols: [model.symbol], interval: view.interval, limit: ask }, (reply) => {
      const received = reply.series[0]?.bars ?? emptyColumns();
      bars.load(range ? barsInRange(received, range, model.calendar) : received);
      bars.takeChanges();
      this.bars = bars;
      model.chartBars = bars;
      this.chart.show(this.view!, bars.columns());
    });
    const release = this.client.store.onUpdate(model.symbol, () => this.sync());
    this.stop = () => {
      cancelRequest();
      release();
      if (model.chartBars === bars) model.chartBars = null;
    };
  }

  /** A new look for the same bars (style, overlays, the reference line). */
  restyle(view: ChartView): void {
    const same = this.view?.symbol === view.symbol && this.view.interval === view.interval;
    if (!same) return;
    this.view = view;
    if (this.bars) this.chart.show(view, this.bars.columns());
  }

  unfollow(): void {
    this.stop?.();
    this.stop = null;
    this.bars = null;
  }

  private sync(): void {
    if (!this.bars || !this.view) return;
    const changes = this.bars.takeChanges();
    if (!changes) return;
    if (changes.reset) this.chart.show(this.view, this.bars.columns());
    else this.chart.update(changes.from, this.bars.columns(changes.from));
  }
}
