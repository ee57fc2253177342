export interface RowWindow {
  /** First row to render (inclusive). */
  start: number;
  /** Row after the last one to render (exclusive). */
  end: number;
}

/**
 * The rows a scrolled list must render: those in view plus `overscan` on
 * each side, so a scroll of a few rows shows rendered content at once. All
 * other rows cost nothing: a 500-symbol watchlist lays out ~40 rows, not 500.
 */
export function rowWindow(scrollTop: number, viewportHeight: number, rowHeight: number, count: number, overscan: number): RowWindow {
  if (count === 0 || !(rowHeight > 0)) return { start: 0, end: count };
  const firstInView = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const lastInView = Math.ceil((Math.max(0, scrollTop) + Math.max(0, viewportHeight)) / rowHeight);
  const start = Math.min(count, Math.max(0, firstInView - overscan));
  return { start, end: Math.min(count, Math.max(start, lastInView + overscan)) };
}
