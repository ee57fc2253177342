import type { WebSocket } from 'ws';
import { writeFrame } from './websocket-frame.ts';

/**
 * What a client connection needs of its socket. The server adapts a ws
 * WebSocket to it (wsTransport); unit tests drive a connection through an
 * in-memory one, with no socket at all.
 */
export interface ClientTransport {
  /** The negotiated subprotocol ('' when none). */
  readonly protocol: string;
  /** Bytes written but not yet handed to the network. */
  readonly bufferedAmount: number;
  readonly isOpen: boolean;
  send(data: string | Uint8Array, binary: boolean): void;
  /** Writes a complete frame shared with other clients (see websocket-frame.ts); false if it could not. */
  sendFramed(frame: Buffer): boolean;
  ping(): void;
  close(code: number, reason: string): void;
  terminate(): void;
  onPong(listener: () => void): void;
}

export function wsTransport(socket: WebSocket): ClientTransport {
  return {
    get protocol() {
      return socket.protocol;
    },
    get bufferedAmount() {
      return socket.bufferedAmount;
    },
    get isOpen() {
      return socket.readyState === socket.OPEN;
    },
    send: (data, binary) => socket.send(data, { binary }),
    sendFramed: (frame) => writeFrame(socket, frame),
    ping: () => socket.ping(),
    close: (code, reason) => socket.close(code, reason),
    terminate: () => socket.terminate(),
    onPong: (listener) => socket.on('pong', listener),
  };
}
