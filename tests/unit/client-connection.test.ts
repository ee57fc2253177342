import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../../feed/bus/memory-bus.ts';
import { ClientConnection, DEFAULT_CLIENT_LIMITS, type ClientLimits } from '../../feed/client-connection.ts';
import { DayState } from '../../feed/day-state.ts';
import { Edge } from '../../feed/edge.ts';
import { Producer } from '../../feed/producer.ts';
import type { StreamInfo } from '../../feed/stream.ts';
import { BINARY_SUBPROTOCOL } from '../../shared/codec/codecs.ts';
import type { ServerMessage, SymbolMeta, Tick } from '../../shared/protocol.ts';
import { MemoryTransport } from '../support/memory-transport.ts';

const symbols: SymbolMeta[] = ['AAPL', 'MSFT', 'NVDA'].map((symbol) => ({ symbol, name: symbol, sector: 'Test', prevClose: 100, tickSize: 0.01 }));
const info: StreamInfo = { mode: 'live', symbols, batchIntervalMs: 50, timeZone: 'America/New_York' };
const tick = (symbol: string, price: number, time = 1000): Tick => ({ symbol, price, size: 100, time });
const types = (messages: ServerMessage[]) => messages.map((m) => m.type);

/** A real producer, bus and edge in memory, and one connection to it over a memory transport. */
async function setup(limits: Partial<ClientLimits> = {}, protocol = '') {
  let now = 0;
  const bus = new MemoryBus();
  const producer = new Producer(bus, info, { epoch: 'e1', now: () => now });
  producer.start(new DayState(symbols).all());
  const edge = new Edge(bus, { now: () => now });
  await edge.attach();
  const transport = new MemoryTransport(protocol);
  const connection = new ClientConnection(transport, edge, { ...DEFAULT_CLIENT_LIMITS, ...limits }, () => {}, () => now);
  connection.open();
  const send = (message: unknown) => connection.receive(JSON.stringify(message));
  return { producer, edge, transport, connection, send, advance: (ms: number) => (now += ms) };
}

