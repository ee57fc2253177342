import { RECORDING_FORMAT, RECORDING_VERSION, type RecordingHeader } from '../recording/format.ts';
import { RecordingWriter } from '../recording/writer.ts';
import { batchesOf } from './assemble.ts';
import type { ImportedData } from './import-types.ts';

/** Called now and then while writing, with ticks written so far and in all. */
export type WriteProgress = (written: number, total: number) => void;

/** Writes imported data as a recording; resolves with its batch count once the file is complete. */
export async function writeImport(out: string, day: ImportedData, importer: 'lean' | 'csv', zone: string, batchMs: number, onProgress: WriteProgress = () => {}): Promise<number> {
  if (day.ticks.length === 0) throw new Error('nothing to import: the input held no trades');
  const range = { start: day.ticks[0]!.time, end: day.ticks[day.ticks.length - 1]!.time };
  const header: RecordingHeader = {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    createdAt: Date.now(),
    source: {
      kind: 'import',
      importer,
      files: day.files.map((f) => ({ name: f.name, rows: f.rows, skipped: f.skipped })),
      notes: day.notes,
    },
    timeZone: zone,
    symbols: day.symbols,
    range,
    batchIntervalMs: batchMs,
  };
  let failure: Error | null = null;
  // Written beside the target and renamed into place at the end: a failed import leaves no file behind.
  const writer = new RecordingWriter(out, header, { atomic: true, daily: day.daily, onError: (error) => (failure = error) });
  let written = 0;
  let batches = 0;
  try {
    for (const batch of batchesOf(day.ticks, batchMs)) {
      const keepGoing = writer.append(batch.seq, batch.time, batch.ticks);
      written += batch.ticks.length;
      batches++;
      if (!keepGoing) await writer.drained();
      if (failure) break;
      if (batches % 2000 === 0) onProgress(written, day.ticks.length);
    }
  } catch (error) {
    await writer.abort();
    throw error;
  }
  await writer.close();
  if (failure) throw new Error(`writing ${out} failed: ${(failure as Error).message}`);
  return batches;
}
