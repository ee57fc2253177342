/**
 * Typed-array columns that grow by doubling: the chart's per-bar state lives
 * in these, so appending a bar is a store into a preallocated slot, not an
 * allocation, and the whole series stays in a few contiguous buffers.
 */

type Column = Float64Array | Int32Array | Uint8Array;

/** Capacity for `needed` elements: at least double the current one, so n appends cost O(n) copying in all. */
function grownLength(current: number, needed: number): number {
  return Math.max(needed, current * 2, 64);
}

/** `array` if it holds `needed` elements, else a larger copy of it (the first `keep` elements copied). */
export function ensureFloat64(array: Float64Array<ArrayBuffer>, needed: number, keep: number): Float64Array<ArrayBuffer> {
  return array.length >= needed ? array : copyInto(new Float64Array(grownLength(array.length, needed)), array, keep);
}

export function ensureInt32(array: Int32Array<ArrayBuffer>, needed: number, keep: number): Int32Array<ArrayBuffer> {
  return array.length >= needed ? array : copyInto(new Int32Array(grownLength(array.length, needed)), array, keep);
}

export function ensureUint8(array: Uint8Array<ArrayBuffer>, needed: number, keep: number): Uint8Array<ArrayBuffer> {
  return array.length >= needed ? array : copyInto(new Uint8Array(grownLength(array.length, needed)), array, keep);
}

function copyInto<T extends Column>(target: T, source: Column, keep: number): T {
  target.set(source.subarray(0, Math.min(keep, source.length)));
  return target;
}

/** Throws unless bars from `from` on can be replaced in a series of `length` bars. */
export function checkReplaceFrom(from: number, length: number): void {
  if (!Number.isInteger(from) || from < 0 || from > length) throw new RangeError(`cannot replace from bar ${from} of ${length}`);
}
