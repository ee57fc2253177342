import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { spawnFeed } from '../support/feed-process.ts';

const BIN = fileURLToPath(new URL('../../bin/tickwall.js', import.meta.url));

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('tickwall CLI', () => {
  it('prints help for the command and for serve', () => {
    const top = run('--help');
    expect(top.status).toBe(0);
    expect(top.stdout).toMatch(/serve/);
    const serve = run('serve', '--help');
    expect(serve.status).toBe(0);
    for (const flag of ['--port', '--host', '--symbols', '--universe', '--seed', '--rate', '--batch-ms']) expect(serve.stdout).toContain(flag);
  });

  it.each([
    [['serve', '--port', 'eighty'], /port must be a whole number from 0 to 65535/],
    [['edge'], /required option '--redis <url>' not specified/],
    [['edge', '--redis', 'localhost:6379'], /localhost:6379: a Redis URL starts with redis:\/\/ or rediss:\/\//],
    [['feed', '--redis', 'redis://127.0.0.1:1', '--redis-prefix', 'a b'], /--redis-prefix must be 1 to 64 of/],
    [['serve', '--port', '70000'], /port must be/],
    [['serve', '--rate', '0'], /rate must be a whole number from 1 to 200000/],
    [['serve', '--batch-ms', '1.5'], /batch interval must be/],
    [['serve', '--universe', '6000'], /universe size must be a whole number from 1 to 5000/],
    [['serve', '--symbols', 'AAPL,a b'], /not a valid symbol: A B/],
    [['serve', '--symbols', 'AAPL,AAPL'], /listed twice: AAPL/],
    [['serve', '--symbols', 'AAPL', '--universe', '10'], /cannot be used with/],
    [['serve', '--frobnicate'], /unknown option '--frobnicate'/],
    [['serve', '--token', ''], /token must not be empty/],
    [['serve', '--token', 'two words'], /token must be printable ASCII without spaces/],
    [['serve', '--allow-host', 'evil example'], /not a host name: evil example/],
    [['launch'], /unknown command 'launch'/],
  ])('rejects %j with exit status 2 and a clear message', (args, message) => {
    const result = run(...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('never records over anything but a regular file, even with --force', () => {
    const result = run('record', '--out', '/dev/null', '--duration', '1s', '--force');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/\/dev\/null exists and is not a regular file/);
  });

  it('treats an empty TICKWALL_TOKEN as an error, not as "no authentication"', () => {
    const result = spawnSync(process.execPath, [BIN, 'serve', '--port', '0'], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, TICKWALL_TOKEN: '' } });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/from env 'TICKWALL_TOKEN' is invalid. token must not be empty/);
  });

  it('reports a port already in use as an error, not a crash', async () => {
    const first = await spawnFeed();
    try {
      const port = new URL(first.url).port;
      const second = run('serve', '--port', port);
      expect(second.status).toBe(1);
      expect(second.stderr).toMatch(/address already in use.*--port/);
    } finally {
      await first.stop();
    }
  });

  it('serves a chosen symbol list with the configured batch interval, and exits 0 on SIGTERM after closing clients with 1001', async () => {
    const feed = await spawnFeed(['--symbols', 'AAPL,ZZTOP', '--batch-ms', '100', '--seed', 'demo']);
    const socket = new WebSocket(feed.url.replace('http', 'ws') + '/ws');
    const hello = await new Promise<{ symbols: { symbol: string }[]; batchIntervalMs: number }>((resolve) =>
      socket.once('message', (data) => resolve(JSON.parse(data.toString()))),
    );
    expect(hello.symbols.map((s) => s.symbol)).toEqual(['AAPL', 'ZZTOP']);
    expect(hello.batchIntervalMs).toBe(100);
    expect(feed.output()).toMatch(/generated metadata: ZZTOP/);

    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    const started = Date.now();
    const exitCode = await feed.stop('SIGTERM');
    expect(exitCode).toBe(0);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await closed).toBe(1001);
  });
});
