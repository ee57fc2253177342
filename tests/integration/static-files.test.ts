import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../feed/server.ts';
import { startTestFeed } from '../support/test-feed.ts';

let server: RunningServer;
let root: string;

async function startWithStaticDir(staticDir: string): Promise<RunningServer> {
  const feed = await startTestFeed({ staticDir, rate: 10 });
  return { ...feed.server, close: feed.close };
}

beforeAll(async () => {
  const base = mkdtempSync(join(tmpdir(), 'tickwall-static-'));
  root = join(base, 'dist');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>tickwall</title>');
  writeFileSync(join(root, 'assets', 'app-123.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), 'do not serve');
  server = await startWithStaticDir(root);
});
afterAll(() => server.close());

/** Raw request, so the path reaches the server exactly as written (fetch would normalise ../). */
function get(path: string, port = server.port): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static file server', () => {
  it('serves the app with security headers and no caching of the HTML', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.body).toContain('<title>tickwall</title>');
    expect(response.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(response.headers['content-security-policy']).not.toMatch(/unsafe-eval/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('caches fingerprinted assets for good', async () => {
    const response = await get('/assets/app-123.js');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toMatch(/immutable/);
  });

  it.each(['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt'])('refuses path traversal: %s', async (path) => {
    const response = await get(path);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('do not serve');
  });

  it('answers unknown paths with 404', async () => {
    expect((await get('/nope')).status).toBe(404);
  });
});

describe('static file server without a build', () => {
  it('keeps serving the feed and explains how to build the app', async () => {
    const unbuilt = await startWithStaticDir(join(tmpdir(), 'tickwall-no-such-dir'));
    try {
      const page = await get('/', unbuilt.port);
      expect(page.status).toBe(503);
      expect(page.body).toMatch(/not built.*npm run build/);
      expect((await get('/assets/x.js', unbuilt.port)).status).toBe(404);
    } finally {
      await unbuilt.close();
    }
  });
});
