import type { BarColumns, SymbolMeta, TimeRange } from '../../shared/protocol.ts';
import { RECORDING_FORMAT, RECORDING_VERSION, type RecordingHeader } from '../recording/format.ts';
import { RecordingWriter } from '../recording/writer.ts';
import { batchesOf } from './assemble.ts';
import { ImportError, type ImportedData, type ParsedFile } from './import-types.ts';
import type { ImportBatch } from './tick-stream.ts';

/** Called now and then while writing, with ticks written so far. */
export type WriteProgress = (written: number) => void;

/** What an import's header says, besides the batches. */
export interface ImportDescription {
  importer: 'lean' | 'csv';
  files: readonly Pick<ParsedFile, 'name' | 'rows' | 'skipped'>[];
  notes: readonly string[];
  symbols: SymbolMeta[];
  range: TimeRange;
  zone: string;
  batchMs: number;
  daily?: ReadonlyMap<string, BarColumns>;
}

/**
 * Writes batches as a recording, awaiting the writer whenever the disk is
 * behind, so memory stays bounded however large the import. The file is
 * written beside the target and renamed into place at the end: a failed
 * import leaves no file behind. Resolves with the batch count.
 */
export async function writeBatches(out: string, description: ImportDescription, batches: AsyncIterable<ImportBatch> | Iterable<ImportBatch>, onProgress: WriteProgress = () => {}): Promise<number> {
  const header: RecordingHeader = {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    createdAt: Date.now(),
    source: { kind: 'import', importer: description.importer, files: description.files.map((f) => ({ name: f.name, rows: f.rows, skipped: f.skipped })), notes: [...description.notes] },
    timeZone: description.zone,
    symbols: description.symbols,
    range: description.range,
    batchIntervalMs: description.batchMs,
  };
  let failure: Error | null = null;
  const writer = new RecordingWriter(out, header, { atomic: true, ...(description.daily ? { daily: description.daily } : {}), onError: (error) => (failure = error) });
  let written = 0;
  let count = 0;
  // Ctrl-C (or a TERM) while writing stops at the next batch and removes the partial file: no half recording is left behind.
  let interrupted: NodeJS.Signals | null = null;
  const interrupt = (signal: NodeJS.Signals) => (interrupted = signal);
  process.once('SIGINT', interrupt).once('SIGTERM', interrupt);
  try {
    for await (const batch of batches) {
      const keepGoing = writer.append(batch.seq, batch.time, batch.ticks);
      written += batch.ticks.length;
      count++;
      if (!keepGoing) await writer.drained();
      if (failure || interrupted) break;
      if (count % 2000 === 0) onProgress(written);
    }
  } catch (error) {
    await writer.abort();
    throw error;
  } finally {
    process.off('SIGINT', interrupt).off('SIGTERM', interrupt);
  }
  if (interrupted) {
    await writer.abort();
    throw new ImportError(`interrupted (${interrupted}) while writing ${out}: nothing was written`);
  }
  if (failure) {
    await writer.abort();
    throw new Error(`writing ${out} failed: ${(failure as Error).message}`);
  }
  await writer.close();
  return count;
}

/** Writes imported data held in memory (the Lean importer's) as a recording; resolves with its batch count. */
export async function writeImport(out: string, day: ImportedData, importer: 'lean' | 'csv', zone: string, batchMs: number, onProgress: WriteProgress = () => {}): Promise<number> {
  if (day.ticks.length === 0) throw new Error('nothing to import: the input held no trades');
  const range = { start: day.ticks[0]!.time, end: day.ticks[day.ticks.length - 1]!.time };
  return writeBatches(out, { importer, files: day.files, notes: day.notes, symbols: day.symbols, range, zone, batchMs, daily: day.daily }, batchesOf(day.ticks, batchMs), onProgress);
}
