import { InvalidArgumentError, Option, type Command } from 'commander';
import { REDIS_BUS_DEFAULTS } from '../bus/redis-bus.ts';

export interface RedisFlags {
  redis: string;
  redisPrefix: string;
}

/** Where the stream lives, shared by `feed` and `edge`: they must agree on both. */
export function addRedisOptions(command: Command): Command {
  return command
    .addOption(new Option('--redis <url>', 'Redis to publish to / read from, e.g. redis://127.0.0.1:6379').env('TICKWALL_REDIS').makeOptionMandatory().argParser(redisUrl))
    .addOption(new Option('--redis-prefix <prefix>', 'key prefix: one feed per prefix').default(REDIS_BUS_DEFAULTS.prefix).argParser(prefixArg));
}

export function redisUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidArgumentError(`not a URL: ${raw} (expected e.g. redis://127.0.0.1:6379)`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new InvalidArgumentError(`${raw}: a Redis URL starts with redis:// or rediss://`);
  return raw;
}

export function prefixArg(raw: string): string {
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(raw)) throw new InvalidArgumentError(`--redis-prefix must be 1 to 64 of A-Z, a-z, 0-9, _ . : -, not ${JSON.stringify(raw)}`);
  return raw;
}
