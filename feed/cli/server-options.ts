import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import type { ClientSession } from '../client-session.ts';
import type { Feed } from '../feed.ts';
import { startServer, type RunningServer } from '../server.ts';
import { buildWebIfNeeded } from '../web-build.ts';
import { hostAddress, integerIn } from './values.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../dist', import.meta.url));

export interface ServerFlags {
  port: number;
  host: string;
  staticDir: string;
  buildIfNeeded: boolean;
}

/** Where and what to serve, shared by `serve` and `replay`. */
export function addServerOptions(command: Command): Command {
  return command
    .addOption(new Option('-p, --port <n>', 'HTTP port; 0 picks a free one').default(8080).argParser(integerIn(0, 65535, 'port')))
    .addOption(new Option('--host <addr>', 'address to bind; 0.0.0.0 exposes it to the network').default('127.0.0.1').argParser(hostAddress))
    .addOption(new Option('--static-dir <dir>', 'directory of the built web app').default(DEFAULT_STATIC_DIR, 'dist/'))
    .addOption(new Option('--build-if-needed', 'build the web app first if it is missing or stale').default(false).hideHelp());
}

/**
 * Serves a feed until SIGINT or SIGTERM, then closes every client with 1001,
 * runs the shutdown hook (e.g. finishing a recording) and exits 0 within 2 s.
 */
export async function serveUntilSignalled(
  feed: Feed<ClientSession>,
  flags: ServerFlags,
  describe: (server: RunningServer) => string,
  onShutdown: () => Promise<void> | void = () => {},
): Promise<RunningServer> {
  if (flags.buildIfNeeded) buildWebIfNeeded(PROJECT_ROOT, flags.staticDir);
  const server = await startServer(feed, { host: flags.host, port: flags.port, staticDir: flags.staticDir });
  console.log(`tickwall: serving ${server.url} (${describe(server)}, epoch ${feed.epoch})`);
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.error(`tickwall: ${signal}, shutting down`);
    setTimeout(() => process.exit(0), 2000).unref();
    void Promise.allSettled([server.close(), Promise.resolve().then(onShutdown)]).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return server;
}
