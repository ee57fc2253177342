/**
 * A bounded, columnar history of one symbol's trades: parallel typed arrays
 * of time, price and size in a ring. Appending never allocates once the
 * capacity is reached; the oldest point is overwritten (documented policy:
 * the chart's "All" window is whatever the ring still holds).
 */
export class TickHistory {
  private times: Float64Array;
  private prices: Float64Array;
  private sizes: Float64Array;
  private start = 0;
  private count = 0;
  /** Total points ever appended; lets readers find what is new since they last looked. */
  private appended = 0;

  constructor(readonly capacity: number, initialCapacity = Math.min(capacity, 512)) {
    if (!(capacity >= 1)) throw new RangeError('capacity must be at least 1');
    this.times = new Float64Array(initialCapacity);
    this.prices = new Float64Array(initialCapacity);
    this.sizes = new Float64Array(initialCapacity);
  }

  get length(): number {
    return this.count;
  }

  get totalAppended(): number {
    return this.appended;
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
    this.appended++;
  }

  /**
   * Marks a break in the data (an outage that could not be recovered): the
   * chart and sparkline stop the line here instead of joining across it.
   */
  pushGap(): void {
    if (this.count === 0 || Number.isNaN(this.priceAt(this.count - 1))) return;
    this.push(this.timeAt(this.count - 1) + 1, Number.NaN, 0);
  }

  clear(): void {
    this.start = 0;
    this.count = 0;
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

  private grow(): void {
    const next = Math.min(this.capacity, this.times.length * 2);
    const copy = (source: Float64Array): Float64Array => {
      const target = new Float64Array(next);
      for (let i = 0; i < this.count; i++) target[i] = source[(this.start + i) % source.length]!;
      return target;
    };
    this.times = copy(this.times);
    this.prices = copy(this.prices);
    this.sizes = copy(this.sizes);
    this.start = 0;
  }
}
