/**
 * Follows the pointer over a canvas and reports it at most once per
 * animation frame (mice report far more often, and each report redraws the
 * chart), in CSS pixels of the canvas, or null when it leaves.
 */
export function forwardPointer(canvas: HTMLCanvasElement, signal: AbortSignal, report: (point: { x: number; y: number } | null) => void): void {
  let pending: { x: number; y: number } | null = null;
  let frame = 0;
  const post = (point: { x: number; y: number } | null) => {
    pending = point;
    frame ||= requestAnimationFrame(() => {
      frame = 0;
      report(pending);
    });
  };
  canvas.addEventListener('pointermove', (event) => post({ x: event.offsetX, y: event.offsetY }), { signal });
  canvas.addEventListener('pointerleave', () => post(null), { signal });
  signal.addEventListener('abort', () => cancelAnimationFrame(frame), { once: true });
}
