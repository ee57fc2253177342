#!/usr/bin/env node
// `npm run dev`: the feed on TICKWALL_FEED_PORT (default 8080) plus Vite with hot reload,
// which proxies /ws to it. Extra arguments go to `tickwall serve`, e.g. `npm run dev -- --rate 2000`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const feedPort = process.env.TICKWALL_FEED_PORT ?? '8080';
const children = [
  spawn(process.execPath, ['bin/tickwall.js', 'serve', '--port', feedPort, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' }),
  spawn(process.execPath, ['node_modules/vite/bin/vite.js'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TICKWALL_FEED_PORT: feedPort },
  }),
];

let exiting = false;
const stopAll = (code) => {
  if (exiting) return;
  exiting = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 2500).unref();
};
for (const child of children) child.on('exit', (code) => stopAll(code ?? 0));
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
