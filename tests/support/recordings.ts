import { LivePacer } from '../../feed/live-pacer.ts';
import { RecordingWriter } from '../../feed/recording/writer.ts';
import { RECORDING_FORMAT, RECORDING_VERSION, type RecordingHeader } from '../../feed/recording/format.ts';
import { Sequencer } from '../../feed/sequencer.ts';
import { MarketSimulator } from '../../feed/simulator.ts';
import { DEFAULT_UNIVERSE } from '../../feed/universe.ts';
import type { Tick } from '../../shared/protocol.ts';

export interface PublishedBatch {
  seq: number;
  time: number;
  ticks: Tick[];
}

/**
 * Records a seeded simulation exactly as `tickwall record` does, and returns
 * what the feed published, for comparison with a replay.
 */
export async function recordSimulation(path: string, options: { seconds: number; seed?: number; rate?: number; startTime?: number }): Promise<PublishedBatch[]> {
  const startTime = options.startTime ?? Date.UTC(2026, 0, 5, 15, 0, 0);
  const batchIntervalMs = 50;
  const simulator = new MarketSimulator({ universe: DEFAULT_UNIVERSE, seed: options.seed ?? 3, ticksPerSecond: options.rate ?? 400, startTime });
  let clock = startTime;
  const sequencer = new Sequencer();
  const published: PublishedBatch[] = [];
  const pacer = new LivePacer(
    simulator,
    (ticks) => {
      const batch = sequencer.next(ticks, clock);
      if (!batch) return;
      writer.append(batch.seq, batch.time, batch.ticks);
      published.push({ seq: batch.seq, time: batch.time, ticks: [...batch.ticks] });
    },
    { batchIntervalMs, now: () => clock },
  );
  const header: RecordingHeader = {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    createdAt: Date.now(),
    source: { kind: 'simulator', seed: String(options.seed ?? 3), ticksPerSecond: options.rate ?? 400, batchIntervalMs, startTime, universe: 'default' },
    timeZone: 'America/New_York',
    symbols: [...simulator.symbols],
    range: null,
    batchIntervalMs,
  };
  const writer = new RecordingWriter(path, header);
  while (clock < startTime + options.seconds * 1000) {
    clock += batchIntervalMs;
    pacer.flush(clock);
  }
  await writer.close();
  return published;
}

export function headerFor(symbols = ['AAPL']): RecordingHeader {
  return {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    createdAt: 0,
    source: { kind: 'simulator', seed: '1', ticksPerSecond: 10, batchIntervalMs: 50, startTime: 0, universe: 'default' },
    timeZone: 'America/New_York',
    symbols: symbols.map((symbol) => ({ symbol, name: symbol, sector: 'Test', prevClose: 100, tickSize: 0.01 })),
    range: null,
    batchIntervalMs: 50,
  };
}
