import { Command, Option } from 'commander';
import { MemoryBus } from '../bus/memory-bus.ts';
import { Edge } from '../edge.ts';
import { addServerOptions, edgeOptionsFrom, type ServerFlags } from './server-options.ts';
import { closeOnSignal, startServing } from './serving.ts';
import { addSimulatorOptions, type SimulatorFlags } from './simulator-options.ts';
import { describeHours, startSimulatedFeed } from './simulated-feed.ts';
import { ensureWritableTarget } from '../errors.ts';

interface ServeFlags extends ServerFlags, SimulatorFlags {
  record?: string;
  force: boolean;
}

export function serveCommand(): Command {
  const command = new Command('serve').description('Serve the dashboard and the live simulated feed (WebSocket at /ws) on one port.');
  addServerOptions(command);
  addSimulatorOptions(command);
  return command
    .addOption(new Option('--record <file>', 'also record everything the feed sends (.gz for gzip)'))
    .addOption(new Option('--force', 'overwrite the --record file if it exists').default(false))
    .action(async (flags: ServeFlags) => serve(flags));
}

/** The all-in-one: simulator, producer, in-process bus, edge and server in this process. */
async function serve(flags: ServeFlags): Promise<void> {
  if (flags.record) ensureWritableTarget(flags.record, flags.force);
  const bus = new MemoryBus();
  const feed = startSimulatedFeed(bus, flags);
  const edge = new Edge(bus, { ...edgeOptionsFrom(flags), now: feed.now });
  const server = await startServing(
    edge,
    flags,
    `live, ${feed.market.universe.length} symbols, seed ${flags.seed}, ${flags.rate} ticks/s, ${flags.batchMs} ms batches, ${describeHours(feed.market, feed.now())}` +
      (flags.record ? `, recording to ${flags.record}` : ''),
  );
  closeOnSignal(server, () => feed.stop());
  feed.pacer.start();
}
