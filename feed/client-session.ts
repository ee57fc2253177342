import type { RawData, WebSocket } from 'ws';
import { decodeClientMessage } from '../shared/client-message-decoder.ts';
import { CloseCode, ErrorCode } from '../shared/error-codes.ts';
import type { ClientMessage, ControlMessage, ErrorMessage, ServerMessage } from '../shared/protocol.ts';
import type { Subscriber } from './fanout-hub.ts';
import type { Feed } from './feed.ts';

export interface SessionLimits {
  /**
   * A client whose socket holds more unsent bytes than this is too slow to
   * keep up; it is closed with CloseCode.SlowConsumer so server memory stays bounded.
   */
  maxBufferedBytes: number;
}

/** One WebSocket connection: validates what the client sends and applies it to the feed. */
export class ClientSession implements Subscriber {
  constructor(
    private readonly socket: WebSocket,
    private readonly feed: Feed<ClientSession>,
    private readonly limits: SessionLimits,
  ) {}

  open(): void {
    this.feed.hub.add(this);
    this.sendMessage(this.feed.hello());
    if (this.feed.replay) this.sendMessage(this.feed.replay.status());
  }

  closed(): void {
    this.feed.hub.remove(this);
  }

  send(frame: Buffer): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) {
      this.feed.hub.remove(this);
      this.socket.close(CloseCode.SlowConsumer, 'slow consumer: send buffer limit exceeded');
      return;
    }
    this.socket.send(frame, { binary: false });
  }

  backlog(): number {
    return this.socket.bufferedAmount;
  }

  receive(data: RawData, isBinary: boolean): void {
    if (isBinary) {
      this.sendError(ErrorCode.UnsupportedFrame, 'binary frames are not part of protocol version 1; send JSON text');
      return;
    }
    const decoded = decodeClientMessage(rawToString(data));
    if (!decoded.ok) {
      this.sendError(decoded.code, decoded.message);
      return;
    }
    this.apply(decoded.message);
  }

  private apply(message: ClientMessage): void {
    if (message.type === 'control') return this.control(message);
    const known = message.symbols.filter((s) => this.feed.isKnownSymbol(s));
    const unknown = message.symbols.filter((s) => !this.feed.isKnownSymbol(s));
    if (message.type === 'subscribe') {
      const added = this.feed.hub.subscribe(this, known);
      if (added.length > 0) this.sendMessage(this.feed.snapshot(added));
    } else {
      this.feed.hub.unsubscribe(this, known);
    }
    if (unknown.length > 0) {
      const listed = unknown.slice(0, 10).join(', ') + (unknown.length > 10 ? `, and ${unknown.length - 10} more` : '');
      this.sendError(ErrorCode.UnknownSymbol, `not in this feed's universe: ${listed}`, unknown);
    }
  }

  private control(message: ControlMessage): void {
    const replay = this.feed.replay;
    if (!replay) return this.sendError(ErrorCode.NotReplay, 'this feed is live; control messages steer a replay');
    if (!replay.controllable) return this.sendError(ErrorCode.ControlDisabled, 'this replay was started with --no-control');
    const result = replay.control(message);
    if (!result.ok) this.sendError(result.code, result.message);
  }

  private sendError(code: ErrorMessage['code'], message: string, symbols?: string[]): void {
    this.sendMessage(symbols ? { type: 'error', code, message, symbols } : { type: 'error', code, message });
  }

  private sendMessage(message: ServerMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
