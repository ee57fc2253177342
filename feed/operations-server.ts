import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { parseRequestTarget } from './request-target.ts';
import { sendText } from './security-headers.ts';

export interface OperationsServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * /healthz and /metrics for a process that serves no browsers (the feed on
 * Redis): the same answers an edge gives on its main port, on a port of
 * its own. Everything else is 404; only GET and HEAD.
 */
export async function startOperationsServer(options: {
  host: string;
  port: number;
  health: () => { ready: boolean; body: Record<string, unknown> };
  registry: Registry;
}): Promise<OperationsServer> {
  const server: Server = createServer({ headersTimeout: 10_000, requestTimeout: 10_000 }, (req, res) => {
    const target = parseRequestTarget(req.url);
    if (!target.ok) return sendText(res, 400, `Bad request: ${target.reason}\n`, { Connection: 'close' });
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
    if (target.pathname === '/healthz') {
      const { ready, body } = options.health();
      return sendText(res, ready ? 200 : 503, `${JSON.stringify({ status: ready ? 'ready' : 'not ready', ...body })}\n`, { 'Content-Type': 'application/json; charset=utf-8' });
    }
    if (target.pathname === '/metrics') {
      void options.registry.metrics().then(
        (text) => sendText(res, 200, text, { 'Content-Type': options.registry.contentType }),
        () => sendText(res, 500, 'Metrics are not available\n'),
      );
      return;
    }
    sendText(res, 404, 'Not found: this port answers /healthz and /metrics\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
