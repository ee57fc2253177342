import { createClient } from 'redis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RedisBus } from '../../feed/bus/redis-bus.ts';
import { batch, busContract, eventually, RecordingConsumer, start, tick } from '../support/bus-contract.ts';
import { RedisServer } from '../support/redis-server.ts';

let redis: RedisServer;
let prefixes = 0;
beforeAll(async () => {
  redis = await RedisServer.start();
});
afterAll(async () => {
  await redis?.stop();
});

busContract('RedisBus', async () => {
  // A prefix per test: every test starts with an empty stream, on the same server.
  const prefix = `contract${++prefixes}`;
  const buses: RedisBus[] = [];
  const open = async () => {
    const bus = new RedisBus({ url: redis.url, prefix, blockMs: 100 });
    buses.push(bus);
    await bus.connect();
    return bus;
  };
  const producer = await open();
  // Each edge handle is another bus with its own connections, as another process would have.
  return { producer, edgeHandle: open, close: async () => void (await Promise.all(buses.map((b) => b.close()))) };
});

it('RedisBus: an edge passes over batches another tickwall version wrote (another binary format), says so once, and reads the rest', async () => {
  const prefix = `format${++prefixes}`;
  const lines: string[] = [];
  const producer = new RedisBus({ url: redis.url, prefix, blockMs: 100 });
  const edge = new RedisBus({ url: redis.url, prefix, blockMs: 100, log: (line) => lines.push(line) });
  const raw = createClient({ url: redis.url });
  try {
    await Promise.all([producer.connect(), edge.connect(), raw.connect()]);
    const consumer = new RecordingConsumer();
    edge.consume(consumer);
    producer.reset(start('e1'));
    const sent = [1, 2].map((seq) => batch('e1', seq, [tick('AAPL', 100 + seq / 100, 1000 + seq)]));
    producer.publish(sent[0]!);
    await eventually(() => expect(consumer.batches).toHaveLength(1));
    // What an older producer on the same prefix would add: no format field, or another one.
    await raw.xAdd(`${prefix}:stream`, '*', { k: 'b', e: 'e1', s: '2', t: '100', d: 'AQ==' });
    await raw.xAdd(`${prefix}:stream`, '*', { k: 'b', e: 'e1', s: '2', t: '100', d: 'AQ==' });
    producer.publish(sent[1]!);
    await eventually(() => expect(consumer.batches).toEqual(sent));
    const refusals = lines.filter((line) => line.includes('run the feed and its edges at the same tickwall version'));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatch(/written as tickwall\.binary\.v2 or older, and this process reads tickwall\.binary\.v3/);
  } finally {
    await Promise.all([producer.close(), edge.close(), raw.quit()]);
  }
});
