/** Connections a load-test worker has opening at once: a burst of thousands overflows the server's accept backlog (ECONNRESET), which measures the kernel, not the server. */
export const MAX_PENDING_CONNECTS = 100;

/**
 * Opens `count` connections with at most MAX_PENDING_CONNECTS in flight:
 * `open(i, settled)` starts connection i and calls `settled` once it is up
 * (or has failed).
 */
export function connectInWaves(count: number, open: (index: number, settled: () => void) => void): void {
  let next = 0;
  const startNext = (): void => {
    if (next >= count) return;
    const index = next++;
    let done = false;
    open(index, () => {
      if (done) return;
      done = true;
      startNext();
    });
  };
  for (let i = 0; i < Math.min(MAX_PENDING_CONNECTS, count); i++) startNext();
}
