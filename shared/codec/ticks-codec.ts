import type { Tick, TicksMessage } from '../protocol.ts';
import type { TickChain } from './tick-chain.ts';

/**
 * How `ticks` messages travel on one connection. Every encoding implements
 * this, and the server's fan-out calls each the same way: a new encoding is
 * a new implementation, never a new branch. Which one a connection uses is
 * negotiated with the WebSocket subprotocol; everything other than `ticks`
 * is JSON text on every connection.
 */
export interface TicksCodec {
  readonly name: TicksCodecName;
  /** The Sec-WebSocket-Protocol value that selects this encoding. */
  readonly subprotocol: string;
  /** True if its messages go as binary WebSocket frames, false for text frames. */
  readonly binaryFrames: boolean;
  /** A whole `ticks` message, as one frame's payload. */
  encode(message: TicksMessage): Uint8Array;
  decode(frame: string | Uint8Array): TicksMessage;
  /**
   * Fan-out: starts encoding one published batch. encodeSubset() then
   * encodes the parts of it that subscription groups get, and may reuse
   * per-tick work between them; that work is forgotten at the next batch.
   */
  beginBatch(epoch: string, seq: number, ticks: readonly Tick[]): void;
  /**
   * A `ticks` message holding the current batch's ticks at these indexes,
   * in order. With a chain (one per subscription group), an encoding may
   * write only what changed since the chain's previous frame; the chain
   * then holds what every receiver of that frame holds. Encodings without
   * chained frames ignore it.
   */
  encodeSubset(indexes: readonly number[], chain?: TickChain): Uint8Array;
}

export type TicksCodecName = 'json' | 'binary';
