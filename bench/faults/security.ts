import WebSocket from 'ws';
import { spawnFeed, LIVE_CLOCK } from '../../tests/support/feed-process.ts';
import { check } from './checks.ts';

export async function upgradeStatus(url: string, options: WebSocket.ClientOptions = {}, path = '/ws'): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url.replace('http', 'ws') + path, options);
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.on('error', () => resolve(0));
  });
}

export async function security(): Promise<void> {
  const feed = await spawnFeed([...LIVE_CLOCK, '--token', 'fault-token', '--allow-origin', 'https://wall.example.com']);
  try {
    const authorised = `${feed.url.replace('http', 'ws')}/ws?token=fault-token`;
    check('foreign Origin', '403 at the upgrade', String(await upgradeStatus(feed.url, { origin: 'https://evil.example.net' }, '/ws?token=fault-token')), (await upgradeStatus(feed.url, { origin: 'https://evil.example.net' }, '/ws?token=fault-token')) === 403);
    const noToken = await upgradeStatus(feed.url);
    const wrongToken = await upgradeStatus(feed.url, {}, '/ws?token=nope');
    check('missing or wrong token', '401 at the upgrade, no data sent', `${noToken} / ${wrongToken}`, noToken === 401 && wrongToken === 401);
    check('token never logged', 'the token does not appear in the output', feed.output().includes('fault-token') ? 'found in output' : 'absent', !feed.output().includes('fault-token'));

    const big = new WebSocket(authorised);
    await new Promise((resolve) => big.once('open', resolve));
    const bigClosed = new Promise<number>((resolve) => big.once('close', (code) => resolve(code)));
    big.send('x'.repeat(100 * 1024));
    const bigCode = await bigClosed;
    check('frame over maxPayload (64 KiB)', 'closed with 1009', String(bigCode), bigCode === 1009);

    const flood = new WebSocket(authorised);
    await new Promise((resolve) => flood.once('open', resolve));
    const floodClosed = new Promise<number>((resolve) => flood.once('close', (code) => resolve(code)));
    for (let i = 0; i < 500; i++) flood.send('{"type":"unsubscribe","symbols":["AAPL"]}');
    const floodCode = await floodClosed;
    check('message flood (500 at once)', 'rate-limited, closed with 1008', String(floodCode), floodCode === 1008);

    const traversal = await fetch(`${feed.url}/..%2f..%2fpackage.json`).then((r) => r.status);
    check('path traversal on the static server', '404, nothing outside dist/ served', String(traversal), traversal === 404);
    const plain = await fetch(`${feed.url}/ws`).then((r) => r.status);
    check('plain HTTP on /ws', '426', String(plain), plain === 426);
  } finally {
    await feed.stop();
  }
}

