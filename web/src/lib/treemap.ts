export interface TreemapItem {
  key: string;
  weight: number;
}

export interface TreemapCell {
  key: string;
  /** Position and size as fractions (0-1) of the container. */
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Squarified treemap (Bruls, Huizing and van Wijk): lays weighted items into
 * a width x height rectangle, keeping cells close to square so labels fit.
 * Returns positions as fractions of the rectangle, largest item first.
 */
export function squarify(items: readonly TreemapItem[], width: number, height: number): TreemapCell[] {
  const positive = items.filter((item) => item.weight > 0).sort((a, b) => b.weight - a.weight);
  const total = positive.reduce((sum, item) => sum + item.weight, 0);
  if (total === 0 || width <= 0 || height <= 0) return [];
  const scale = (width * height) / total;
  const areas = positive.map((item) => ({ key: item.key, area: item.weight * scale }));
  const cells: TreemapCell[] = [];
  let rect = { x: 0, y: 0, w: width, h: height };
  let row: typeof areas = [];
  const worst = (candidate: typeof areas, side: number): number => {
    const sum = candidate.reduce((s, a) => s + a.area, 0);
    let max = 0;
    for (const { area } of candidate) max = Math.max(max, (side * side * area) / (sum * sum), (sum * sum) / (side * side * area));
    return max;
  };
  const layoutRow = (): void => {
    const sum = row.reduce((s, a) => s + a.area, 0);
    const horizontal = rect.w >= rect.h; // lay the row along the shorter side
    const thickness = sum / (horizontal ? rect.h : rect.w);
    let offset = 0;
    for (const { key, area } of row) {
      const length = area / thickness;
      cells.push(
        horizontal
          ? { key, x: rect.x / width, y: (rect.y + offset) / height, width: thickness / width, height: length / height }
          : { key, x: (rect.x + offset) / width, y: rect.y / height, width: length / width, height: thickness / height },
      );
      offset += length;
    }
    rect = horizontal ? { x: rect.x + thickness, y: rect.y, w: rect.w - thickness, h: rect.h } : { x: rect.x, y: rect.y + thickness, w: rect.w, h: rect.h - thickness };
    row = [];
  };
  for (const item of areas) {
    const side = Math.min(rect.w, rect.h);
    if (row.length === 0 || worst([...row, item], side) <= worst(row, side)) row.push(item);
    else {
      layoutRow();
      row.push(item);
    }
  }
  if (row.length > 0) layoutRow();
  return cells;
}
