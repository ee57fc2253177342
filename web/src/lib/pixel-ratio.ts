/**
 * Device pixels per CSS pixel of an element's own layout: the screen's
 * ratio times any CSS zoom above it (a 4K dashboard at zoom 2 draws its
 * canvases at twice the resolution, so they stay sharp).
 */
export function pixelRatioOf(element: HTMLElement): number {
  // clientWidth is rounded and the box may be fractional: only a real zoom (not 523.5 / 523) counts.
  const measured = element.clientWidth > 0 ? element.getBoundingClientRect().width / element.clientWidth : 1;
  const zoom = Number.isFinite(measured) && Math.abs(measured - 1) > 0.05 ? Math.round(measured * 100) / 100 : 1;
  return (window.devicePixelRatio || 1) * zoom;
}
