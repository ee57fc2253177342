/**
 * Device pixels per CSS pixel of an element's own layout: the screen's
 * ratio times any CSS zoom above it (a 4K dashboard at zoom 2 draws its
 * canvases at twice the resolution, so they stay sharp).
 */
export function pixelRatioOf(element: HTMLElement): number {
  const zoom = element.clientWidth > 0 ? element.getBoundingClientRect().width / element.clientWidth : 1;
  return (window.devicePixelRatio || 1) * (Number.isFinite(zoom) && zoom > 0 ? zoom : 1);
}