describe('ClientConnection', () => {
  it('opens with hello, answers subscribe with a snapshot, then sends only its symbols', async () => {
    const { producer, transport, send } = await setup();
    expect(transport.take()).toMatchObject([{ type: 'hello', epoch: 'e1', symbols: [{ symbol: 'AAPL' }, { symbol: 'MSFT' }, { symbol: 'NVDA' }] }]);
    send({ type: 'subscribe', symbols: ['AAPL'] });
    expect(transport.take()).toMatchObject([{ type: 'snapshot', epoch: 'e1', seq: 0, quotes: [{ symbol: 'AAPL', last: null }] }]);
    producer.publish([tick('MSFT', 50), tick('AAPL', 101)]);
    expect(transport.take()).toEqual([{ type: 'ticks', epoch: 'e1', seq: 1, ticks: [tick('AAPL', 101)] }]);
  });

  it('sends binary ticks on a binary connection, decoding to the same batch', async () => {
    const { producer, transport, send } = await setup({}, BINARY_SUBPROTOCOL);
    send({ type: 'subscribe', symbols: ['AAPL', 'NVDA'] });
    transport.take();
    producer.publish([tick('AAPL', 101.5), tick('NVDA', 99)]);
    expect(transport.sent[0]!.binary).toBe(true);
    expect(transport.take(symbols)).toEqual([{ type: 'ticks', epoch: 'e1', seq: 1, ticks: [tick('AAPL', 101.5), tick('NVDA', 99)] }]);
  });

  it('applies the known part of a request and names the unknown symbols', async () => {
    const { transport, send } = await setup();
    transport.take();
    send({ type: 'subscribe', symbols: ['AAPL', 'ZZZZ'] });
    expect(transport.take()).toMatchObject([
      { type: 'snapshot', quotes: [{ symbol: 'AAPL' }] },
      { type: 'error', code: 'unknown_symbol', symbols: ['ZZZZ'] },
    ]);
  });

  it('resumes exactly: the missed batches for its symbols, in order, then recovered', async () => {
    const { producer, transport, send } = await setup();
    producer.publish([tick('AAPL', 101)]);
    producer.publish([tick('MSFT', 60)]);
    producer.publish([tick('AAPL', 102)]);
    transport.take();
    send({ type: 'resume', epoch: 'e1', seq: 1, symbols: ['AAPL'] });
    expect(transport.take()).toEqual([
      { type: 'ticks', epoch: 'e1', seq: 3, ticks: [tick('AAPL', 102)] },
      { type: 'resumed', recovered: true, epoch: 'e1', seq: 3 },
    ]);
  });

  it.each([
    ['another epoch', { epoch: 'e0', seq: 1 }, 'epoch changed'],
    ['a position from the future', { epoch: 'e1', seq: 9 }, 'seq from the future'],
  ])('answers a resume from %s with recovered: false and a snapshot', async (_, position, reason) => {
    const { producer, transport, send } = await setup();
    producer.publish([tick('AAPL', 101)]);
    transport.take();
    send({ type: 'resume', ...position, symbols: ['AAPL'] });
    expect(transport.take()).toMatchObject([
      { type: 'resumed', recovered: false, seq: 1, reason },
      { type: 'snapshot', seq: 1, quotes: [{ symbol: 'AAPL', last: 101 }] },
    ]);
  });

  it('while the client is behind: drops batches, holds snapshots, then sends one conflated snapshot', async () => {
    const { producer, edge, transport, connection, send, advance } = await setup({ highWaterBytes: 1000 });
    send({ type: 'subscribe', symbols: ['AAPL'] });
    transport.take();
    transport.bufferedAmount = 5000;
    producer.publish([tick('AAPL', 101)]);
    send({ type: 'subscribe', symbols: ['MSFT'] });
    producer.publish([tick('MSFT', 61), tick('AAPL', 102)]);
    expect(transport.take()).toEqual([]);
    transport.bufferedAmount = 0;
    advance(100);
    connection.heartbeat(edge.heartbeatFrame());
    expect(transport.take()).toMatchObject([
      { type: 'snapshot', conflated: true, seq: 2, quotes: [{ symbol: 'AAPL', last: 102 }, { symbol: 'MSFT', last: 61 }] },
    ]);
    producer.publish([tick('AAPL', 103)]);
    expect(types(transport.take())).toEqual(['ticks']);
  });

  it('closes a client that stays behind too long with 4001', async () => {
    const { producer, transport, send, advance } = await setup({ highWaterBytes: 1000, maxConflationMs: 500 });
    send({ type: 'subscribe', symbols: ['AAPL'] });
    transport.bufferedAmount = 5000;
    producer.publish([tick('AAPL', 101)]);
    advance(600);
    producer.publish([tick('AAPL', 102)]);
    expect(transport.closedWith?.code).toBe(4001);
  });

  it('refuses requests beyond the symbol budget, keeping the connection; closes a message flood with 1008', async () => {
    const { transport, send } = await setup({ symbolsPerSecond: 4, symbolBurst: 4, messagesPerSecond: 5, messageBurst: 5 });
    transport.take();
    send({ type: 'subscribe', symbols: ['AAPL', 'MSFT', 'NVDA'] });
    send({ type: 'unsubscribe', symbols: ['AAPL', 'MSFT'] });
    expect(types(transport.take())).toEqual(['snapshot', 'error']);
    expect(transport.closedWith).toBeNull();
    for (let i = 0; i < 10; i++) send({ type: 'unsubscribe', symbols: ['AAPL'] });
    expect(transport.closedWith?.code).toBe(1008);
  });

  it('refuses control on a live feed', async () => {
    const { transport, send } = await setup();
    transport.take();
    send({ type: 'control', action: 'play' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(transport.take()).toMatchObject([{ type: 'error', code: 'not_replay' }]);
  });

  it('terminates a client that misses two pongs, not one that answers', async () => {
    const { transport, connection } = await setup();
    connection.ping();
    transport.answerPing();
    connection.ping(); // unanswered
    connection.ping(); // one missed
    expect(transport.terminated).toBe(false);
    connection.ping(); // two missed in a row
    expect(transport.terminated).toBe(true);
  });
});
