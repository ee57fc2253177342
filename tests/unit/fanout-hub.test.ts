import { describe, expect, it } from 'vitest';
import { BinaryTicksCodec } from '../../shared/codec/binary-ticks-codec.ts';
import { JsonTicksCodec } from '../../shared/codec/json-ticks-codec.ts';
import type { TicksCodec } from '../../shared/codec/ticks-codec.ts';
import type { SymbolMeta, Tick } from '../../shared/protocol.ts';
import { FanoutHub, type Subscriber } from '../../feed/fanout-hub.ts';

const symbols: SymbolMeta[] = ['AAPL', 'MSFT', 'IBM'].map((symbol) => ({ symbol, name: symbol, sector: 'Test', prevClose: 10, tickSize: 0.01 }));
const json = new JsonTicksCodec();
const binary = new BinaryTicksCodec(symbols);

class Recorder implements Subscriber {
  payloads: Uint8Array[] = [];
  framed: Buffer[] = [];
  constructor(readonly codec: TicksCodec = json) {}
  /** While true, batches are dropped, as a client that is behind drops them. */
  dropping = false;
  deliver(payload: Uint8Array, framed: Buffer): boolean {
    if (this.dropping) return false;
    this.payloads.push(payload);
    this.framed.push(framed);
    return true;
  }
  backlog(): number {
    return 0;
  }
  /** What this client decodes, with a decoder of its own (binary frames chain per connection). */
  messages() {
    const decoder = this.codec.name === 'binary' ? new BinaryTicksCodec(symbols) : this.codec;
    return this.payloads.map((p) => decoder.decode(p));
  }
}

const tick = (symbol: string, price: number, time = 1000): Tick => ({ symbol, price, size: 100, time, bid: price - 0.01, ask: price });
const batch = (seq: number, ticks: Tick[], epoch = 'e1') => ({ epoch, seq, time: 0, ticks });

