import { Command, Option } from 'commander';
import type { ReplaySpeed } from '../../shared/protocol.ts';
import { MemoryBus } from '../bus/memory-bus.ts';
import { Edge } from '../edge.ts';
import { UsageError } from '../errors.ts';
import { formatExchangeTime, localDateOf, localToEpoch } from '../exchange-time.ts';
import { Producer } from '../producer.ts';
import { describeDamage } from '../recording/describe.ts';
import { Recording } from '../recording/reader.ts';
import { ReplayController } from '../replay-controller.ts';
import { addServerOptions, edgeOptionsFrom, type ServerFlags } from './server-options.ts';
import { closeOnSignal, startServing } from './serving.ts';
import { replaySpeed, replayStart, type ReplayStart } from './values.ts';
import { RedisBus, REDIS_BUS_DEFAULTS } from '../bus/redis-bus.ts';
import { prefixArg, redisUrl, type RedisFlags } from './redis-options.ts';
import { startFeedOperations, stopOnSignal } from './feed-operations.ts';

interface ReplayFlags extends ServerFlags, Partial<RedisFlags> {
  speed: ReplaySpeed;
  loop: boolean;
  from?: ReplayStart;
  paused: boolean;
  control: boolean;
  skipBad: boolean;
}

export function replayCommand(): Command {
  const command = new Command('replay')
    .description('Serve a recording over the same HTTP port and /ws protocol as live, on one shared replay clock.')
    .argument('<file>', 'recording to play (from serve --record, record or import)')
    .addOption(new Option('--speed <x>', 'playback speed, 0.25 to 1000, or max').default(1).argParser(replaySpeed))
    .addOption(new Option('--loop', 'start again from the beginning at the end (a new epoch each time)').default(false))
    .addOption(new Option('--from <time>', 'start here: HH:MM on the first day, or "YYYY-MM-DD HH:MM", in the recording\'s time zone').argParser(replayStart))
    .addOption(new Option('--paused', 'start paused').default(false))
    .addOption(new Option('--no-control', 'viewers cannot play, pause, seek or change speed (for wall displays)'))
    .addOption(new Option('--skip-bad', 'skip corrupt lines instead of stopping at the first one').default(false));
  addServerOptions(command);
  command
    .addOption(new Option('--redis <url>', 'publish to Redis for `tickwall edge` processes to serve, instead of serving browsers here (then --port answers only /healthz and /metrics)').env('TICKWALL_REDIS').argParser(redisUrl))
    .addOption(new Option('--redis-prefix <prefix>', 'key prefix: one feed per prefix').default(REDIS_BUS_DEFAULTS.prefix).argParser(prefixArg));
  return command.action(async (file: string, flags: ReplayFlags) => replay(file, flags));
}

async function replay(file: string, flags: ReplayFlags): Promise<void> {
  const recording = await Recording.load(file, { skipBad: flags.skipBad });
  const damage = describeDamage(recording);
  if (damage) console.error(`tickwall: ${file}: ${damage}`);
  const { timeZone } = recording.header;
  const { start, end } = recording.range;

  let from: number | undefined;
  if (flags.from !== undefined) {
    const date = flags.from.date ?? localDateOf(timeZone, start);
    from = localToEpoch(timeZone, date.year, date.month, date.day, flags.from.seconds * 1000);
    if (from < start || from > end) {
      throw new UsageError(`--from is outside the recording, which runs from ${formatExchangeTime(timeZone, start)} to ${formatExchangeTime(timeZone, end)}`);
    }
  }

  const description =
    `replay of ${file}, ${recording.header.symbols.length} symbols, ${recording.tickCount.toLocaleString('en-US')} ticks, ` +
    `${formatExchangeTime(timeZone, start)} to ${formatExchangeTime(timeZone, end)}, speed ${flags.speed}` +
    `${flags.loop ? ', looping' : ''}${flags.paused ? ', paused' : ''}${flags.control ? '' : ', no control'}`;
  const bus = flags.redis ? new RedisBus({ url: flags.redis, prefix: flags.redisPrefix, log: (line) => console.error(line) }) : new MemoryBus();
  if (bus instanceof RedisBus) {
    console.error(`tickwall: connecting to ${flags.redis}`);
    await bus.connect();
  }
  const producer = new Producer(bus, { mode: 'replay', symbols: recording.header.symbols, range: recording.range, batchIntervalMs: recording.header.batchIntervalMs, timeZone });
  const controller = new ReplayController(producer, recording, {
    speed: flags.speed,
    loop: flags.loop,
    paused: flags.paused,
    controllable: flags.control,
    ...(from === undefined ? {} : { from }),
  });
  controller.start();
  if (bus instanceof RedisBus) return publishOnly(bus, producer, flags, description, () => controller.stop());
  const edge = new Edge(bus, edgeOptionsFrom(flags));
  const server = await startServing(edge, flags, description);
  closeOnSignal(server, () => controller.stop());
}

/** A replay feeding edges through Redis: no browsers here, /healthz and /metrics on --port. */
async function publishOnly(bus: RedisBus, producer: Producer, flags: ReplayFlags, description: string, stop: () => void): Promise<void> {
  const operations = await startFeedOperations(bus, producer, flags.host, flags.port);
  console.log(`tickwall: feed publishing to ${flags.redis} (prefix ${flags.redisPrefix}): ${description}; health and metrics at ${operations.url}`);
  stopOnSignal(async () => {
    stop();
    await Promise.allSettled([bus.close(), operations.close()]);
  });
}
