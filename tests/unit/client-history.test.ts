import { describe, expect, it } from 'vitest';
import { BINARY_SUBPROTOCOL } from '../../shared/codec/codecs.ts';
import type { BarsMessage, Tick } from '../../shared/protocol.ts';
import { connectionSetup as setup, connectionSymbols as symbols } from '../support/connection-setup.ts';

/** Friday 20 Nov 2026, 10:00 New York: the regular session. */
const T0 = Date.UTC(2026, 10, 20, 15, 0, 0);
const tick = (symbol: string, price: number, time: number, size = 100): Tick => ({ symbol, price, size, time });

describe('history on a client connection', () => {
  it('subscribe with history: the snapshot, then the session as bars of the interval asked for', async () => {
    const { producer, transport, send } = await setup();
    producer.publish([tick('AAPL', 100, T0), tick('AAPL', 101, T0 + 61_000), tick('MSFT', 50, T0 + 62_000)]);
    transport.take();
    send({ type: 'subscribe', symbols: ['AAPL'], history: { interval: '1m' } });
    const [snapshot, bars] = transport.take();
    expect(snapshot).toMatchObject({ type: 'snapshot', seq: 1, quotes: [{ symbol: 'AAPL', last: 101 }] });
    expect(bars).toEqual({
      type: 'bars',
      epoch: 'e1',
      seq: 1,
      interval: '1m',
      series: [{ symbol: 'AAPL', bars: { time: [T0, T0 + 60_000], open: [100, 101], high: [100, 101], low: [100, 101], close: [100, 101], volume: [100, 100], count: [1, 1], vwap: [100, 101] } }],
    });
  });

  it('answers a history request by id, with the newest `limit` bars, and names unknown symbols', async () => {
    const { producer, transport, send } = await setup();
    producer.publish([0, 1, 2, 3, 4].map((m) => tick('NVDA', 200 + m, T0 + m * 60_000)));
    transport.take();
    send({ type: 'history', id: 'h1', symbols: ['NVDA', 'ZZZZ'], interval: '1m', limit: 2 });
    const messages = transport.take();
    expect(messages[0]).toMatchObject({ type: 'error', code: 'unknown_symbol', symbols: ['ZZZZ'] });
    const bars = messages[1] as BarsMessage;
    expect(bars).toMatchObject({ type: 'bars', id: 'h1', interval: '1m' });
    expect(bars.series[0]!.bars.time).toEqual([T0 + 180_000, T0 + 240_000]);
    expect(bars.series[0]!.bars.close).toEqual([203, 204]);
  });

  it('derives 5-minute bars from minutes, and a time range selects bars by their start', async () => {
    const { producer, transport, send } = await setup();
    producer.publish([0, 1, 2, 3, 4, 5, 6].map((m) => tick('NVDA', 200 + m, T0 + m * 60_000, 10 * (m + 1))));
    transport.take();
    send({ type: 'history', id: 'five', symbols: ['NVDA'], interval: '5m' });
    const [five] = transport.take() as BarsMessage[];
    expect(five!.series[0]!.bars).toMatchObject({ time: [T0, T0 + 300_000], open: [200, 205], high: [204, 206], low: [200, 205], close: [204, 206], volume: [150, 130], count: [5, 2] });
    send({ type: 'history', id: 'range', symbols: ['NVDA'], interval: '1m', from: T0 + 120_000, to: T0 + 240_000 });
    const [range] = transport.take() as BarsMessage[];
    expect(range!.series[0]!.bars.time).toEqual([T0 + 120_000, T0 + 180_000]);
  });

  it('sends binary bars on a binary connection, decoding to what JSON says', async () => {
    const json = await setup();
    const binary = await setup({}, BINARY_SUBPROTOCOL);
    for (const { producer, transport, send } of [json, binary]) {
      producer.publish([tick('AAPL', 100.25, T0), tick('AAPL', 100.31, T0 + 1500, 37)]);
      transport.take(symbols);
      send({ type: 'history', id: 'b', symbols: ['AAPL'], interval: '1s' });
    }
    expect(binary.transport.sent[0]!.binary).toBe(true);
    expect(binary.transport.take(symbols)).toEqual(json.transport.take(symbols));
  });

  it('refuses a malformed history request with a message that names the problem, and keeps the connection', async () => {
    const { transport, send } = await setup();
    transport.take();
    send({ type: 'history', id: 'x', symbols: ['AAPL'], interval: '2m' });
    send({ type: 'history', id: 'y', symbols: ['AAPL'], interval: '1m', limit: 1_000_000 });
    const [a, b] = transport.take();
    expect(a).toMatchObject({ type: 'error', code: 'bad_message' });
    expect(JSON.stringify(a)).toMatch(/interval/);
    expect(b).toMatchObject({ type: 'error', code: 'bad_message' });
    expect(JSON.stringify(b)).toMatch(/limit/);
    expect(transport.isOpen).toBe(true);
  });

  it('while the client is behind, session history waits until it drains', async () => {
    const many = Array.from({ length: 3 }, (_, i) => symbols[i]!.symbol);
    const { producer, edge, transport, connection, send, advance } = await setup({ highWaterBytes: 1000 });
    producer.publish(many.map((s, i) => tick(s, 100 + i, T0)));
    transport.take();
    transport.bufferedAmount = 5000;
    send({ type: 'subscribe', symbols: many, history: { interval: '5m' } });
    expect(transport.take()).toEqual([]);
    transport.bufferedAmount = 0;
    advance(100);
    connection.heartbeat(edge.heartbeatFrame());
    const messages = transport.take();
    expect(messages.map((m) => m.type)).toEqual(['snapshot', 'bars']);
    expect((messages[1] as BarsMessage).series.map((s) => s.symbol)).toEqual(many);
  });

  it('sends the session again after a new epoch, for the symbols subscribed with history only', async () => {
    const { producer, transport, send } = await setup();
    producer.publish([tick('AAPL', 100, T0), tick('MSFT', 50, T0)]);
    send({ type: 'subscribe', symbols: ['AAPL'], history: { interval: '1m' } });
    send({ type: 'subscribe', symbols: ['MSFT'] });
    transport.take();
    producer.restart(0, [], 'seek');
    const messages = transport.take();
    expect(messages.map((m) => m.type)).toEqual(['snapshot', 'bars']);
    expect((messages[1] as BarsMessage).series.map((s) => s.symbol)).toEqual(['AAPL']);
  });
});
