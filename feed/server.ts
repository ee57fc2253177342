import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CloseCode } from '../shared/error-codes.ts';
import { chooseSubprotocol } from '../shared/codec/codecs.ts';
import { ClientConnection, DEFAULT_CLIENT_LIMITS, type ClientLimits } from './client-connection.ts';
import { wsTransport } from './client-transport.ts';
import type { Edge } from './edge.ts';
import { DEFAULT_FRAME_LIMITS, FrameGuard, type FrameLimits } from './frame-guard.ts';
import { HostPolicy } from './host-policy.ts';
import { parseRequestTarget } from './request-target.ts';
import { SECURITY_HEADERS, sendText } from './security-headers.ts';
import { staticFiles } from './static-files.ts';
import { TcpGuard, type TcpLimits } from './tcp-guard.ts';
import { UpgradePolicy } from './upgrade-policy.ts';
import { addressGroup } from './address-group.ts';
import { DEFAULT_FAIR_WORK_LIMITS, FairWorkQueue, type FairWorkLimits } from './work-queue.ts';
import { FeedMetrics } from './metrics.ts';

export const WEBSOCKET_PATH = '/ws';
/** For load balancers and process supervisors: 200 when this process can serve, 503 and why when not. */
export const HEALTH_PATH = '/healthz';
/** Prometheus text format. */
export const METRICS_PATH = '/metrics';

export interface ServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Directory of the built web app; null serves only the WebSocket. */
  staticDir: string | null;
  /** Largest message a client may send, in bytes; larger ones close the connection with 1009. */
  maxPayload?: number;
  /** WebSocket connections beyond this are refused with 503 at the upgrade. */
  maxClients?: number;
  /** WebSocket connections from one address (an IPv6 /64 counts as one) beyond this are refused with 429. */
  maxClientsPerIp?: number;
  /** Extra origins allowed besides the page's own and localhost; see UpgradePolicyOptions. */
  allowedOrigins?: readonly string[];
  /** Host names the server answers besides loopback and its bound address; see HostPolicy. */
  allowedHosts?: readonly string[];
  /** Require this token at the upgrade (401 otherwise). */
  token?: string | null;
  /** The server pings every client this often; two missed pongs terminate it. */
  pingIntervalMs?: number;
  /** TCP connections, before any request is read; defaults follow maxClients and maxClientsPerIp. */
  connections?: Partial<TcpLimits>;
  /** A request must send its headers within this long, and all of it within requestTimeoutMs. */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  frames?: Partial<FrameLimits>;
  /** How client requests that cost work are shared out (see work-queue.ts). */
  work?: Partial<FairWorkLimits>;
  client?: Partial<ClientLimits>;
  /** Where operator notes go (a dropped slow consumer, a rate-limited client). */
  log?: (line: string) => void;
  /** What /healthz says this process is: the all-in-one `serve`, or an `edge` of a feed on Redis. */
  role?: 'serve' | 'edge';
  /**
   * Listen only once the stream has started (the default). An edge on Redis
   * listens at once, so /healthz can say it is waiting; until the stream
   * starts WebSocket clients get 503 and retry.
   */
  waitForStream?: boolean;
}

export const SERVER_DEFAULTS = {
  maxPayload: 64 * 1024,
  maxClients: 10_000,
  maxClientsPerIp: 200,
  pingIntervalMs: 10_000,
  /** Room for page loads and asset requests beside the WebSockets. */
  extraConnections: 1000,
  extraConnectionsPerIp: 64,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxHeaderBytes: 16 * 1024,
  /** Requests one connection may have waiting for their responses (HTTP pipelining); more close the connection. */
  maxPipelined: 4,
} as const;

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly clientCount: () => number;
  /** This process's metrics (also served at /metrics), for a bus that reports its own (Redis round trips). */
  readonly metrics: FeedMetrics;
  /** Closes every client with 1001 and stops listening. */
  close(): Promise<void>;
}

const ALLOWED_METHODS = 'GET, HEAD';

