import type { Duplex } from 'node:stream';
import * as ws from 'ws';
import type WebSocket from 'ws';

interface FrameOptions {
  fin: boolean;
  rsv1: boolean;
  opcode: number;
  mask: boolean;
  readOnly: boolean;
}

// ws exports its Sender (and documents Sender.frame for framing once, writing many times), but @types/ws does not declare it.
const { Sender } = ws as unknown as { Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] } };

const TEXT = 0x1;
const BINARY = 0x2;

/**
 * The complete WebSocket frame (RFC 6455, final, unmasked as a server sends
 * it) for one message: built once per subscription group, then written
 * byte-for-byte to every socket in it.
 */
export function frameMessage(payload: Uint8Array, binary: boolean): Buffer {
  const data = Buffer.isBuffer(payload) ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  const parts = Sender.frame(data, { fin: true, rsv1: false, opcode: binary ? BINARY : TEXT, mask: false, readOnly: false });
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

/**
 * Writes a frame from frameMessage straight to the connection's TCP stream,
 * skipping ws's per-send framing. Safe because the server never uses
 * permessage-deflate or sends Blobs, the only cases in which ws queues frames
 * instead of writing them at once; so frames from here and from ws.send()
 * interleave whole. The bytes still count in ws.bufferedAmount (it reads the
 * stream's buffer), which backpressure relies on.
 * Returns false if the connection has no open stream.
 */
export function writeFrame(socket: WebSocket, frame: Buffer): boolean {
  const stream = (socket as unknown as { _socket?: Duplex })._socket;
  if (!stream || stream.destroyed || !stream.writable) return false;
  stream.write(frame);
  return true;
}
