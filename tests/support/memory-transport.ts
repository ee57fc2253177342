import type { ClientTransport } from '../../feed/client-transport.ts';
import { serverFrameDecoder } from '../../shared/codec/codecs.ts';
import type { ServerMessage, SymbolMeta } from '../../shared/protocol.ts';

/**
 * A ClientTransport in memory, for unit tests of a client connection
 * without a socket: it keeps what was sent, and the test sets how many
 * bytes are "unsent" to play a slow reader.
 */
export class MemoryTransport implements ClientTransport {
  sent: { data: string | Uint8Array; binary: boolean }[] = [];
  bufferedAmount = 0;
  isOpen = true;
  closedWith: { code: number; reason: string } | null = null;
  terminated = false;
  pings = 0;
  private pong: (() => void) | null = null;

  constructor(readonly protocol = '') {}

  send(data: string | Uint8Array, binary: boolean): void {
    this.sent.push({ data, binary });
  }
  sendFramed(): boolean {
    return false; // falls back to send(), so the test sees the payload
  }
  ping(): void {
    this.pings++;
  }
  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
    this.isOpen = false;
  }
  terminate(): void {
    this.terminated = true;
    this.isOpen = false;
  }
  onPong(listener: () => void): void {
    this.pong = listener;
  }
  answerPing(): void {
    this.pong?.();
  }

  /** Everything sent, decoded (binary frames with the universe's codec), and forgotten. */
  take(symbols: readonly SymbolMeta[] = []): ServerMessage[] {
    const decode = serverFrameDecoder(symbols);
    const messages = this.sent.map(({ data, binary }) => decode(binary || typeof data === 'string' ? data : new TextDecoder().decode(data)));
    this.sent = [];
    return messages;
  }
}
