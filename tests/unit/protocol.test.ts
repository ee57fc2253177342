import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeClientMessage } from '../../shared/client-message-decoder.ts';
import { protocolJsonSchemaText } from '../../shared/protocol-json-schema.ts';
import { ServerMessage } from '../../shared/protocol.ts';

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
});

describe('server message schema', () => {
  it('accepts each example from docs/protocol.md', () => {
    const doc = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');
    const examples = [...doc.matchAll(/```json server\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!));
    expect(examples.map((e) => e.type).sort()).toEqual(['error', 'heartbeat', 'hello', 'replay', 'resumed', 'snapshot', 'ticks']);
    for (const example of examples) expect(ServerMessage.safeParse(example).error).toBeUndefined();
  });

  it('documents client examples that the decoder accepts', () => {
    const doc = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');
    const examples = [...doc.matchAll(/```json client\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
    expect(examples.length).toBe(5);
    for (const example of examples) expect(decodeClientMessage(example).ok).toBe(true);
  });
});

describe('docs/protocol.schema.json', () => {
  it('is up to date with shared/protocol.ts (run `npm run gen:schema` if this fails)', () => {
    const checkedIn = readFileSync(new URL('../../docs/protocol.schema.json', import.meta.url), 'utf8');
    expect(checkedIn).toBe(protocolJsonSchemaText());
  });
});
