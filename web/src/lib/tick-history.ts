/**
 * A bounded, columnar history of one symbol's trades: parallel typed arrays
 * of time, price and size in a ring, and a flag per point that says the line
 * breaks before it (an outage that could not be recovered). Appending never
 * allocates once the capacity is reached; the oldest point is overwritten
 * (documented policy: the chart's "All" window is whatever the ring still
 * holds).
 *
 * Readers that mirror it (a chart, a worker) follow it by two counters:
 * `totalAppended` says how many points were ever added, `resets` how many
 * times it was cleared; a changed `resets` means start over.
 */
export class TickHistory {
  private times: Float64Array;
  private prices: Float64Array;
  private sizes: Float64Array;
  private breaks: Uint8Array;
  private start = 0;
  private count = 0;
  private appended = 0;
  private cleared = 0;
  private breakPending = false;

  constructor(readonly capacity: number, initialCapacity = Math.min(capacity, 512)) {
    if (!(capacity >= 1)) throw new RangeError('capacity must be at least 1');
    this.times = new Float64Array(initialCapacity);
    this.prices = new Float64Array(initialCapacity);
    this.sizes = new Float64Array(initialCapacity);
    this.breaks = new Uint8Array(initialCapacity);
  }

  get length(): number {
    return this.count;
  }

  /** Points ever appended since the last clear; what is new since a reader last looked. */
  get totalAppended(): number {
    return this.appended;
  }

  /** How many times the history was cleared: a reader that saw another value must start over. */
  get resets(): number {
    return this.cleared;
  }

  push(time: number, price: number, size: number): void {
    if (this.count === this.times.length && this.count < this.capacity) this.grow();
    const slots = this.times.length;
    let index: number;
    if (this.count < slots) {
      index = (this.start + this.count) % slots;
      this.count++;
    } else {
      index = this.start;
      this.start = (this.start + 1) % slots;
    }
    this.times[index] = time;
    this.prices[index] = price;
    this.sizes[index] = size;
    this.breaks[index] = this.breakPending && this.count > 1 ? 1 : 0;
    this.breakPending = false;
    this.appended++;
  }

  /**
   * Marks a break in the data (an outage that could not be recovered): the
   * next point starts a new line instead of joining the last one.
   */
  breakLine(): void {
    if (this.count > 0) this.breakPending = true;
  }

  clear(): void {
    this.start = 0;
    this.count = 0;
    this.appended = 0;
    this.breakPending = false;
    this.cleared++;
  }

  /** i-th oldest point still held, 0 <= i < length. */
  timeAt(i: number): number {
    return this.times[(this.start + i) % this.times.length]!;
  }
  priceAt(i: number): number {
    return this.prices[(this.start + i) % this.times.length]!;
  }
  sizeAt(i: number): number {
    return this.sizes[(this.start + i) % this.times.length]!;
  }
  /** True if the line breaks between point i-1 and point i. */
  breaksBefore(i: number): boolean {
    return i > 0 && this.breaks[(this.start + i) % this.times.length] === 1;
  }

  private grow(): void {
    const next = Math.min(this.capacity, this.times.length * 2);
    const copy = <T extends Float64Array | Uint8Array>(source: T, target: T): T => {
      for (let i = 0; i < this.count; i++) target[i] = source[(this.start + i) % source.length]!;
      return target;
    };
    this.times = copy(this.times, new Float64Array(next));
    this.prices = copy(this.prices, new Float64Array(next));
    this.sizes = copy(this.sizes, new Float64Array(next));
    this.breaks = copy(this.breaks, new Uint8Array(next));
    this.start = 0;
  }
}
