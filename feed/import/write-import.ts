import { RECORDING_FORMAT, RECORDING_VERSION, type RecordingHeader } from '../recording/format.ts';
import { RecordingWriter } from '../recording/writer.ts';
import { ProgressBar } from '../cli/progress.ts';
import { batchesOf } from './assemble.ts';
import type { ImportedDay } from './import-types.ts';

/** Writes an imported day as a recording; resolves with its batch count once the file is complete. */
export async function writeImportedDay(out: string, day: ImportedDay, importer: 'lean' | 'csv', zone: string, batchMs: number): Promise<number> {
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
  const writer = new RecordingWriter(out, header, { onError: (error) => (failure = error) });
  const progress = new ProgressBar('writing', day.ticks.length);
  let written = 0;
  let batches = 0;
  for (const batch of batchesOf(day.ticks, batchMs)) {
    writer.append(batch.seq, batch.time, batch.ticks);
    written += batch.ticks.length;
    if (++batches % 2000 === 0) {
      writer.flush();
      progress.update(written);
      await new Promise((resolve) => setImmediate(resolve));
      if (failure) break;
    }
  }
  progress.done();
  await writer.close();
  if (failure) throw new Error(`writing ${out} failed: ${(failure as Error).message}`);
  return batches;
}
