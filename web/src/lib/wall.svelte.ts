import { FeedClient, type Watched } from './feed-client.svelte.ts';
import type { QuoteModel } from './quote-model.svelte.ts';
import { WALL_THEMES, type WallConfig, type WallTheme } from './wall-config.ts';

const DEFAULT_TILE_COUNT = 12;
const DENSE_TILE_COUNT = 16;

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

  /** The tiles' box in CSS px, with the gap between tiles (the page measures it): the grid is chosen to fill it. */
  tilesBox = $state<TilesBox | null>(null);

  tileColumns(): number {
    if (this.config.cols > 0) return this.config.cols;
    return tileColumnsFor(this.tiles.length, this.tilesBox);
  }

  /** One tile's size in CSS px and how much it shows, from the grid (not measured per tile: a tile's text changes many times a second). */
  get tileLayout(): { width: number; height: number; density: TileDensity } {
    const box = this.tilesBox;
    const page = this.visiblePages.find((p) => p.kind === 'tiles');
    if (!box || !page || page.kind !== 'tiles') return { width: 0, height: 0, density: 'roomy' };
    const cols = this.tileColumns();
    const rows = Math.max(1, Math.ceil(page.symbols.length / cols));
    const width = (box.width - (cols - 1) * box.gap) / cols;
    const height = (box.height - (rows - 1) * box.gap) / rows;
    return { width, height, density: tileDensity(width / box.emPx, height / box.emPx) };
  }

  /**
   * More than 16 tiles on screen: they take 70 % of the width beside the
   * heatmap instead of 60 %, since 32 tiles in 60 % leave each too short
   * for its session's line, and the heatmap's cells read at either width.
   */
  get denseTiles(): boolean {
    return this.visiblePages.some((page) => page.kind === 'tiles' && page.symbols.length > DENSE_TILE_COUNT);
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

export interface TilesBox {
  width: number;
  height: number;
  gap: number;
  /** The wall's text size: tile sizes are judged in em, so every screen size lays out alike. */
  emPx: number;
}

/**
 * How much a tile shows, by its size in em of the wall's text:
 * - roomy (12.5 x 10.5 em and more): symbol and name, price, change and %, the session's line;
 * - compact (32 tiles beside the heatmap): symbol, price, % only, the line under them;
 * - bare: under 8.5 em tall (more than about 35 tiles beside the heatmap) the compact line would be
 *   under 2 em, too short to read across a room, so the tile drops it: symbol, price and % only.
 */
export type TileDensity = 'roomy' | 'compact' | 'bare';

export function tileDensity(widthEm: number, heightEm: number): TileDensity {
  if (widthEm >= 12.5 && heightEm >= 10.5) return 'roomy';
  return heightEm >= 8.5 ? 'compact' : 'bare';
}

/** A tile reads best a little wider than tall: the price across it, the session's line under it. */
const TILE_ASPECT = 1.2;
/** Each empty cell in the last row costs this much of the score: of two near-equal grids, the full one wins. */
const HOLE_COST = 0.03;
const MAX_COLUMNS = 12;

/**
 * Columns for n tiles in a box: the grid whose tiles are largest at the
 * shape they read best in (TILE_ASPECT), which on a wide box is about 1.8
 * columns per row (12 tiles in 4 columns, 32 beside the heatmap in 7), and
 * on a phone one or two. Before the box is measured, a 16:9 screen's.
 */
export function tileColumnsFor(n: number, box: Pick<TilesBox, 'width' | 'height' | 'gap'> | null = null): number {
  const { width, height, gap } = box && box.width > 0 && box.height > 0 ? box : { width: 1600, height: 900, gap: 0 };
  const count = Math.max(1, n);
  let best = 1;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let cols = 1; cols <= Math.min(count, MAX_COLUMNS); cols++) {
    const rows = Math.ceil(count / cols);
    const tileWidth = (width - (cols - 1) * gap) / cols;
    const tileHeight = (height - (rows - 1) * gap) / rows;
    const score = Math.min(tileWidth / TILE_ASPECT, tileHeight) * (1 - HOLE_COST * (rows * cols - count));
    if (score > bestScore) [best, bestScore] = [cols, score];
  }
  return best;
}
