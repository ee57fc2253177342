/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal,
 * at most ten times a second. Piped or in CI it prints nothing.
 */
export class ProgressBar {
  private readonly enabled: boolean;
  private lastDraw = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {
    this.enabled = Boolean(out.isTTY) && total > 0;
  }

  update(done: number, detail = ''): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.lastDraw < 100 && done < this.total) return;
    this.lastDraw = now;
    const fraction = Math.min(1, done / this.total);
    const width = 28;
    const filled = Math.round(fraction * width);
    this.out.write(`\r${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${detail}\x1b[K`);
  }

  done(): void {
    if (this.enabled) this.out.write('\r\x1b[K');
  }
}
