import { describe, expect, it } from 'vitest';
import { ClientOutbox, type OutboxLimits, type ReplyPart } from '../../feed/client-outbox.ts';
import { MemoryTransport } from '../support/memory-transport.ts';

const limits: OutboxLimits = { highWaterBytes: 1000, maxConflationMs: 500, hardLimitBytes: 8000, maxDeferred: 2 };
const text = (s: string) => new TextEncoder().encode(s);

function outbox() {
  let now = 0;
  const transport = new MemoryTransport();
  const events: string[] = [];
  const box = new ClientOutbox(transport, limits, { onCaughtUp: () => events.push('caught-up'), onTooSlow: (bytes) => events.push(`too-slow ${bytes}`), now: () => now });
  const sent = () => transport.sent.map((s) => (typeof s.data === 'string' ? s.data : new TextDecoder().decode(s.data)));
  return { box, transport, events, sent, advance: (ms: number) => (now += ms) };
}

describe('ClientOutbox', () => {
  it('writes everything while the client keeps up', () => {
    const { box, sent } = outbox();
    box.message('hello');
    box.batch(text('b1'), false);
    box.bulk('snapshot', () => [{ data: 'snap', binary: false }]);
    expect(sent()).toEqual(['hello', 'b1', 'snap']);
  });

  it('behind: drops batches, defers bulk replies (the latest per key), and on draining catches up in order', () => {
    const { box, transport, events, sent } = outbox();
    transport.bufferedAmount = 2000;
    box.batch(text('b1'), false);
    box.bulk('history', () => [{ data: 'h1', binary: false }]);
    box.bulk('history', () => [{ data: 'h2', binary: false }]);
    box.bulk('status', () => [{ data: 's', binary: false }]);
    box.message('error');
    expect(sent()).toEqual(['error']);
    expect(box.conflating).toBe(true);
    transport.bufferedAmount = 400;
    box.heartbeat(Buffer.from('hb'));
    expect(events).toEqual(['caught-up']);
    expect(sent()).toEqual(['error', 'h2', 's']);
    box.batch(text('b2'), false);
    expect(sent().at(-1)).toBe('b2');
  });

  it('closes a client behind for longer than maxConflationMs, past the hard limit, or with too many deferred replies', () => {
    const slow = outbox();
    slow.transport.bufferedAmount = 2000;
    slow.box.batch(text('b1'), false);
    slow.advance(600);
    slow.box.heartbeat(Buffer.from('hb'));
    expect(slow.events).toEqual(['too-slow 2000']);

    const huge = outbox();
    huge.transport.bufferedAmount = 9000;
    huge.box.message('x');
    expect(huge.events).toEqual(['too-slow 9000']);

    const greedy = outbox();
    greedy.transport.bufferedAmount = 2000;
    for (const key of ['a', 'b', 'c']) greedy.box.bulk(key, () => []);
    expect(greedy.events).toEqual(['too-slow 2000']);
  });

  it('reports its room below the high-water mark, and none while behind', () => {
    const { box, transport } = outbox();
    transport.bufferedAmount = 300;
    expect(box.room).toBe(700);
    transport.bufferedAmount = 2000;
    box.batch(text('b'), false);
    transport.bufferedAmount = 0;
    expect(box.room).toBe(0);
  });

  it('writes a reply in parts while the client keeps up; the rest waits, in order, until it drains', () => {
    const { box, transport, sent } = outbox();
    const send = transport.send.bind(transport);
    transport.send = (data, binary) => {
      send(data, binary);
      transport.bufferedAmount += 600;
    };
    const made: number[] = [];
    const part = (i: number): ReplyPart => {
      made.push(i);
      return { frames: [{ data: `p${i}`, binary: false }], ...(i < 4 ? { more: () => part(i + 1) } : {}) };
    };
    box.bulk('session', () => part(0));
    // p0 leaves 600 unsent, p1 takes it past the 1000 high-water mark: p2 is not even made.
    expect(sent()).toEqual(['p0', 'p1']);
    expect(made).toEqual([0, 1]);
    transport.bufferedAmount = 0;
    box.heartbeat(Buffer.from('hb'));
    expect(sent()).toEqual(['p0', 'p1', 'p2', 'p3']);
    transport.bufferedAmount = 0;
    box.heartbeat(Buffer.from('hb'));
    expect(sent().slice(4)).toEqual(['p4']);
    expect(made).toEqual([0, 1, 2, 3, 4]);
  });
});
