import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeClientMessage } from '../../shared/client-message-decoder.ts';
import { ErrorCode } from '../../shared/error-codes.ts';
import { startTestFeed } from '../support/test-feed.ts';
import { TestClient } from '../support/ws-test-client.ts';

const VALID_FRAMES = [
  { type: 'subscribe', symbols: ['AAPL', 'MSFT'] },
  { type: 'unsubscribe', symbols: ['AAPL'] },
  { type: 'resume', epoch: 'test-epoch', seq: 3, symbols: ['AAPL'] },
  { type: 'control', action: 'seek', time: 1381154400000 },
  { type: 'control', action: 'speed', speed: 10 },
];
const CODES = new Set<string>(Object.values(ErrorCode));

/** Valid frames with a field replaced, removed, or their text cut or corrupted. */
const mutatedFrame = fc.oneof(
  fc.tuple(fc.constantFrom(...VALID_FRAMES), fc.string(), fc.anything()).map(([frame, key, value]) => JSON.stringify({ ...frame, [key]: value })),
  fc.tuple(fc.constantFrom(...VALID_FRAMES), fc.constantFrom('type', 'symbols', 'seq', 'epoch', 'time', 'speed', 'action')).map(([frame, key]) => {
    const copy: Record<string, unknown> = { ...frame };
    delete copy[key];
    return JSON.stringify(copy);
  }),
  fc.tuple(fc.constantFrom(...VALID_FRAMES), fc.nat(), fc.nat(), fc.string({ maxLength: 3 })).map(([frame, at, length, insert]) => {
    const text = JSON.stringify(frame);
    const start = at % (text.length + 1);
    return text.slice(0, start) + insert + text.slice(start + (length % 5));
  }),
);
const anyFrame = fc.oneof(fc.string(), fc.json(), mutatedFrame, fc.jsonValue().map((v) => JSON.stringify(v)));

describe('fuzzing the client-message decoder', () => {
  it('never throws, and every rejection carries a known code and an explanation', () => {
    fc.assert(
      fc.property(anyFrame, (frame) => {
        const result = decodeClientMessage(frame);
        if (!result.ok) {
          expect(CODES.has(result.code)).toBe(true);
          expect(result.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 5000, seed: 20261121 },
    );
  });

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
