import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { EdgeOptions } from '../edge.ts';
import { DEFAULT_RECENT_BATCH_LIMITS } from '../recent-batches.ts';
import { SERVER_DEFAULTS, type ServerOptions } from '../server.ts';
import { accessToken, hostAddress, hostList, integerIn } from './values.ts';

const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../dist', import.meta.url));

export interface ServerFlags {
  port: number;
  host: string;
  staticDir: string;
  buildIfNeeded: boolean;
  token?: string;
  allowOrigin: string[];
  allowHost: string[];
  maxClients: number;
  maxClientsPerIp: number;
  pingMs: number;
  resumeBatches: number;
  resumeSeconds: number;
}

/** Where and what to serve, shared by `serve` and `replay`. */
export function addServerOptions(command: Command): Command {
  return command
    .addOption(new Option('-p, --port <n>', 'HTTP port; 0 picks a free one').default(8080).argParser(integerIn(0, 65535, 'port')))
    .addOption(new Option('--host <addr>', 'address to bind; 0.0.0.0 exposes it to the network').default('127.0.0.1').argParser(hostAddress))
    .addOption(new Option('--static-dir <dir>', 'directory of the built web app').default(DEFAULT_STATIC_DIR, 'dist/'))
    .addOption(new Option('--build-if-needed', 'build the web app first if it is missing or stale').default(false).hideHelp())
    .addOption(new Option('--token <token>', 'require this token to connect (?token= or Authorization: Bearer)').env('TICKWALL_TOKEN').argParser(accessToken))
    .addOption(new Option('--allow-host <names>', 'extra Host names the server answers, comma-separated, e.g. wall.example.com or .example.com (loopback names and the bound address always are)').default([], 'none').argParser(hostList))
    .addOption(new Option('--allow-origin <origins>', 'extra browser origins allowed to connect, comma-separated (the page\'s own and localhost always are)').default([], 'none').argParser(originList))
    .addOption(new Option('--max-clients <n>', 'connections in all; more get 503').default(SERVER_DEFAULTS.maxClients).argParser(integerIn(1, 1_000_000, 'max clients')))
    .addOption(new Option('--max-clients-per-ip <n>', 'connections from one address; more get 429').default(SERVER_DEFAULTS.maxClientsPerIp).argParser(integerIn(1, 1_000_000, 'max clients per ip')))
    .addOption(new Option('--ping-ms <ms>', 'ping interval; a client missing two pongs is dropped').default(SERVER_DEFAULTS.pingIntervalMs).argParser(integerIn(100, 600_000, 'ping interval')))
    .addOption(new Option('--resume-batches <n>', 'recent batches kept for clients that reconnect').default(DEFAULT_RECENT_BATCH_LIMITS.maxBatches).argParser(integerIn(0, 1_000_000, 'resume batches')))
    .addOption(new Option('--resume-seconds <s>', 'and no older than this').default(DEFAULT_RECENT_BATCH_LIMITS.maxAgeMs / 1000).argParser(integerIn(0, 3600, 'resume seconds')));
}

function originList(raw: string): string[] {
  return raw
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean)
    .map((origin) => {
      try {
        return new URL(origin).origin;
      } catch {
        throw new InvalidArgumentError(`not an origin: ${origin} (expected e.g. https://wall.example.com)`);
      }
    });
}

/** The edge's options that come from server flags. */
export function edgeOptionsFrom(flags: ServerFlags): EdgeOptions {
  return { recentBatches: { ...DEFAULT_RECENT_BATCH_LIMITS, maxBatches: flags.resumeBatches, maxAgeMs: flags.resumeSeconds * 1000 } };
}

/** The HTTP and WebSocket server's options that come from server flags. */
export function serverOptionsFrom(flags: ServerFlags): ServerOptions {
  return {
    host: flags.host,
    port: flags.port,
    staticDir: flags.staticDir,
    token: flags.token ?? null,
    allowedOrigins: flags.allowOrigin,
    allowedHosts: flags.allowHost,
    maxClients: flags.maxClients,
    maxClientsPerIp: flags.maxClientsPerIp,
    pingIntervalMs: flags.pingMs,
    log: (line) => console.error(line),
  };
}
