import type { BarsMessage } from '../protocol.ts';
import type { BarsCodec } from './bars-codec.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** `bars` as JSON text: self-describing, about 80 bytes a bar. */
export class JsonBarsCodec implements BarsCodec {
  readonly binaryFrames = false;

  encode(message: BarsMessage): Uint8Array {
    return encoder.encode(JSON.stringify(message));
  }

  decode(frame: string | Uint8Array): BarsMessage {
    return JSON.parse(typeof frame === 'string' ? frame : decoder.decode(frame)) as BarsMessage;
  }
}
