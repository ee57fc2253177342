import { z } from 'zod';
import { ClientMessage, PROTOCOL_VERSION, ServerMessage } from './protocol.ts';

/** The JSON Schema document of the whole protocol, derived from the zod declarations. */
export function protocolJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(z.union([ServerMessage, ClientMessage]), { target: 'draft-2020-12' });
  return {
    ...schema,
    $id: `https://tickwall.dev/protocol/v${PROTOCOL_VERSION}.schema.json`,
    title: `tickwall WebSocket protocol, version ${PROTOCOL_VERSION}`,
    description:
      'Every JSON text frame on /ws matches one of these. Generated from shared/protocol.ts by `npm run gen:schema`; do not edit by hand.',
  };
}

export function protocolJsonSchemaText(): string {
  return `${JSON.stringify(protocolJsonSchema(), null, 2)}\n`;
}
