/**
 * How many price cells may be lit at once. A flash says "this one just
 * moved"; when most cells are lit at any moment it says nothing (a review
 * counted more than half of them lit). Rows ask before they flash; a row
 * refused waits for its next move.
 */
export class FlashBudget {
  private lit = 0;

  constructor(
    /** At most this share of the rows in view are lit at once. */
    private readonly share = 0.25,
    private capacity = 2,
  ) {}

  /** The rows in view now: the budget follows them. */
  setRows(rows: number): void {
    this.capacity = Math.max(1, Math.ceil(rows * this.share));
  }

  take(): boolean {
    if (this.lit >= this.capacity) return false;
    this.lit++;
    return true;
  }

  release(): void {
    this.lit = Math.max(0, this.lit - 1);
  }

  get litCount(): number {
    return this.lit;
  }
}
