import { Command, Option } from 'commander';
import { MemoryBus } from '../bus/memory-bus.ts';
import { Edge } from '../edge.ts';
import { LivePacer } from '../live-pacer.ts';
import { Producer } from '../producer.ts';
import { RecordingWriter } from '../recording/writer.ts';
import { addServerOptions, edgeOptionsFrom, type ServerFlags } from './server-options.ts';
import { closeOnSignal, startServing } from './serving.ts';
import { addSimulatorOptions, simulatedMarket, simulatorRecordingHeader, type SimulatedMarket, type SimulatorFlags } from './simulator-options.ts';
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
  // The simulated clock runs at real speed from --start (or now); everything that stamps time reads it.
  const startTime = flags.start ?? Date.now();
  const offset = startTime - Date.now();
  const now = () => Date.now() + offset;
  const market = simulatedMarket(flags, startTime);
  const { symbols, calendar } = market.simulator;
  const bus = new MemoryBus();
  const producer = new Producer(bus, { mode: 'live', symbols, batchIntervalMs: flags.batchMs, timeZone: calendar.timeZone }, { now });
  const pacer = new LivePacer(market.simulator, (ticks) => producer.publish(ticks), { batchIntervalMs: flags.batchMs, now });

  let recorder: RecordingWriter | null = null;
  if (flags.record) {
    const path = flags.record;
    recorder = new RecordingWriter(path, simulatorRecordingHeader(flags, market, startTime), {
      onError: (error) => console.error(`tickwall: recording to ${path} stopped: ${error.message}. The live feed keeps running.`),
    });
    const writer = recorder;
    producer.onBatch((batch) => writer.append(batch.seq, batch.time, batch.ticks));
  }

  producer.start(market.past.quotes, 0, market.past.history);
  // The stream holds its own copy now; at 5,000 symbols the past's is hundreds of MiB.
  market.past.history.clear();
  const edge = new Edge(bus, { ...edgeOptionsFrom(flags), now });
  const server = await startServing(
    edge,
    flags,
    `live, ${market.universe.length} symbols, seed ${flags.seed}, ${flags.rate} ticks/s, ${flags.batchMs} ms batches, ${describeHours(market, startTime)}` +
      (flags.record ? `, recording to ${flags.record}` : ''),
  );
  closeOnSignal(server, async () => {
    pacer.stop();
    await recorder?.close();
  });
  pacer.start();
}

/** "market open", "closed (weekend), history from Fri 2026-11-20": what a user starting the feed should know. */
function describeHours(market: SimulatedMarket, at: number): string {
  const status = market.simulator.calendar.status(at);
  const state = status.phase === 'closed' ? `market closed (${status.holiday ?? status.closedReason ?? 'closed'}; use --hours always to trade now)` : `market ${status.phase}`;
  return `${state}, session ${market.past.sessionDay}`;
}
