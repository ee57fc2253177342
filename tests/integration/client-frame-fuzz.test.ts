import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { startTestFeed } from '../support/test-feed.ts';
import { TestClient } from '../support/ws-test-client.ts';
import { anyFrame } from '../support/client-frames.ts';

describe('fuzzing a live server with client frames', () => {
  it('keeps serving other clients while one sends random and mutated frames', async () => {
    const feed = await startTestFeed({
      client: { messagesPerSecond: 100_000, messageBurst: 100_000, maxErrors: 100_000 },
      frames: { framesPerSecond: 100_000, frameBurst: 100_000 },
    });
    try {
      const good = await TestClient.connect(feed.server.url);
      await good.next('hello');
      good.send({ type: 'subscribe', symbols: ['AAPL'] });
      await good.next('snapshot');
      const fuzzer = await TestClient.connect(feed.server.url);
      await fuzzer.next('hello');
      const frames = fc.sample(anyFrame, { numRuns: 1500, seed: 7 });
      for (const frame of frames) fuzzer.send(frame);
      fuzzer.socket.send(Buffer.from([0xff, 0x00, 0x13]), { binary: true });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(fuzzer.closeCode).toBeNull();
      good.drain();
      feed.step();
      feed.step();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(good.drain().filter((m) => m.type === 'ticks').length).toBeGreaterThan(0);
      // The fuzzer is still served too: a plain request still works.
      fuzzer.drain();
      fuzzer.send({ type: 'subscribe', symbols: ['ZZZZ'] });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(fuzzer.drain().some((m) => m.type === 'error' && m.code === 'unknown_symbol')).toBe(true);
      await good.close();
      await fuzzer.close();
    } finally {
      await feed.close();
    }
  });
});
