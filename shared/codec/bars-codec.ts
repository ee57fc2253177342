import type { BarsMessage } from '../protocol.ts';

/** How `bars` messages travel on one connection; one implementation per encoding, chosen by subprotocol like TicksCodec. */
export interface BarsCodec {
  readonly binaryFrames: boolean;
  encode(message: BarsMessage): Uint8Array;
  decode(frame: string | Uint8Array): BarsMessage;
}
