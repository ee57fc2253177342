import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy on loopback that can stall every connection it carries:
 * bytes stop flowing both ways but no socket is closed, like a Wi-Fi drop
 * or a sleeping laptop. New connections made after a stall flow normally.
 */
export class StallProxy {
  private readonly pairs = new Set<[Socket, Socket]>();
  private readonly stalled = new Set<[Socket, Socket]>();
  private readonly websockets = new WeakSet<Socket>();
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(targetPort: number): Promise<StallProxy> {
    let proxy: StallProxy | undefined;
    const server = createServer((client) => {
      const upstream = connect(targetPort, '127.0.0.1');
      client.pipe(upstream);
      upstream.pipe(client);
      const pair: [Socket, Socket] = [client, upstream];
      proxy!.pairs.add(pair);
      client.once('data', (chunk: Buffer) => {
        if (chunk.toString('latin1', 0, 8).startsWith('GET /ws')) proxy!.websockets.add(client);
      });
      const drop = () => {
        proxy!.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', drop);
      upstream.on('error', drop);
      client.on('close', drop);
      upstream.on('close', drop);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new StallProxy(server, (server.address() as AddressInfo).port);
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * Stops the flow on every open connection, without closing anything: the
   * client hears nothing more, and what the server sends is lost on the way
   * (as with dropped packets). Resolves, per WebSocket connection, with how
   * long the server took to give up on it and close its side.
   */
  stallAll(): Promise<number>[] {
    const stalledAt = Date.now();
    const closedByServer: Promise<number>[] = [];
    for (const [client, upstream] of this.pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.removeAllListeners('close');
      upstream.on('data', () => {});
      const closed = new Promise<number>((resolve) => upstream.once('close', () => resolve(Date.now() - stalledAt)));
      if (this.websockets.has(client)) closedByServer.push(closed);
      upstream.resume();
      this.stalled.add([client, upstream]);
    }
    this.pairs.clear();
    return closedByServer;
  }

  async close(): Promise<void> {
    for (const [client, upstream] of [...this.pairs, ...this.stalled]) {
      client.destroy();
      upstream.destroy();
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
