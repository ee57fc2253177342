import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode } from '../shared/error-codes.ts';
import { BINARY_SUBPROTOCOL, JSON_SUBPROTOCOL } from '../shared/ticks-codec.ts';
import { ClientSession, DEFAULT_SESSION_LIMITS, type SessionLimits } from './client-session.ts';
import type { Feed } from './feed.ts';
import { sendText, staticFiles } from './static-files.ts';
import { UpgradePolicy } from './upgrade-policy.ts';

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
  /** Connections from one address beyond this are refused with 429. */
  maxClientsPerIp?: number;
  /** Extra origins allowed besides the page's own and localhost; see UpgradePolicyOptions. */
  allowedOrigins?: readonly string[];
  /** Require this token at the upgrade (401 otherwise). */
  token?: string | null;
  /** The server pings every client this often; two missed pongs terminate it. */
  pingIntervalMs?: number;
  session?: Partial<SessionLimits>;
  /** Where operator notes go (a dropped slow consumer, a rate-limited client). */
  log?: (line: string) => void;
}

export const SERVER_DEFAULTS = {
  maxPayload: 64 * 1024,
  maxClients: 10_000,
  maxClientsPerIp: 200,
  pingIntervalMs: 10_000,
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
  const limits: SessionLimits = { ...DEFAULT_SESSION_LIMITS, ...options.session };
  const serveStatic = options.staticDir ? staticFiles(options.staticDir) : null;
  const policy = new UpgradePolicy({
    allowedOrigins: options.allowedOrigins ?? [],
    token: options.token ?? null,
    maxClients: options.maxClients ?? SERVER_DEFAULTS.maxClients,
    maxClientsPerIp: options.maxClientsPerIp ?? SERVER_DEFAULTS.maxClientsPerIp,
  });
  const sessions = new Set<ClientSession>();

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayload ?? SERVER_DEFAULTS.maxPayload,
    // Compression costs CPU per client per frame and defeats serialize-once fan-out.
    perMessageDeflate: false,
    clientTracking: true,
    // Binary ticks when the client offers them; JSON when it asks for JSON or names no protocol.
    handleProtocols: (offered: Set<string>) => (offered.has(BINARY_SUBPROTOCOL) ? BINARY_SUBPROTOCOL : offered.has(JSON_SUBPROTOCOL) ? JSON_SUBPROTOCOL : false),
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
    const verdict = policy.check(req);
    if (!verdict.ok) return rejectUpgrade(socket, verdict.status, verdict.reason);
    const release = policy.admit(req);
    socket.once('close', release);
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    const address = req.socket.remoteAddress ?? 'unknown';
    const session = new ClientSession(ws, feed, limits, (line) => options.log?.(`tickwall: ${address}: ${line}`));
    sessions.add(session);
    const release = () => {
      session.release();
      sessions.delete(session);
    };
    ws.on('message', (data, isBinary) => session.receive(data, isBinary));
    ws.on('close', release);
    ws.on('error', release);
    session.open();
  });

  const heartbeats = setInterval(() => {
    if (sessions.size === 0) return;
    const frame = feed.heartbeatFrame();
    for (const session of sessions) session.heartbeat(frame);
  }, feed.heartbeatMs);
  const pings = setInterval(() => sessions.forEach((session) => session.ping()), options.pingIntervalMs ?? SERVER_DEFAULTS.pingIntervalMs);

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
        clearInterval(heartbeats);
        clearInterval(pings);
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
