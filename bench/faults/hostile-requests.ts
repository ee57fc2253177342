import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { spawnFeed, type FeedProcess, LIVE_CLOCK } from '../../tests/support/feed-process.ts';
import { halfOpen, rawRequest } from '../../tests/support/raw-http.ts';
import { check, sleep } from './checks.ts';
import { upgradeStatus } from './security.ts';

/** A page load and a WebSocket hello from 127.0.0.1, each within 2 s. */
async function normalClientServed(feed: FeedProcess): Promise<boolean> {
  const port = Number(new URL(feed.url).port);
  const page = await rawRequest(port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', { timeoutMs: 2000 });
  if (page.status !== 200) return false;
  return new Promise((resolve) => {
    const socket = new WebSocket(`${feed.url.replace('http', 'ws')}/ws`);
    const timer = setTimeout(() => done(false), 2000);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.terminate();
      resolve(ok);
    };
    socket.on('message', (data: Buffer) => done(JSON.parse(data.toString()).type === 'hello'));
    socket.on('error', () => done(false));
  });
}

/** The request targets that ended the process before, against a real process. */
export async function killerRequests(): Promise<void> {
  const feed = await spawnFeed([...LIVE_CLOCK, '--rate', '100']);
  const port = Number(new URL(feed.url).port);
  try {
    const statuses: string[] = [];
    for (const line of ['GET //', 'HEAD //', 'POST //', 'GET //x:99999/']) {
      statuses.push(`${line} ${(await rawRequest(port, `${line} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`)).status}`);
    }
    const upgrade = await rawRequest(port, 'GET // HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n');
    statuses.push(`upgrade on // ${upgrade.status}`);
    const alive = feed.process.exitCode === null && (await normalClientServed(feed));
    check('the // requests (GET, HEAD, POST, //x:99999/, upgrade)', '404/404/405/404/404, process keeps serving', `${statuses.join(', ')}; ${alive ? 'still serving' : 'NOT serving'}`, alive && statuses.join() === 'GET // 404,HEAD // 404,POST // 405,GET //x:99999/ 404,upgrade on // 404');
  } finally {
    await feed.stop();
  }
}

/**
 * Half-open requests (a request line and a header, then nothing), first from
 * one address, then spread over 50 addresses past the server's connection
 * cap, while a normal client connects from another address.
 */
export async function halfOpenFlood(): Promise<void> {
  const feed = await spawnFeed([...LIVE_CLOCK, '--rate', '100', '--max-clients', '200']);
  const port = Number(new URL(feed.url).port);
  const open = async (count: number, addresses: string[]) => {
    const sockets: (Socket | null)[] = [];
    for (let i = 0; i < count; i++) sockets.push(await halfOpen(port, addresses[i % addresses.length]).catch(() => null));
    return sockets.filter((s): s is Socket => s !== null);
  };
  try {
    const single = await open(2000, ['127.0.0.2']);
    await sleep(200);
    const heldSingle = single.filter((s) => !s.destroyed).length;
    const servedSingle = await normalClientServed(feed);
    check('2,000 half-open requests from one address', 'capped per address (264 held); a client from another address is served', `${heldSingle} held; normal client ${servedSingle ? 'served' : 'NOT served'}`, servedSingle && heldSingle <= 264);
    single.forEach((s) => s.destroy());

    const many = await open(2000, Array.from({ length: 50 }, (_, i) => `127.0.1.${i + 1}`));
    await sleep(200);
    const servedMany = await normalClientServed(feed);
    const heldMany = many.filter((s) => !s.destroyed).length;
    const started = Date.now();
    while (many.some((s) => !s.destroyed) && Date.now() - started < 20_000) await sleep(250);
    const clearedAfter = (Date.now() - started) / 1000;
    check(
      '2,000 half-open requests from 50 addresses (cap 1,200 connections)',
      'oldest half-open dropped at the cap; a new client is served; the rest time out within the 10 s header timeout',
      `${heldMany} held; normal client ${servedMany ? 'served' : 'NOT served'}; all closed ${clearedAfter.toFixed(1)} s later`,
      servedMany && heldMany <= 1200 && clearedAfter <= 12,
    );
  } finally {
    await feed.stop();
  }
}

/** DNS rebinding: the victim's browser sends the attacker's name as Host (and Origin). */
export async function dnsRebinding(): Promise<void> {
  const feed = await spawnFeed([...LIVE_CLOCK, '--rate', '100']);
  const port = Number(new URL(feed.url).port);
  try {
    const page = await rawRequest(port, `GET / HTTP/1.1\r\nHost: evil.example:${port}\r\nConnection: close\r\n\r\n`);
    const ws = await upgradeStatus(feed.url, { headers: { Host: `evil.example:${port}` }, origin: `http://evil.example:${port}` });
    const control = await upgradeStatus(feed.url, {}, '/ws');
    check('DNS rebinding (Host and Origin evil.example)', '403 for the page and the WebSocket; normal Host 101', `page ${page.status}, WebSocket ${ws}, normal ${control}`, page.status === 403 && ws === 403 && control === 101);
  } finally {
    await feed.stop();
  }
}
