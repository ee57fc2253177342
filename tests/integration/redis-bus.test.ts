import { afterAll, beforeAll } from 'vitest';
import { RedisBus } from '../../feed/bus/redis-bus.ts';
import { busContract } from '../support/bus-contract.ts';
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