/** Serves the web app over HTTP and an edge's stream at /ws, on one port; resolves once the stream has started. */
export async function startServer(edge: Edge, options: ServerOptions): Promise<RunningServer> {
  const attached = edge.attach();
  if (options.waitForStream !== false) await attached;
  const limits: ClientLimits = { ...DEFAULT_CLIENT_LIMITS, ...options.client };
  const frameLimits: FrameLimits = { ...DEFAULT_FRAME_LIMITS, ...options.frames };
  const maxClients = options.maxClients ?? SERVER_DEFAULTS.maxClients;
  const maxClientsPerIp = options.maxClientsPerIp ?? SERVER_DEFAULTS.maxClientsPerIp;
  const serveStatic = options.staticDir ? staticFiles(options.staticDir) : null;
  const hosts = new HostPolicy(options.host, options.allowedHosts ?? []);
  const policy = new UpgradePolicy({ allowedOrigins: options.allowedOrigins ?? [], token: options.token ?? null, maxClients, maxClientsPerIp });
  const guard = new TcpGuard({
    maxConnections: maxClients + SERVER_DEFAULTS.extraConnections,
    maxPerAddress: maxClientsPerIp + SERVER_DEFAULTS.extraConnectionsPerIp,
    ...options.connections,
  });
  const log = (line: string) => options.log?.(`tickwall: ${line}`);
  const connections = new Set<ClientConnection>();
  const metrics = new FeedMetrics({
    clients: () => connections.size,
    groups: () => edge.hub.groupCount,
    seq: () => edge.seq,
    lagSeconds: () => edge.health().lagSeconds,
  });
  const role = options.role ?? 'serve';
  const work = new FairWorkQueue({ ...DEFAULT_FAIR_WORK_LIMITS, ...options.work }, (error) => log(`a queued request failed: ${(error as Error).stack ?? String(error)}`));

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayload ?? SERVER_DEFAULTS.maxPayload,
    // Compression costs CPU per client per frame and defeats serialize-once fan-out.
    perMessageDeflate: false,
    clientTracking: true,
    // Binary ticks when the client offers them; JSON when it asks for JSON or names no protocol.
    handleProtocols: (offered: Set<string>) => chooseSubprotocol(offered),
  });
  wss.on('error', (error) => log(`websocket server error: ${error.message}`));

  const headersTimeoutMs = options.headersTimeoutMs ?? SERVER_DEFAULTS.headersTimeoutMs;
  const http = createServer({
    maxHeaderSize: SERVER_DEFAULTS.maxHeaderBytes,
    headersTimeout: headersTimeoutMs,
    requestTimeout: Math.max(headersTimeoutMs, options.requestTimeoutMs ?? SERVER_DEFAULTS.requestTimeoutMs),
    keepAliveTimeout: SERVER_DEFAULTS.keepAliveTimeoutMs,
    // How often the two timeouts above are enforced (Node's default is 30 s).
    connectionsCheckingInterval: Math.min(1000, headersTimeoutMs),
  });
  // A connection with no traffic either way goes after the header timeout too: one that sends nothing, and one whose
  // client has stopped reading its answers (pipelined requests it never reads), which is no progress either.
  http.setTimeout(headersTimeoutMs);
  http.on('connection', (socket: Socket) => guard.admit(socket));

  // Pipelined requests are answered in order, so each waiting one holds its response in memory: a few at a time.
  const inFlight = new WeakMap<Socket, number>();
  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    guard.markActive(req.socket);
    const waiting = (inFlight.get(req.socket) ?? 0) + 1;
    inFlight.set(req.socket, waiting);
    res.once('close', () => inFlight.set(req.socket, (inFlight.get(req.socket) ?? 1) - 1));
    if (waiting > SERVER_DEFAULTS.maxPipelined) return void req.socket.destroy();
    try {
      handleRequest(req, res);
    } catch (error) {
      log(`request failed: ${(error as Error).message}`);
      sendText(res, 500, 'Internal error\n', { Connection: 'close' });
    }
  });

  function handleRequest(req: IncomingMessage, res: ServerResponse): void {
    const target = parseRequestTarget(req.url);
    if (!target.ok) return sendText(res, 400, `Bad request: ${target.reason}\n`, { Connection: 'close' });
    if (hostHeaders(req) > 1) return sendText(res, 400, 'Bad request: more than one Host header\n', { Connection: 'close' });
    if (!hosts.allows(req.headers.host) || (target.authority !== null && !hosts.allows(target.authority))) {
      return sendText(res, 403, 'Forbidden: this server does not answer to that Host name (see --allow-host)\n', { Connection: 'close' });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed\n', { Allow: ALLOWED_METHODS, Connection: 'close' });
    // Nothing here takes a body; refusing it at once means a slow body cannot hold the connection.
    if (hasBody(req)) return sendText(res, 413, 'Request bodies are not accepted\n', { Connection: 'close' });
    if (target.pathname === WEBSOCKET_PATH) return sendText(res, 426, 'This endpoint speaks WebSocket only.\n', { Upgrade: 'websocket', Connection: 'Upgrade' });
    if (target.pathname === HEALTH_PATH) return sendHealth(res);
    if (target.pathname === METRICS_PATH) return void sendMetrics(res);
    if (!serveStatic) return sendText(res, 404, 'Not found\n');
    serveStatic(req, res, target.pathname);
  }

  function sendHealth(res: ServerResponse): void {
    const health = edge.health();
    const body = {
      status: health.ready ? 'ready' : 'not ready',
      problems: health.problems,
      role,
      mode: health.ready ? edge.info.mode : null,
      epoch: edge.epoch,
      seq: edge.seq,
      clients: connections.size,
      lagSeconds: health.lagSeconds,
    };
    sendText(res, health.ready ? 200 : 503, `${JSON.stringify(body)}\n`, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  }

  async function sendMetrics(res: ServerResponse): Promise<void> {
    try {
      sendText(res, 200, await metrics.text(), { 'Content-Type': metrics.contentType, 'Cache-Control': 'no-store' });
    } catch (error) {
      log(`metrics failed: ${(error as Error).message}`);
      if (!res.headersSent) sendText(res, 500, 'Metrics are not available\n');
    }
  }

  // With a listener here, Node no longer answers malformed requests itself; answer as it would, with our headers.
  http.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (socket as Socket).bytesWritten > 0) return void socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n${headerLines()}\r\n`);
  });

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    guard.markActive(socket as Socket);
    // Until ws adopts the socket, nothing else listens for its errors (a reset here must not end the process).
    socket.on('error', () => socket.destroy());
    try {
      handleUpgrade(req, socket, head);
    } catch (error) {
      log(`upgrade failed: ${(error as Error).message}`);
      rejectUpgrade(socket, 500, 'Internal Server Error');
    }
  });

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const target = parseRequestTarget(req.url);
    if (!target.ok || hostHeaders(req) > 1) return rejectUpgrade(socket, 400, 'Bad Request');
    if (!hosts.allows(req.headers.host) || (target.authority !== null && !hosts.allows(target.authority))) return rejectUpgrade(socket, 403, 'Forbidden');
    if (target.pathname !== WEBSOCKET_PATH) return rejectUpgrade(socket, 404, 'Not Found');
    if (!edge.isStarted) return rejectUpgrade(socket, 503, 'Service Unavailable');
    const verdict = policy.check(req, target.searchParams);
    if (!verdict.ok) return rejectUpgrade(socket, verdict.status, verdict.reason);
    const release = policy.admit(req);
    socket.once('close', release);
    // The frame guard reads each chunk before ws does, so a violation stops the client before ws buffers more.
    let connection: ClientConnection | null = null;
    let violation: string | null = null;
    const frames = new FrameGuard(frameLimits, (reason) => {
      violation = reason;
      (socket as Socket).pause();
      if (connection) connection.violation(reason);
      else socket.destroy();
    });
    socket.prependListener('data', (chunk: Buffer) => frames.scan(chunk));
    if (head.length > 0) frames.scan(head);
    if (violation !== null) return;
    wss.handleUpgrade(req, socket, head, (ws) => {
      connection = openConnection(ws, req);
    });
  }

  function openConnection(ws: WebSocket, req: IncomingMessage): ClientConnection {
    const address = req.socket.remoteAddress ?? 'unknown';
    const connection = new ClientConnection(wsTransport(ws), edge, limits, (line) => log(`${address}: ${line}`), Date.now, work, addressGroup(address), metrics);
    connections.add(connection);
    const release = () => {
      connection.release();
      connections.delete(connection);
    };
    ws.on('message', (data, isBinary) => connection.receive(isBinary ? null : rawToString(data)));
    ws.on('close', release);
    ws.on('error', release);
    connection.open();
    return connection;
  }

  // A heartbeat every heartbeatMs, and one at once when the edge starts or stops being able to serve live
  // data (its stale reason), so screens say STALE within a fraction of a second of the edge knowing it.
  let lastBeatAt = 0;
  let lastStale = false;
  const heartbeats = setInterval(
    () => {
      const stale = !edge.health().ready;
      const now = Date.now();
      if (stale === lastStale && now - lastBeatAt < edge.heartbeatMs) return;
      lastBeatAt = now;
      lastStale = stale;
      if (connections.size === 0) return;
      const frame = edge.heartbeatFrame();
      for (const connection of connections) connection.heartbeat(frame);
    },
    Math.min(250, edge.heartbeatMs),
  );
  const pings = setInterval(() => connections.forEach((connection) => connection.ping()), options.pingIntervalMs ?? SERVER_DEFAULTS.pingIntervalMs);

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  // After listening, a server error (e.g. EMFILE when accepting) is reported, not fatal.
  http.on('error', (error) => log(`server error: ${error.message}`));
  const port = (http.address() as AddressInfo).port;
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;

  return {
    url: `http://${hostForUrl}:${port}`,
    port,
    clientCount: () => wss.clients.size,
    metrics,
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

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

/** RFC 9112 3.2: a request with more than one Host header is invalid. */
function hostHeaders(req: IncomingMessage): number {
  let count = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === 'host') count++;
  return count;
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function headerLines(): string {
  return Object.entries(SECURITY_HEADERS)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  if (!socket.writable) return void socket.destroy();
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n${headerLines()}\r\n`);
}
