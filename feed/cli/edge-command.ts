import { Command } from 'commander';
import { RedisBus } from '../bus/redis-bus.ts';
import { Edge } from '../edge.ts';
import { startServer } from '../server.ts';
import { buildWebIfNeeded } from '../web-build.ts';
import { addRedisOptions, type RedisFlags } from './redis-options.ts';
import { addServerOptions, edgeOptionsFrom, serverOptionsFrom, type ServerFlags } from './server-options.ts';
import { closeOnSignal } from './serving.ts';

interface EdgeFlags extends ServerFlags, RedisFlags {}

export function edgeCommand(): Command {
  const command = new Command('edge').description(
    'Serve the dashboard and the WebSocket from a feed on Redis (`tickwall feed`): same page, same protocol, any number of edges behind a load balancer.',
  );
  addServerOptions(command);
  addRedisOptions(command);
  return command.action(async (flags: EdgeFlags) => edge(flags));
}

async function edge(flags: EdgeFlags): Promise<void> {
  if (flags.buildIfNeeded) buildWebIfNeeded(flags.staticDir);
  const bus = new RedisBus({ url: flags.redis, prefix: flags.redisPrefix, log: (line) => console.error(line) });
  const edge = new Edge(bus, edgeOptionsFrom(flags));
  // Listens at once: until the feed's stream arrives, /healthz says why not and WebSocket clients get 503 and retry.
  const server = await startServer(edge, { ...serverOptionsFrom(flags), role: 'edge', waitForStream: false });
  console.log(`tickwall: edge serving ${server.url} from ${flags.redis} (prefix ${flags.redisPrefix})${flags.token ? ', token required' : ''}`);
  closeOnSignal(server, () => bus.close());
}
