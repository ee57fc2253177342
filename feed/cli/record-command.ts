import { Command, Option } from 'commander';
import { LivePacer } from '../live-pacer.ts';
import { RecordingWriter } from '../recording/writer.ts';
import { Sequencer } from '../sequencer.ts';
import { ProgressBar } from './progress.ts';
import { addSimulatorOptions, simulatedMarket, simulatorRecordingHeader, type SimulatorFlags } from './simulator-options.ts';
import { ensureWritableTarget } from '../errors.ts';
import { duration } from './values.ts';

interface RecordFlags extends SimulatorFlags {
  out: string;
  duration: number;
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
    .addOption(new Option('--force', 'overwrite --out if it exists').default(false));
  addSimulatorOptions(command);
  return command.action(async (flags: RecordFlags) => record(flags));
}

async function record(flags: RecordFlags): Promise<void> {
  ensureWritableTarget(flags.out, flags.force, { replaces: true });
  const startTime = flags.start ?? Date.now();
  const market = simulatedMarket(flags, startTime);
  const status = market.simulator.calendar.status(startTime);
  if (status.phase === 'closed') {
    const reopens = status.nextChange === null ? '' : ` until ${new Date(status.nextChange).toISOString()}`;
    console.error(`tickwall: the simulated market is closed at the start (${status.holiday ?? status.closedReason}): no ticks${reopens}. Use --start or --hours always to record trading.`);
  }
  let clock = startTime;
  let failure: Error | null = null;
  // Written beside the target and renamed into place at the end: a failed run leaves no half recording behind.
  const writer = new RecordingWriter(flags.out, simulatorRecordingHeader(flags, market, startTime), { atomic: true, onError: (error) => (failure = error) });
  // Only what a recording needs: the simulator paced on a simulated clock, and batches numbered as a live feed numbers them.
  const sequencer = new Sequencer();
  let diskBehind = false;
  const pacer = new LivePacer(
    market.simulator,
    (ticks) => {
      const batch = sequencer.next(ticks, clock);
      if (batch) diskBehind = !writer.append(batch.seq, batch.time, batch.ticks) || diskBehind;
    },
    { batchIntervalMs: flags.batchMs, now: () => clock },
  );
  // Ctrl-C ends the recording early but keeps what was recorded, complete and readable.
  let interrupted = false;
  const interrupt = () => (interrupted = true);
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);

  const progress = new ProgressBar('recording', flags.duration);
  const end = startTime + flags.duration;
  try {
    while (clock < end && !failure && !interrupted) {
      clock = Math.min(end, clock + flags.batchMs);
      pacer.flush(clock);
      progress.update(clock - startTime, `${writer.stats.ticks.toLocaleString('en-US')} ticks`);
      // The simulated clock waits for the disk: memory stays flat at any rate and duration.
      if (diskBehind) {
        diskBehind = false;
        await writer.drained();
      } else if (writer.stats.batches % 2000 === 0) {
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  } finally {
    progress.done();
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
  await writer.close();
  if (failure) throw new Error(`recording to ${flags.out} failed: ${(failure as Error).message}`);
  const { batches, ticks } = writer.stats;
  const cut = interrupted ? `, stopped early at ${Math.round((clock - startTime) / 1000)} s of ${Math.round(flags.duration / 1000)} s` : '';
  console.log(`tickwall: recorded ${batches.toLocaleString('en-US')} batches, ${ticks.toLocaleString('en-US')} ticks to ${flags.out}${cut}`);
}
