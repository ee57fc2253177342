import { ByteReader } from '../shared/varint.ts';

/**
 * Calls `visit` with the time of every tick in a binary `ticks` frame,
 * reading only the header, symbol ids and time deltas (see docs/protocol.md):
 * what a load-test client needs for latency, at a fraction of a full decode,
 * so the harness does not become the bottleneck it is measuring.
 */
export function forEachTickTime(frame: Uint8Array, visit: (time: number) => void): number {
  const reader = new ByteReader(frame);
  reader.byte(); // frame type
  reader.bytesOf(reader.unsigned()); // epoch
  reader.unsigned(); // seq
  const count = reader.unsigned();
  let time = reader.unsigned();
  for (let i = 0; i < count; i++) reader.unsigned(); // symbol ids
  for (let i = 0; i < count; i++) {
    time += reader.signed();
    visit(time);
  }
  return count;
}