describe('FanoutHub', () => {
  it('sends each client only its symbols, with the position the batch carries', () => {
    const hub = new FanoutHub<Recorder>();
    const a = new Recorder();
    const b = new Recorder();
    hub.add(a);
    hub.add(b);
    hub.subscribe(a, ['AAPL']);
    hub.subscribe(b, ['MSFT', 'AAPL']);

    hub.publish(batch(1, [tick('AAPL', 10), tick('MSFT', 20), tick('IBM', 30)]));
    hub.publish(batch(2, [tick('MSFT', 21)]));
    hub.publish(batch(7, [tick('AAPL', 11)], 'e2'));

    expect(a.messages().map((m) => [m.epoch, m.seq, m.ticks.map((t) => t.symbol)])).toEqual([
      ['e1', 1, ['AAPL']],
      ['e2', 7, ['AAPL']],
    ]);
    expect(b.messages().map((m) => [m.seq, m.ticks.map((t) => t.symbol)])).toEqual([
      [1, ['AAPL', 'MSFT']],
      [2, ['MSFT']],
      [7, ['AAPL']],
    ]);
    expect(b.messages()[0]).toMatchObject({ type: 'ticks', epoch: 'e1', ticks: [tick('AAPL', 10), tick('MSFT', 20)] });
  });

  it('serializes once per distinct subscription set and codec: clients in a group share one frame', () => {
    const hub = new FanoutHub<Recorder>();
    const clients = Array.from({ length: 5 }, () => new Recorder());
    const binaryClient = new Recorder(binary);
    [...clients, binaryClient].forEach((c) => hub.add(c));
    clients.slice(0, 3).forEach((c) => hub.subscribe(c, ['AAPL', 'MSFT']));
    hub.subscribe(clients[3]!, ['MSFT']);
    hub.subscribe(clients[3]!, ['AAPL']); // same set, reached another way
    hub.subscribe(clients[4]!, ['AAPL']);
    hub.subscribe(binaryClient, ['AAPL', 'MSFT']);
    expect(hub.groupCount).toBe(3); // json {AAPL,MSFT}, json {AAPL}, binary {AAPL,MSFT}
    hub.publish(batch(1, [tick('AAPL', 1), tick('MSFT', 2)]));
    const shared = clients[0]!.framed[0];
    for (const c of clients.slice(1, 4)) expect(c.framed[0]).toBe(shared);
    expect(clients[4]!.framed[0]).not.toBe(shared);
    // Every codec is called the same way, and each decodes back to the same batch.
    expect(binaryClient.messages()).toEqual(clients[0]!.messages());
  });

  it('binary groups send chained frames, and start the chain again whenever a client may not hold it (a newcomer, a dropped batch)', () => {
    const hub = new FanoutHub<Recorder>();
    const steady = new Recorder(binary);
    const late = new Recorder(binary);
    const slow = new Recorder(binary);
    for (const c of [steady, slow]) {
      hub.add(c);
      hub.subscribe(c, ['AAPL', 'MSFT']);
    }
    const sent = [1, 2, 3, 4, 5, 6].map((seq) => batch(seq, [tick('AAPL', 10 + seq / 100, 1000 * seq), tick('MSFT', 20 - seq / 100, 1000 * seq)]));
    hub.publish(sent[0]!);
    hub.publish(sent[1]!);
    hub.add(late);
    hub.subscribe(late, ['AAPL', 'MSFT']); // joins the group mid-chain
    hub.publish(sent[2]!);
    slow.dropping = true;
    hub.publish(sent[3]!); // dropped for one client: the chain restarts for the whole group
    slow.dropping = false;
    hub.publish(sent[4]!);
    hub.publish(sent[5]!);
    const seqs = (c: Recorder) => c.messages().map((m) => m.seq);
    expect(seqs(steady)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seqs(late)).toEqual([3, 4, 5, 6]);
    expect(seqs(slow)).toEqual([1, 2, 3, 5, 6]);
    for (const c of [steady, late, slow]) for (const m of c.messages()) expect(m.ticks).toEqual(sent[m.seq - 1]!.ticks);
    // Frames 1, 3 (a newcomer) and 5 (after a drop) are key frames, carrying the epoch; the others are chained.
    const keyFrames = steady.payloads.map((p) => (p[1]! & 1) === 1);
    expect(keyFrames).toEqual([true, false, true, false, true, false]);
  });

  it('a client whose delivery throws stops no one else, and the batch after it reaches everyone, readable', () => {
    const hub = new FanoutHub<Recorder>();
    const steady = new Recorder(binary);
    const faulty = new (class extends Recorder {
      override deliver(payload: Uint8Array, framed: Buffer): boolean {
        if (this.payloads.length === 1 && !this.threw) {
          this.threw = true;
          throw new Error('a bug in one client');
        }
        return super.deliver(payload, framed);
      }
      threw = false;
    })(binary);
    for (const c of [faulty, steady]) {
      hub.add(c);
      hub.subscribe(c, ['AAPL']);
    }
    const sent = [1, 2, 3].map((seq) => batch(seq, [tick('AAPL', 10 + seq / 100, 1000 * seq)]));
    hub.publish(sent[0]!);
    expect(() => hub.publish(sent[1]!)).toThrow('a bug in one client');
    hub.publish(sent[2]!);
    expect(steady.messages().map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(faulty.messages().map((m) => m.seq)).toEqual([1, 3]);
    for (const c of [steady, faulty]) for (const m of c.messages()) expect(m.ticks).toEqual(sent[m.seq - 1]!.ticks);
  });

  it('frames each message as a complete, unmasked WebSocket frame of the codec\'s kind', () => {
    const hub = new FanoutHub<Recorder>();
    const text = new Recorder();
    const bytes = new Recorder(binary);
    for (const c of [text, bytes]) {
      hub.add(c);
      hub.subscribe(c, ['AAPL']);
    }
    hub.publish(batch(1, [tick('AAPL', 1)]));
    expect(text.framed[0]![0]).toBe(0x81); // FIN + text
    expect(bytes.framed[0]![0]).toBe(0x82); // FIN + binary
    expect(text.framed[0]!.subarray(-text.payloads[0]!.length)).toEqual(Buffer.from(text.payloads[0]!));
  });

  it('sends nothing for a batch no one subscribed to', () => {
    const hub = new FanoutHub<Recorder>();
    const a = new Recorder();
    hub.add(a);
    hub.subscribe(a, ['AAPL']);
    hub.publish(batch(1, [tick('MSFT', 1)]));
    expect(a.payloads).toHaveLength(0);
  });

  it('stops sending after unsubscribe and remove, and frees empty groups', () => {
    const hub = new FanoutHub<Recorder>();
    const a = new Recorder();
    hub.add(a);
    hub.subscribe(a, ['AAPL', 'MSFT']);
    hub.unsubscribe(a, ['AAPL']);
    hub.publish(batch(1, [tick('AAPL', 1), tick('MSFT', 2)]));
    expect(a.messages()[0]!.ticks.map((t) => t.symbol)).toEqual(['MSFT']);
    hub.remove(a);
    hub.publish(batch(2, [tick('MSFT', 3)]));
    expect(a.payloads).toHaveLength(1);
    expect(hub.clientCount).toBe(0);
    expect(hub.groupCount).toBe(0);
  });

  it('reports which symbols a subscribe newly added', () => {
    const hub = new FanoutHub<Recorder>();
    const a = new Recorder();
    hub.add(a);
    expect(hub.subscribe(a, ['AAPL', 'AAPL', 'MSFT'])).toEqual(['AAPL', 'MSFT']);
    expect(hub.subscribe(a, ['MSFT', 'IBM'])).toEqual(['IBM']);
    expect([...hub.subscriptions(a)].sort()).toEqual(['AAPL', 'IBM', 'MSFT']);
  });
});
