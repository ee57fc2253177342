#!/usr/bin/env node
// Runs the TypeScript feed without a build step: tsx compiles on import.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../feed/cli/main.ts');
await main(process.argv.slice(2));
