import { Command, Option } from 'commander';
import { Feed } from '../feed.ts';
import { LivePacer } from '../live-pacer.ts';
import { RecordingWriter } from '../recording/writer.ts';
import { ProgressBar } from './progress.ts';
import { addSimulatorOptions, simulatedMarket, simulatorRecordingHeader, type SimulatorFlags } from './simulator-options.ts';
import { ensureWritableTarget } from './usage-error.ts';
import { duration, isoInstant } from './values.ts';

interface RecordFlags extends SimulatorFlags {
  out: string;
  duration: number;
  start?: number;
  force: boolean;
}

export function recordCommand(): Command {
  const command = new Command('record').description(
    'Record a simulated session without serving it. The simulated clock runs as fast as the machine allows, ' +
      'and the batches are exactly those a live feed with the same options would send.',
  );
  command
    .requiredOption('-o, --out <file>', 'recording to write (.gz for gzip)')
    .addOption(new Option('-d, --duration <time>', 'simulated time to record, e.g. 90s, 10m, 1h').default(600_000, '10m').argParser(duration))
    .addOption(new Option('--start <iso>', 'simulated start time (default: now)').argParser(isoInstant))
    .addOption(new Option('--force', 'overwrite --out if it exists').default(false));
  addSimulatorOptions(command);
  return command.action(async (flags: RecordFlags) => record(flags));
}

async function record(flags: RecordFlags): Promise<void> {
  ensureWritableTarget(flags.out, flags.force);
  const startTime = flags.start ?? Date.now();
  const market = simulatedMarket(flags, startTime);
  let clock = startTime;
  const feed = new Feed(market.simulator, { batchIntervalMs: flags.batchMs, now: () => clock });
  const pacer = new LivePacer(market.simulator, (ticks) => feed.publish(ticks), { batchIntervalMs: flags.batchMs, now: () => clock });
  let failure: Error | null = null;
  const writer = new RecordingWriter(flags.out, simulatorRecordingHeader(flags, market, startTime), { onError: (error) => (failure = error) });
  feed.onBatch((seq, ticks, time) => writer.append(seq, time, ticks));

  const progress = new ProgressBar('recording', flags.duration);
  const end = startTime + flags.duration;
  while (clock < end && !failure) {
    clock = Math.min(end, clock + flags.batchMs);
    pacer.flush(clock);
    progress.update(clock - startTime, `${writer.stats.ticks.toLocaleString('en-US')} ticks`);
    // Let the file stream drain now and then, so memory stays flat on long recordings.
    if (writer.stats.batches % 2000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  progress.done();
  await writer.close();
  if (failure) throw new Error(`recording to ${flags.out} failed: ${(failure as Error).message}`);
  const { batches, ticks } = writer.stats;
  console.log(`tickwall: recorded ${batches.toLocaleString('en-US')} batches, ${ticks.toLocaleString('en-US')} ticks to ${flags.out}`);
}
