import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode } from '../shared/error-codes.ts';
import { ClientSession } from './client-session.ts';
import type { Feed } from './feed.ts';
import { sendText, staticFiles } from './static-files.ts';

export const WEBSOCKET_PATH = '/ws';

export interface ServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Directory of the built web app; null serves only the WebSocket. */
  staticDir: string | null;
  /** Largest frame a client may send, in bytes; larger ones close the connection with 1009. */
  maxPayload?: number;
  /** Connections beyond this are refused with 503 at the upgrade. */
  maxClients?: number;
  /** See SessionLimits.maxBufferedBytes. */
  maxBufferedBytes?: number;
}

export const SERVER_DEFAULTS = {
  maxPayload: 64 * 1024,
  maxClients: 10_000,
  maxBufferedBytes: 16 * 1024 * 1024,
} as const;

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly clientCount: () => number;
  /** Closes every client with 1001 and stops listening. */
  close(): Promise<void>;
}

/** Serves the web app over HTTP and the feed at /ws, on one port. */
export async function startServer(feed: Feed<ClientSession>, options: ServerOptions): Promise<RunningServer> {
  const maxClients = options.maxClients ?? SERVER_DEFAULTS.maxClients;
  const limits = { maxBufferedBytes: options.maxBufferedBytes ?? SERVER_DEFAULTS.maxBufferedBytes };
  const serveStatic = options.staticDir ? staticFiles(options.staticDir) : null;

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayload ?? SERVER_DEFAULTS.maxPayload,
    // Compression costs CPU per client per frame and defeats serialize-once fan-out.
    perMessageDeflate: false,
    clientTracking: true,
  });

  const http = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname === WEBSOCKET_PATH) {
      sendText(res, 426, 'This endpoint speaks WebSocket only.\n', { Upgrade: 'websocket', Connection: 'Upgrade' });
    } else if (serveStatic && (req.method === 'GET' || req.method === 'HEAD')) {
      serveStatic(req, res);
    } else {
      sendText(res, serveStatic ? 405 : 404, serveStatic ? 'Method not allowed\n' : 'Not found\n');
    }
  });

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname !== WEBSOCKET_PATH) return rejectUpgrade(socket, 404, 'Not Found');
    if (wss.clients.size >= maxClients) return rejectUpgrade(socket, 503, 'Service Unavailable');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    const session = new ClientSession(ws, feed, limits);
    ws.on('message', (data, isBinary) => session.receive(data, isBinary));
    ws.on('close', () => session.closed());
    ws.on('error', () => session.closed());
    session.open();
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;

  return {
    url: `http://${hostForUrl}:${port}`,
    port,
    clientCount: () => wss.clients.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.close(CloseCode.GoingAway, 'server shutting down');
        // Give close frames a moment to flush, then cut whatever is left.
        const force = setTimeout(() => {
          for (const ws of wss.clients) ws.terminate();
          http.closeAllConnections();
        }, 500);
        force.unref();
        wss.close();
        http.close(() => {
          clearTimeout(force);
          resolve();
        });
        http.closeIdleConnections();
      }),
  };
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
