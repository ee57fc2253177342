import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeClientMessage } from '../../shared/client-message-decoder.ts';
import { ErrorCode } from '../../shared/error-codes.ts';
import { anyFrame } from '../support/client-frames.ts';

const CODES = new Set<string>(Object.values(ErrorCode));

describe('decodeClientMessage', () => {
  it.each([
    ['{"type":"subscribe","symbols":["AAPL"]}', 'subscribe'],
    ['{"type":"subscribe","symbols":["AAPL","BRK.B","X"]}', 'subscribe'],
    ['{"type":"unsubscribe","symbols":["MSFT"]}', 'unsubscribe'],
    ['{"type":"control","action":"play"}', 'control'],
    ['{"type":"control","action":"seek","time":1381154400000}', 'control'],
    ['{"type":"control","action":"speed","speed":"max"}', 'control'],
  ])('accepts %s', (frame, type) => {
    const result = decodeClientMessage(frame);
    expect(result).toMatchObject({ ok: true, message: { type } });
  });

  it.each([
    ['not json', 'bad_json'],
    ['{"type":"subscribe","symbols":["AAPL"]', 'bad_json'],
    ['', 'bad_json'],
    ['42', 'bad_message'],
    ['null', 'bad_message'],
    ['["subscribe"]', 'bad_message'],
    ['{"symbols":["AAPL"]}', 'bad_message'],
    ['{"type":7}', 'bad_message'],
    ['{"type":"dance"}', 'unknown_type'],
    ['{"type":"hello"}', 'unknown_type'],
    ['{"type":"subscribe"}', 'bad_message'],
    ['{"type":"subscribe","symbols":"AAPL"}', 'bad_message'],
    ['{"type":"subscribe","symbols":[]}', 'bad_message'],
    ['{"type":"subscribe","symbols":[42]}', 'bad_message'],
    ['{"type":"subscribe","symbols":["aapl"]}', 'bad_message'],
    ['{"type":"unsubscribe","symbols":["WAY-TOO-LONG-SYMBOL"]}', 'bad_message'],
    ['{"type":"control"}', 'bad_message'],
    ['{"type":"control","action":"seek","time":"noon"}', 'bad_message'],
    ['{"type":"control","action":"speed","speed":0.1}', 'bad_message'],
  ])('rejects %s with %s', (frame, code) => {
    const result = decodeClientMessage(frame);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe(code);
      expect(result.message.length).toBeGreaterThan(10);
    }
  });

  it('names the offending field in the explanation', () => {
    const result = decodeClientMessage('{"type":"subscribe","symbols":[1]}');
    expect(!result.ok && result.message).toMatch(/symbols\.0/);
  });

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
});
