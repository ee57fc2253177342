import { Command, Option } from 'commander';
import { RedisBus } from '../bus/redis-bus.ts';
import { ensureWritableTarget } from '../errors.ts';
import { startFeedOperations, stopOnSignal } from './feed-operations.ts';
import { addRedisOptions, type RedisFlags } from './redis-options.ts';
import { describeHours, startSimulatedFeed } from './simulated-feed.ts';
import { addSimulatorOptions, type SimulatorFlags } from './simulator-options.ts';
import { hostAddress, integerIn } from './values.ts';

interface FeedFlags extends RedisFlags, SimulatorFlags {
  port: number;
  host: string;
  record?: string;
  force: boolean;
}

export function feedCommand(): Command {
  const command = new Command('feed').description(
    'Run the simulated feed alone, publishing each batch once to Redis for any number of `tickwall edge` processes to serve. Serves no browsers; /healthz and /metrics on --port.',
  );
  addRedisOptions(command);
  addSimulatorOptions(command);
  return command
    .addOption(new Option('-p, --port <n>', 'port for /healthz and /metrics; 0 picks a free one').default(8079).argParser(integerIn(0, 65535, 'port')))
    .addOption(new Option('--host <addr>', 'address for /healthz and /metrics').default('127.0.0.1').argParser(hostAddress))
    .addOption(new Option('--record <file>', 'also record everything the feed publishes (.gz for gzip)'))
    .addOption(new Option('--force', 'overwrite the --record file if it exists').default(false))
    .action(async (flags: FeedFlags) => feed(flags));
}

async function feed(flags: FeedFlags): Promise<void> {
  if (flags.record) ensureWritableTarget(flags.record, flags.force);
  const bus = new RedisBus({ url: flags.redis, prefix: flags.redisPrefix, log: (line) => console.error(line) });
  console.error(`tickwall: connecting to ${flags.redis}`);
  await bus.connect();
  const simulated = startSimulatedFeed(bus, flags);
  const operations = await startFeedOperations(bus, simulated.producer, flags.host, flags.port);
  console.log(
    `tickwall: feed publishing to ${flags.redis} (prefix ${flags.redisPrefix}): live, ${simulated.market.universe.length} symbols, seed ${flags.seed}, ${flags.rate} ticks/s, ` +
      `${describeHours(simulated.market, simulated.now())}; health and metrics at ${operations.url}`,
  );
  stopOnSignal(async () => {
    await Promise.allSettled([simulated.stop(), bus.close(), operations.close()]);
  });
  simulated.pacer.start();
}
