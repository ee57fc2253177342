import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { protocolJsonSchemaText } from '../shared/protocol-json-schema.ts';

const target = fileURLToPath(new URL('../docs/protocol.schema.json', import.meta.url));
writeFileSync(target, protocolJsonSchemaText());
console.log(`wrote ${target}`);
