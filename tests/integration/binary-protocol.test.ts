import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HelloMessage, ServerMessage, TicksMessage } from '../../shared/protocol.ts';
import { BINARY_SUBPROTOCOL, JSON_SUBPROTOCOL, serverFrameDecoder } from '../../shared/codec/codecs.ts';
import { startTestFeed, type TestFeed } from '../support/test-feed.ts';

let feed: TestFeed | null = null;
const sockets: WebSocket[] = [];
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.terminate());
  await feed?.close();
  feed = null;
});

interface Received {
  socket: WebSocket;
  messages: ServerMessage[];
  binaryFrames: number;
}

/** A raw ws client that decodes binary frames with a decoder built from its hello, as the web app does. */
async function client(f: TestFeed, protocols: string[]): Promise<Received> {
  const socket = new WebSocket(f.server.url.replace('http', 'ws') + '/ws', protocols);
  sockets.push(socket);
  const received: Received = { socket, messages: [], binaryFrames: 0 };
  let decode: ((frame: Uint8Array) => ServerMessage) | null = null;
  socket.on('message', (data: Buffer, isBinary) => {
    if (isBinary) {
      received.binaryFrames++;
      received.messages.push(decode!(new Uint8Array(data)));
      return;
    }
    const message = JSON.parse(data.toString()) as ServerMessage;
    if (message.type === 'hello') decode = serverFrameDecoder((message as HelloMessage).symbols);
    if (message.type !== 'heartbeat') received.messages.push(message);
  });
  await new Promise((resolve) => socket.once('open', resolve));
  return received;
}

const settle = (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms));
const ticksOf = (r: Received) => r.messages.filter((m): m is TicksMessage => m.type === 'ticks');

describe('binary ticks, negotiated with Sec-WebSocket-Protocol', () => {
  it('picks binary when offered, JSON when asked for JSON or nothing', async () => {
    feed = await startTestFeed();
    expect((await client(feed, [BINARY_SUBPROTOCOL, JSON_SUBPROTOCOL])).socket.protocol).toBe(BINARY_SUBPROTOCOL);
    expect((await client(feed, [JSON_SUBPROTOCOL])).socket.protocol).toBe(JSON_SUBPROTOCOL);
    expect((await client(feed, [])).socket.protocol).toBe('');
  });

  it('delivers exactly the same batches as JSON, in a fraction of the bytes', async () => {
    feed = await startTestFeed({ rate: 5000 });
    const binary = await client(feed, [BINARY_SUBPROTOCOL]);
    const json = await client(feed, []);
    await settle();
    const symbols = ['AAPL', 'NVDA', 'TSLA', 'JPM'];
    for (const c of [binary, json]) c.socket.send(JSON.stringify({ type: 'subscribe', symbols }));
    await settle();
    let binaryBytes = 0;
    let jsonBytes = 0;
    binary.socket.on('message', (data: Buffer, isBinary) => isBinary && (binaryBytes += data.length));
    json.socket.on('message', (data: Buffer) => data.toString().startsWith('{"type":"ticks"') && (jsonBytes += data.length));
    for (let i = 0; i < 40; i++) feed.step();
    await settle(200);
    const fromBinary = ticksOf(binary);
    expect(binary.binaryFrames).toBe(fromBinary.length);
    expect(fromBinary.length).toBeGreaterThan(30);
    expect(fromBinary).toEqual(ticksOf(json));
    // Everything but ticks stays JSON text, even on a binary connection.
    expect(binary.messages.map((m) => m.type).filter((t) => t !== 'ticks')).toEqual(['hello', 'snapshot']);
    const count = fromBinary.reduce((n, m) => n + m.ticks.length, 0);
    expect(binaryBytes / count).toBeLessThan(12);
    expect(jsonBytes / binaryBytes).toBeGreaterThan(4);
  });

  it('resumes a binary client with binary batches', async () => {
    feed = await startTestFeed();
    const first = await client(feed, [BINARY_SUBPROTOCOL]);
    await settle();
    first.socket.send(JSON.stringify({ type: 'subscribe', symbols: ['AAPL'] }));
    await settle();
    feed.step();
    await settle();
    const last = ticksOf(first).at(-1)!;
    first.socket.terminate();
    for (let i = 0; i < 10; i++) feed.step();
    const again = await client(feed, [BINARY_SUBPROTOCOL]);
    await settle();
    again.socket.send(JSON.stringify({ type: 'resume', epoch: last.epoch, seq: last.seq, symbols: ['AAPL'] }));
    await settle(100);
    expect(again.binaryFrames).toBeGreaterThan(0);
    expect(again.messages.at(-1)).toMatchObject({ type: 'resumed', recovered: true });
  });
});
