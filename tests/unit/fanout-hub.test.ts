import { describe, expect, it } from 'vitest';
import { FanoutHub, type Subscriber } from '../../feed/fanout-hub.ts';
import type { Tick } from '../../shared/protocol.ts';

class Recorder implements Subscriber {
  frames: Buffer[] = [];
  send(frame: Buffer): void {
    this.frames.push(frame);
  }
  messages() {
    return this.frames.map((f) => JSON.parse(f.toString()) as { seq: number; epoch: string; ticks: Tick[] });
  }
}

const tick = (symbol: string, price: number, time = 1000): Tick => ({ symbol, price, size: 100, time, bid: price - 0.01, ask: price });

describe('FanoutHub', () => {
  it('sends each client only its symbols, numbering batches feed-wide', () => {
    const hub = new FanoutHub<Recorder>('e1');
    const a = new Recorder();
    const b = new Recorder();
    hub.add(a);
    hub.add(b);
    hub.subscribe(a, ['AAPL']);
    hub.subscribe(b, ['MSFT', 'AAPL']);

    expect(hub.publish([tick('AAPL', 10), tick('MSFT', 20), tick('IBM', 30)])).toBe(1);
    expect(hub.publish([tick('MSFT', 21)])).toBe(2);
    expect(hub.publish([tick('AAPL', 11)])).toBe(3);

    expect(a.messages().map((m) => [m.seq, m.ticks.map((t) => t.symbol)])).toEqual([
      [1, ['AAPL']],
      [3, ['AAPL']],
    ]);
    expect(b.messages().map((m) => [m.seq, m.ticks.map((t) => t.symbol)])).toEqual([
      [1, ['AAPL', 'MSFT']],
      [2, ['MSFT']],
      [3, ['AAPL']],
    ]);
    expect(b.messages()[0]).toMatchObject({ type: 'ticks', epoch: 'e1', ticks: [tick('AAPL', 10), tick('MSFT', 20)] });
  });

  it('serializes once per distinct subscription set: clients in a group share one frame object', () => {
    const hub = new FanoutHub<Recorder>('e1');
    const clients = Array.from({ length: 5 }, () => new Recorder());
    clients.forEach((c) => hub.add(c));
    clients.slice(0, 3).forEach((c) => hub.subscribe(c, ['AAPL', 'MSFT']));
    hub.subscribe(clients[3]!, ['MSFT']);
    hub.subscribe(clients[3]!, ['AAPL']); // same set, reached another way
    hub.subscribe(clients[4]!, ['AAPL']);
    expect(hub.groupCount).toBe(2); // {AAPL,MSFT} and {AAPL}
    hub.publish([tick('AAPL', 1), tick('MSFT', 2)]);
    const shared = clients[0]!.frames[0];
    for (const c of clients.slice(1, 4)) expect(c.frames[0]).toBe(shared);
    expect(clients[4]!.frames[0]).not.toBe(shared);
  });

  it('sends nothing and does not number an empty batch, or a batch no one subscribed to', () => {
    const hub = new FanoutHub<Recorder>('e1');
    const a = new Recorder();
    hub.add(a);
    hub.subscribe(a, ['AAPL']);
    expect(hub.publish([])).toBeNull();
    expect(hub.publish([tick('MSFT', 1)])).toBe(1);
    expect(a.frames).toHaveLength(0);
  });

  it('stops sending after unsubscribe and remove, and frees empty groups', () => {
    const hub = new FanoutHub<Recorder>('e1');
    const a = new Recorder();
    hub.add(a);
    hub.subscribe(a, ['AAPL', 'MSFT']);
    hub.unsubscribe(a, ['AAPL']);
    hub.publish([tick('AAPL', 1), tick('MSFT', 2)]);
    expect(a.messages()[0]!.ticks.map((t) => t.symbol)).toEqual(['MSFT']);
    hub.remove(a);
    hub.publish([tick('MSFT', 3)]);
    expect(a.frames).toHaveLength(1);
    expect(hub.clientCount).toBe(0);
    expect(hub.groupCount).toBe(0);
  });

  it('reports which symbols a subscribe newly added', () => {
    const hub = new FanoutHub<Recorder>('e1');
    const a = new Recorder();
    hub.add(a);
    expect(hub.subscribe(a, ['AAPL', 'AAPL', 'MSFT'])).toEqual(['AAPL', 'MSFT']);
    expect(hub.subscribe(a, ['MSFT', 'IBM'])).toEqual(['IBM']);
    expect([...hub.subscriptions(a)].sort()).toEqual(['AAPL', 'IBM', 'MSFT']);
  });
});
