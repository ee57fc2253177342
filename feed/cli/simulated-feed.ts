import type { Bus } from '../bus/bus.ts';
import { LivePacer } from '../live-pacer.ts';
import { Producer } from '../producer.ts';
import { RecordingWriter } from '../recording/writer.ts';
import { simulatedMarket, simulatorRecordingHeader, type SimulatedMarket, type SimulatorFlags } from './simulator-options.ts';

export interface SimulatedFeed {
  producer: Producer;
  pacer: LivePacer;
  market: SimulatedMarket;
  now: () => number;
  /** Stops the pacer and finishes the recording, if any. */
  stop(): Promise<void>;
}

/**
 * The simulated market publishing onto a bus: what `serve` runs beside its
 * edge, and `feed` runs alone on Redis. The stream starts (with the
 * simulated past) before this returns; call pacer.start() to go live.
 */
export function startSimulatedFeed(bus: Bus, flags: SimulatorFlags & { record?: string }): SimulatedFeed {
  // The simulated clock runs at real speed from --start (or now); everything that stamps time reads it.
  const startTime = flags.start ?? Date.now();
  const offset = startTime - Date.now();
  const now = () => Date.now() + offset;
  const market = simulatedMarket(flags, startTime);
  const { symbols, calendar } = market.simulator;
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
  return {
    producer,
    pacer,
    market,
    now,
    stop: async () => {
      pacer.stop();
      await recorder?.close();
    },
  };
}

/** "market open", "closed (weekend), history from Fri 2026-11-20": what a user starting the feed should know. */
export function describeHours(market: SimulatedMarket, at: number): string {
  const status = market.simulator.calendar.status(at);
  const state = status.phase === 'closed' ? `market closed (${status.holiday ?? status.closedReason ?? 'closed'}; use --hours always to trade now)` : `market ${status.phase}`;
  return `${state}, session ${market.past.sessionDay}`;
}
