import { describe, expect, it } from 'vitest';
import { BINARY_SUBPROTOCOL } from '../../shared/codec/codecs.ts';
import type { ServerMessage, Tick } from '../../shared/protocol.ts';
import { connectionSetup as setup, connectionSymbols as symbols } from '../support/connection-setup.ts';

const tick = (symbol: string, price: number, time = 1000): Tick => ({ symbol, price, size: 100, time });
const types = (messages: ServerMessage[]) => messages.map((m) => m.type);

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
