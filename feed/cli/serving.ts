import type { Edge } from '../edge.ts';
import { startServer, type RunningServer } from '../server.ts';
import { buildWebIfNeeded } from '../web-build.ts';
import { serverOptionsFrom, type ServerFlags } from './server-options.ts';

/**
 * Serves an edge on the flags' port (building the web app first if asked)
 * and prints the one line that says where. The token itself is never printed.
 */
export async function startServing(edge: Edge, flags: ServerFlags, description: string): Promise<RunningServer> {
  if (flags.buildIfNeeded) buildWebIfNeeded(flags.staticDir);
  const server = await startServer(edge, serverOptionsFrom(flags));
  console.log(`tickwall: serving ${server.url} (${description}, epoch ${edge.epoch}${flags.token ? ', token required' : ''})`);
  return server;
}

/**
 * Until SIGINT or SIGTERM; then closes every client with 1001, runs the
 * shutdown hook (e.g. finishing a recording) and exits 0 within 2 s.
 */
export function closeOnSignal(server: RunningServer, onShutdown: () => Promise<void> | void = () => {}): void {
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
}
