import { FeedClient, type Watched } from './feed-client.svelte.ts';
import type { QuoteModel } from './quote-model.svelte.ts';
import { WALL_THEMES, type WallConfig, type WallTheme } from './wall-config.ts';

const DEFAULT_TILE_COUNT = 12;

export type WallPage = { kind: 'tiles'; symbols: string[] } | { kind: 'heatmap' };

/**
 * The wall's state: what it watches, which page shows, the theme. Pages are
 * pages of tiles and the heatmap; with rotation they take turns, without it
 * everything shows at once.
 */
export class Wall {
  readonly feed: FeedClient;
  tiles = $state<string[]>([]);
  /** Symbols the URL asked for that the feed does not carry: a wall is unattended, so it says so for as long as it is true. */
  missing = $state<string[]>([]);
  /** Everything the heatmap shows (the universe), once known. */
  heatmap = $state.raw<string[]>([]);
  page = $state(0);
  rotationPaused = $state(false);
  theme = $state<WallTheme>('dark');
  private rotationTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    readonly config: WallConfig,
    baseWsUrl: string,
  ) {
    this.theme = config.theme;
    // Tiles draw the session in 1-minute bars: a tile across a room is wide enough to show them.
    this.feed = new FeedClient(baseWsUrl, { symbolsToSubscribe: () => this.watch() }, '1m');
  }

  /** Getters over signals: reactive, and cheap enough (a handful of pages) to recompute when read. */
  get pages(): WallPage[] {
    const pages: WallPage[] = [];
    const show = (panel: string) => this.config.panels.includes(panel as never);
    if (show('tiles') && this.tiles.length > 0) {
      const perPage = this.config.rotate > 0 ? this.tileColumns() * this.config.rows : this.tiles.length;
      for (let i = 0; i < this.tiles.length; i += perPage) pages.push({ kind: 'tiles', symbols: this.tiles.slice(i, i + perPage) });
    }
    if (show('heatmap')) pages.push({ kind: 'heatmap' });
    return pages;
  }

  /** What is on screen now: one page when rotating, all of them otherwise. */
  get visiblePages(): WallPage[] {
    const pages = this.pages;
    return this.config.rotate > 0 && pages.length > 1 ? [pages[this.page % pages.length]!] : pages;
  }

  start(): void {
    this.feed.start();
    if (this.config.rotate > 0) {
      this.rotationTimer = setInterval(() => {
        if (!this.rotationPaused && this.pages.length > 1) this.page = (this.page + 1) % this.pages.length;
      }, this.config.rotate * 1000);
    }
  }

  stop(): void {
    this.feed.stop();
    clearInterval(this.rotationTimer);
  }

  quote(symbol: string): QuoteModel | undefined {
    return this.feed.store.quote(symbol);
  }

  /** The wall's width in CSS px (the page binds it): a phone gets fewer, wider tiles. */
  width = $state(Number.POSITIVE_INFINITY);

  tileColumns(): number {
    if (this.config.cols > 0) return this.config.cols;
    return tileColumnsFor(this.tiles.length, this.width);
  }

  toggleRotation(): void {
    this.rotationPaused = !this.rotationPaused;
  }

  cycleTheme(): void {
    this.theme = WALL_THEMES[(WALL_THEMES.indexOf(this.theme) + 1) % WALL_THEMES.length]!;
  }

  /** After every hello: tiles (with their session's bars), the tape, and the universe for the heatmap (no bars: a cell is a colour). */
  private watch(): Watched {
    const store = this.feed.store;
    const universe = store.universe.map((s) => s.symbol);
    const wanted = this.config.symbols ?? universe.slice(0, DEFAULT_TILE_COUNT);
    this.tiles = wanted.filter((s) => store.isKnown(s));
    this.missing = wanted.filter((s) => !store.isKnown(s));
    for (const symbol of this.tiles) store.quote(symbol);
    const needsHeatmap = this.config.panels.includes('heatmap');
    this.heatmap = needsHeatmap ? universe : [];
    for (const symbol of this.heatmap) store.quote(symbol, false);
    const tape = this.config.panels.includes('tape') ? this.tiles : [];
    return { symbols: [...new Set([...this.tiles, ...tape, ...this.heatmap])], withSession: this.tiles };
  }
}

/** A tile needs about this much width to read across a room; narrower screens get fewer columns. */
const MIN_TILE_PX = 170;

/**
 * Columns for n tiles: near the shape of a wide screen (about 1.8 columns
 * per row), never more than fit the width, and of the columns near that
 * the one that leaves the fewest empty cells in the last row (12 tiles in 4
 * columns, not 5 with a 3-tile hole).
 */
export function tileColumnsFor(n: number, width = Number.POSITIVE_INFINITY): number {
  const fit = Math.max(1, Math.min(6, Math.floor(width / MIN_TILE_PX)));
  const ideal = Math.sqrt(Math.max(1, n) * 1.8);
  let best = Math.min(fit, Math.max(1, Math.ceil(ideal)));
  let bestScore = Number.POSITIVE_INFINITY;
  for (let c = Math.max(1, Math.floor(ideal) - 1); c <= Math.min(fit, Math.ceil(ideal) + 1); c++) {
    const holes = Math.ceil(n / c) * c - n;
    const score = holes * 10 + Math.abs(c - ideal);
    if (score < bestScore) [best, bestScore] = [c, score];
  }
  return best;
}
