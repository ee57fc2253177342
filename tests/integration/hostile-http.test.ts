import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnFeed } from '../support/feed-process.ts';
import { halfOpen, header, rawRequest } from '../support/raw-http.ts';
import { startTestFeed, type TestFeed } from '../support/test-feed.ts';
import { TestClient } from '../support/ws-test-client.ts';

let feed: TestFeed;
let port: number;
const UPGRADE = 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';

beforeAll(async () => {
  const dist = mkdtempSync(join(tmpdir(), 'tickwall-hostile-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>tickwall</title>');
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'assets', 'big.js'), 'x'.repeat(4_000_000));
  feed = await startTestFeed({ staticDir: dist, allowedHosts: ['wall.example.com'], headersTimeoutMs: 400, connections: { maxPerAddress: 40 } });
  port = feed.server.port;
});
afterAll(() => feed.close());

/** A normal page load and a normal WebSocket client both still work. */
async function stillServing(): Promise<void> {
  const page = await rawRequest(port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
  expect(page.status).toBe(200);
  const client = await TestClient.connect(feed.server.url);
  await client.next('hello');
  await client.close();
}

describe('requests that used to kill the process', () => {
  it.each([
    ['GET // HTTP/1.1', 404],
    ['HEAD // HTTP/1.1', 404],
    ['POST // HTTP/1.1', 405],
    ['GET //x:99999/ HTTP/1.1', 404],
    ['GET /%E0%A4%A HTTP/1.1', 404],
  ])('%s gets %i and the server keeps serving', async (line, status) => {
    const response = await rawRequest(port, `${line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    expect(response.status).toBe(status);
    await stillServing();
  });

  it('an upgrade on // gets 404 and the server keeps serving', async () => {
    expect((await rawRequest(port, `GET // HTTP/1.1\r\nHost: 127.0.0.1\r\n${UPGRADE}\r\n`)).status).toBe(404);
    await stillServing();
  });

  it('a real tickwall process survives them too', async () => {
    const process = await spawnFeed(['--rate', '10']);
    const processPort = Number(new URL(process.url).port);
    try {
      for (const line of ['GET //', 'HEAD //', 'POST //', 'GET //x:99999/']) await rawRequest(processPort, `${line} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      await rawRequest(processPort, `GET // HTTP/1.1\r\nHost: 127.0.0.1\r\n${UPGRADE}\r\n`);
      const response = await rawRequest(processPort, 'GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
      expect(response.status).toBe(426);
      expect(process.process.exitCode).toBeNull();
    } finally {
      await process.stop();
    }
  });
});

describe('HTTP errors that name the problem', () => {
  it('answers methods other than GET and HEAD with 405 and an Allow header', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
      const response = await rawRequest(port, `${method} / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n`);
      expect(response.status, method).toBe(405);
      expect(header(response.head, 'Allow')).toBe('GET, HEAD');
    }
  });

  it('refuses a request body with 413 at once, so a slow body cannot hold the connection', async () => {
    const response = await rawRequest(port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\nabc', { timeoutMs: 1000 });
    expect(response.status).toBe(413);
  });

  it('answers oversized headers with 431 and a malformed request or unknown method with 400', async () => {
    expect((await rawRequest(port, 'FOO / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')).status).toBe(400);
    expect((await rawRequest(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)).status).toBe(431);
    expect((await rawRequest(port, 'NOT HTTP AT ALL\r\n\r\n')).status).toBe(400);
    expect((await rawRequest(port, 'GET * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')).status).toBe(400);
  });

  it('sends the security headers on every response, errors included', async () => {
    for (const request of ['GET / HTTP/1.1', 'GET /missing HTTP/1.1', 'POST / HTTP/1.1']) {
      const response = await rawRequest(port, `${request}\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      expect(header(response.head, 'X-Frame-Options'), request).toBe('DENY');
      const csp = header(response.head, 'Content-Security-Policy') ?? '';
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(csp).toMatch(/connect-src 'self';/);
    }
  });
});

describe('pipelined and odd requests', () => {
  it('a connection that pipelines thousands of requests and reads nothing is cut, and holds nothing', async () => {
    const { connect } = await import('node:net');
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.pause();
    let closedAt = 0;
    socket.once('close', () => (closedAt = Date.now()));
    socket.on('error', () => {});
    socket.write('GET /assets/big.js HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'.repeat(2000));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await stillServing();
    // A paused socket only sees its end once it reads: the server must already have closed it.
    const resumedAt = Date.now();
    socket.resume();
    while (closedAt === 0 && Date.now() - resumedAt < 4000) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closedAt - resumedAt).toBeLessThan(1000);
  });

  it('closes an HTTP connection whose client stops reading its answers (no progress within the idle timeout)', async () => {
    const { connect } = await import('node:net');
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.pause();
    let closedAt = 0;
    socket.once('close', () => (closedAt = Date.now()));
    socket.on('error', () => {});
    socket.write('GET /assets/big.js HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'.repeat(3));
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const resumedAt = Date.now();
    socket.resume();
    while (closedAt === 0 && Date.now() - resumedAt < 6000) await new Promise((resolve) => setTimeout(resolve, 20));
    // Reading what was already in flight takes a moment; a connection kept open would last the 5 s keep-alive.
    expect(closedAt - resumedAt).toBeLessThan(2000);
  });

  it('answers a Range request with the whole file, never a malformed partial response', async () => {
    for (const range of ['bytes=50-10', 'bytes=-100', 'bytes=0-0', 'bytes=0-1,5-9']) {
      const response = await rawRequest(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: ${range}\r\nConnection: close\r\n\r\n`);
      expect(response.status, range).toBe(200);
      expect(Number(header(response.head, 'Content-Length'))).toBeGreaterThan(0);
    }
  });

  it('refuses an absolute-form target naming another host, and two Host headers', async () => {
    expect((await rawRequest(port, 'GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')).status).toBe(403);
    expect((await rawRequest(port, `GET http://127.0.0.1:${port}/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`)).status).toBe(200);
    expect((await rawRequest(port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n')).status).toBe(400);
  });

  it('answers If-None-Match with 304', async () => {
    const first = await rawRequest(port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    const etag = header(first.head, 'ETag')!;
    expect((await rawRequest(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match: ${etag}\r\nConnection: close\r\n\r\n`)).status).toBe(304);
  });
});

describe('DNS rebinding', () => {
  it('refuses a Host the server is not known by, for pages and WebSockets alike', async () => {
    expect((await rawRequest(port, 'GET / HTTP/1.1\r\nHost: evil.example:8080\r\n\r\n')).status).toBe(403);
    expect((await rawRequest(port, `GET /ws HTTP/1.1\r\nHost: evil.example:${port}\r\nOrigin: http://evil.example:${port}\r\n${UPGRADE}\r\n`)).status).toBe(403);
    expect((await rawRequest(port, 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')).status).toBe(200);
    expect((await rawRequest(port, 'GET / HTTP/1.1\r\nHost: wall.example.com\r\nConnection: close\r\n\r\n')).status).toBe(200);
  });

  it('a page of the rebound origin cannot open a WebSocket, so it cannot steer a replay', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { Host: `evil.example:${port}`, Origin: `http://evil.example:${port}` } });
    const status = await new Promise<number>((resolve) => socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(403);
  });
});

describe('slow and many connections', () => {
  it('closes a half-open request after the header timeout', async () => {
    const socket = await halfOpen(port);
    const started = Date.now();
    await new Promise((resolve) => socket.on('close', resolve));
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a flood of half-open requests from one address does not stop new clients from another', async () => {
    const flood = await Promise.all(Array.from({ length: 120 }, () => halfOpen(port, '127.0.0.2').catch(() => null)));
    try {
      await stillServing();
    } finally {
      flood.forEach((socket) => socket?.destroy());
    }
  });
});

describe('property: no request line, path, header or upgrade stops the server', () => {
  const token = fc.stringMatching(/^[!-~]{0,12}$/);
  const method = fc.oneof(fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'OPTIONS', 'CONNECT', 'TRACE', 'DELETE'), token);
  const path = fc.oneof(
    fc.constantFrom('/', '//', '/ws', '//ws', '/wall', '*', '/%', '/%ZZ', '/..', '/../../etc/passwd', '//x:99999/', 'http://[::1', 'http://a:b@c/'),
    fc.webPath(),
    fc.string({ maxLength: 40 }).map((s) => `/${s}`),
    fc.stringMatching(/^[!-~]{0,60}$/),
  );
  const headerLine = fc.oneof(
    fc.constantFrom('Host: 127.0.0.1', 'Host: evil.example', 'Host:', 'Host: [::1', 'Origin: null', 'Origin: http://evil.example', 'Content-Length: -1', 'Content-Length: 99999999999', 'Transfer-Encoding: chunked', 'Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: x', 'Sec-WebSocket-Protocol: tickwall.binary.v1, tickwall.json.v1', 'Authorization: Bearer x'),
    fc.tuple(token, fc.stringMatching(/^[ -~]{0,40}$/)).map(([name, value]) => `${name}: ${value}`),
  );
  const request = fc.tuple(method, path, fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', ''), fc.array(headerLine, { maxLength: 8 }), fc.boolean()).map(
    ([m, p, version, headers, upgrade]) => `${m} ${p} ${version}\r\n${headers.join('\r\n')}${headers.length ? '\r\n' : ''}${upgrade ? UPGRADE : ''}\r\n`,
  );

  it('answers each with an HTTP status or a close, then serves a normal client', async () => {
    const samples = fc.sample(request, { numRuns: 1000, seed: 20261122 });
    for (let i = 0; i < samples.length; i += 30) {
      const responses = await Promise.all(samples.slice(i, i + 30).map((raw) => rawRequest(port, raw, { timeoutMs: 1500 })));
      for (const [k, response] of responses.entries()) {
        if (response.status !== null) expect(response.status, JSON.stringify(samples[i + k])).toBeLessThan(600);
      }
      await stillServing();
    }
  }, 60_000);
});
