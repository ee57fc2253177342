import WebSocket from 'ws';
import type { ServerMessage } from '../../shared/protocol.ts';

type MessageOf<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

/** A real `ws` client that queues every server message so tests can await them in order. */
export class TestClient {
  readonly received: ServerMessage[] = [];
  /** Heartbeats are counted here rather than queued, so tests await only what they are about. */
  heartbeats = 0;
  /** The newest heartbeat (its `stale` says whether the server can serve live data). */
  lastHeartbeat: Extract<ServerMessage, { type: 'heartbeat' }> | null = null;
  private cursor = 0;
  private waiters: (() => void)[] = [];
  closeCode: number | null = null;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as ServerMessage;
      if (message.type === 'heartbeat') {
        this.heartbeats++;
        this.lastHeartbeat = message;
      }
      else this.received.push(message);
      this.wake();
    });
    socket.on('close', (code) => {
      this.closeCode = code;
      this.wake();
    });
  }

  static async connect(url: string, path = '/ws', options: WebSocket.ClientOptions = {}): Promise<TestClient> {
    const socket = new WebSocket(url.replace(/^http/, 'ws') + path, options);
    // Listen before 'open': the server's hello can arrive in the same read as the handshake.
    const client = new TestClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next message, which must be of the given type. */
  async next<T extends ServerMessage['type']>(type: T, timeoutMs = 5000): Promise<MessageOf<T>> {
    const message = await this.nextAny(timeoutMs);
    if (message.type !== type) throw new Error(`expected ${type}, got ${JSON.stringify(message).slice(0, 200)}`);
    return message as MessageOf<T>;
  }

  /** The next message of the given type, passing over others (replay status, bars, ticks). */
  async nextOf<T extends ServerMessage['type']>(type: T, timeoutMs = 10_000): Promise<MessageOf<T>> {
    for (;;) {
      const message = await this.nextAny(timeoutMs);
      if (message.type === type) return message as MessageOf<T>;
    }
  }

  async nextAny(timeoutMs = 5000): Promise<ServerMessage> {
    const deadline = Date.now() + timeoutMs;
    while (this.cursor >= this.received.length) {
      if (this.closeCode !== null) throw new Error(`connection closed (${this.closeCode}) while waiting for a message`);
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error('timed out waiting for a message');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.received[this.cursor++]!;
  }

  /** Messages received but not yet taken by next(). */
  drain(): ServerMessage[] {
    const rest = this.received.slice(this.cursor);
    this.cursor = this.received.length;
    return rest;
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
      // A paused or stalled socket never completes the closing handshake.
      setTimeout(() => this.socket.terminate(), 300).unref();
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
  }
}
