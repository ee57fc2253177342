/**
 * When the chart draws. Data changes ask for an update (re-layout and redraw;
 * chart.js has no cheaper path), at most one per `minUpdateMs`: a live bar
 * that moves ten times a second reads as live, and more would only burn the
 * worker. The crosshair asks for a render (a redraw of what is laid out), in
 * the next frame, so it follows the pointer without waiting for the throttle.
 */

// Dedicated workers have requestAnimationFrame where OffscreenCanvas is supported; a timer stands in elsewhere.
const onNextFrame: (callback: () => void) => number =
  typeof requestAnimationFrame === 'function' ? (callback) => requestAnimationFrame(callback) : (callback) => Number(setTimeout(callback, 16));
const cancelFrame: (handle: number) => void =
  typeof cancelAnimationFrame === 'function' ? (handle) => cancelAnimationFrame(handle) : (handle) => clearTimeout(handle);

export class RedrawScheduler {
  private frame = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private updatePending = false;
  private renderPending = false;
  private lastUpdateAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly minUpdateMs: number,
    private readonly update: () => void,
    private readonly render: () => void,
  ) {}

  requestUpdate(): void {
    this.updatePending = true;
    this.schedule();
  }

  requestRender(): void {
    this.renderPending = true;
    this.schedule();
  }

  cancel(): void {
    cancelFrame(this.frame);
    clearTimeout(this.timer);
    this.frame = 0;
    this.timer = undefined;
    this.updatePending = this.renderPending = false;
  }

  private schedule(): void {
    if (this.frame) return;
    if (!this.renderPending) {
      if (!this.updatePending || this.timer) return;
      const wait = this.lastUpdateAt + this.minUpdateMs - performance.now();
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.schedule();
        }, wait);
        return;
      }
    }
    this.frame = onNextFrame(() => this.run());
  }

  private run(): void {
    this.frame = 0;
    const now = performance.now();
    if (this.updatePending && now >= this.lastUpdateAt + this.minUpdateMs) {
      // An update renders too, crosshair included.
      this.updatePending = this.renderPending = false;
      this.lastUpdateAt = now;
      this.update();
    } else if (this.renderPending) {
      this.renderPending = false;
      this.render();
    }
    if (this.updatePending) this.schedule();
  }
}
