import { Command, Option } from 'commander';
import type { ClientSession } from '../client-session.ts';
import { Feed } from '../feed.ts';
import { LivePacer } from '../live-pacer.ts';
import { RecordingWriter } from '../recording/writer.ts';
import { addServerOptions, feedOptionsFrom, serveUntilSignalled, type ServerFlags } from './server-options.ts';
import { addSimulatorOptions, simulatedMarket, simulatorRecordingHeader, type SimulatorFlags } from './simulator-options.ts';
import { ensureWritableTarget } from './usage-error.ts';

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

async function serve(flags: ServeFlags): Promise<void> {
  if (flags.record) ensureWritableTarget(flags.record, flags.force);
  const startTime = Date.now();
  const market = simulatedMarket(flags, startTime);
  const feed = new Feed<ClientSession>(market.simulator, { batchIntervalMs: flags.batchMs, ...feedOptionsFrom(flags) });
  const pacer = new LivePacer(market.simulator, (ticks) => feed.publish(ticks), { batchIntervalMs: flags.batchMs });

  let recorder: RecordingWriter | null = null;
  if (flags.record) {
    const path = flags.record;
    recorder = new RecordingWriter(path, simulatorRecordingHeader(flags, market, startTime), {
      onError: (error) => console.error(`tickwall: recording to ${path} stopped: ${error.message}. The live feed keeps running.`),
    });
    const writer = recorder;
    feed.onBatch((seq, ticks, time) => writer.append(seq, time, ticks));
  }

  await serveUntilSignalled(
    feed,
    flags,
    () =>
      `live, ${market.universe.length} symbols, seed ${flags.seed}, ${flags.rate} ticks/s, ${flags.batchMs} ms batches` +
      (flags.record ? `, recording to ${flags.record}` : ''),
    async () => {
      pacer.stop();
      await recorder?.close();
    },
  );
  pacer.start();
}
