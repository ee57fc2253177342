import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HelloMessage, ServerMessage, TicksMessage } from '../../shared/protocol.ts';
import { BINARY_SUBPROTOCOL, JSON_SUBPROTOCOL, serverFrameDecoder } from '../../shared/codec/codecs.ts';
import { FRAME_TICKS } from '../../shared/codec/binary-ticks-codec.ts';
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
  /** For each binary ticks frame, whether it stood alone (a key frame) or referred to the frames before it. */
  kinds: ('key' | 'chained')[];
}

/** A raw ws client that decodes binary frames with a decoder built from its hello, as the web app does. */
async function client(f: TestFeed, protocols: string[]): Promise<Received> {
  const socket = new WebSocket(f.server.url.replace('http', 'ws') + '/ws', protocols);
  sockets.push(socket);
  const received: Received = { socket, messages: [], binaryFrames: 0, kinds: [] };
  let decode: ((frame: Uint8Array) => ServerMessage) | null = null;
  socket.on('message', (data: Buffer, isBinary) => {
    if (isBinary) {
      received.binaryFrames++;
      if (data[0] === FRAME_TICKS) received.kinds.push((data[1]! & 1) === 1 ? 'key' : 'chained');
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
    // A client of the previous binary version that also offers JSON gets JSON, which it can read.
    expect((await client(feed, ['tickwall.binary.v2', JSON_SUBPROTOCOL])).socket.protocol).toBe(JSON_SUBPROTOCOL);
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
    // One key frame starts the group's chain; every later batch refers to the one before it.
    expect(binary.kinds[0]).toBe('key');
    expect(binary.kinds.slice(1).every((k) => k === 'chained')).toBe(true);
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

  it('a binary client that fell behind and was conflated reads every batch it gets exactly, beside one that kept up in its group', async () => {
    feed = await startTestFeed({ rate: 20_000, client: { highWaterBytes: 32 * 1024, maxConflationMs: 60_000 } });
    const symbols = ['AAPL', 'MSFT', 'NVDA', 'TSLA', 'AMZN', 'META'];
    const steady = await client(feed, [BINARY_SUBPROTOCOL]);
    const slow = await client(feed, [BINARY_SUBPROTOCOL]);
    await settle();
    for (const c of [steady, slow]) c.socket.send(JSON.stringify({ type: 'subscribe', symbols }));
    await settle();
    feed.step();
    await settle();
    const raw = (slow.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    raw.pause();
    const session = [...feed.edge.hub.clients()].find(([c]) => c !== [...feed!.edge.hub.clients()][0]![0])![0];
    for (let i = 0; i < 20_000 && !session.isConflating; i++) {
      feed.step();
      if (i % 50 === 0) await settle(1);
    }
    expect(session.isConflating).toBe(true);
    raw.resume();
    for (let i = 0; i < 200 && session.isConflating; i++) {
      await settle(50);
      feed.step();
    }
    expect(session.isConflating).toBe(false);
    for (let i = 0; i < 20; i++) feed.step();
    await settle(200);
    const bySeq = new Map(ticksOf(steady).map((m) => [m.seq, m]));
    const got = ticksOf(slow);
    // It missed batches (dropped while behind), and every batch it did get is the one the steady client got.
    expect(got.length).toBeLessThan(bySeq.size);
    for (const m of got) expect(m).toEqual(bySeq.get(m.seq));
    expect(got.at(-1)!.seq).toBe(ticksOf(steady).at(-1)!.seq);
    // After the drop the group's chain started again: a later key frame, chained frames after it.
    expect(slow.kinds.lastIndexOf('key')).toBeGreaterThan(0);
    expect(slow.kinds.at(-1)).toBe('chained');
  });
});
