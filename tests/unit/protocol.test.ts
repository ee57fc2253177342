import { readFileSync } from 'node:fs';
import { decodeClientMessage } from '../../shared/client-message-decoder.ts';
import { describe, expect, it } from 'vitest';
import { protocolJsonSchemaText } from '../../shared/protocol-json-schema.ts';
import { ServerMessage } from '../../shared/protocol.ts';

describe('server message schema', () => {
  it('accepts each example from docs/protocol.md', () => {
    const doc = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');
    const examples = [...doc.matchAll(/```json server\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!));
    // Every server message has an example (the heartbeat two: live and stale).
    expect(examples.map((e) => e.type).sort()).toEqual(['bars', 'error', 'heartbeat', 'heartbeat', 'hello', 'replay', 'resumed', 'snapshot', 'ticks']);
    for (const example of examples) expect(ServerMessage.safeParse(example).error).toBeUndefined();
  });

  it('documents client examples that the decoder accepts', () => {
    const doc = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');
    const examples = [...doc.matchAll(/```json client\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
    const types = examples.map((example) => {
      const decoded = decodeClientMessage(example);
      expect(decoded.ok, example).toBe(true);
      return decoded.ok ? decoded.message.type : null;
    });
    expect([...new Set(types)].sort()).toEqual(['control', 'history', 'resume', 'subscribe', 'unsubscribe']);
  });
});

describe('docs/protocol.schema.json', () => {
  it('is up to date with shared/protocol.ts (run `npm run gen:schema` if this fails)', () => {
    const checkedIn = readFileSync(new URL('../../docs/protocol.schema.json', import.meta.url), 'utf8');
    expect(checkedIn).toBe(protocolJsonSchemaText());
  });
});
