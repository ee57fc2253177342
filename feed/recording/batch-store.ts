import type { SymbolMeta, Tick, TicksMessage } from '../../shared/protocol.ts';
import { BinaryTicksCodec } from '../../shared/codec/binary-ticks-codec.ts';

const CHUNK_BYTES = 16 * 1024 * 1024;

/** Compact bytes held for a loaded recording's batches; beyond this a recording is refused (see reader.ts). */
export const MAX_STORE_BYTES = 2 * 1024 * 1024 * 1024;

/**
 * A loaded recording's batches in the binary ticks encoding, about a tenth
 * of their JSON size (7 bytes a tick on the simulator's data), in 16 MiB
 * chunks so no single allocation grows with the recording. Batches decode
 * exactly back to what was read.
 */
export class BatchStore {
  private readonly codec: BinaryTicksCodec;
  private readonly chunks: Uint8Array[] = [];
  private used = CHUNK_BYTES;
  private bytes = 0;
  /** Per batch: chunk index, offset, length. */
  private chunkOf: number[] = [];
  private offsetOf: number[] = [];
  private lengthOf: number[] = [];

  constructor(symbols: readonly SymbolMeta[]) {
    this.codec = new BinaryTicksCodec(symbols);
  }

  get size(): number {
    return this.lengthOf.length;
  }

  get byteLength(): number {
    return this.bytes;
  }

  add(seq: number, ticks: readonly Tick[]): void {
    const encoded = this.codec.encode({ type: 'ticks', epoch: '-', seq, ticks: ticks as Tick[] });
    if (this.used + encoded.length > CHUNK_BYTES) {
      this.chunks.push(new Uint8Array(Math.max(CHUNK_BYTES, encoded.length)));
      this.used = 0;
    }
    const chunk = this.chunks[this.chunks.length - 1]!;
    chunk.set(encoded, this.used);
    this.chunkOf.push(this.chunks.length - 1);
    this.offsetOf.push(this.used);
    this.lengthOf.push(encoded.length);
    this.used += encoded.length;
    this.bytes += encoded.length;
  }

  ticks(i: number): Tick[] {
    const offset = this.offsetOf[i]!;
    const message: TicksMessage = this.codec.decode(this.chunks[this.chunkOf[i]!]!.subarray(offset, offset + this.lengthOf[i]!));
    return message.ticks;
  }
}
