/**
 * The tickwall recording format, version 2: JSON Lines, gzip when the name
 * ends in .gz. Line 1 is the header; then daily-history lines (version 2:
 * daily bars from before the recorded days, e.g. an import's daily files);
 * then one line per batch as it went out; a clean close adds an end line.
 * Version 1 files are the same without daily lines and are still read.
 * docs/recording-format.md documents it.
 */
import { z } from 'zod';
import { BarColumns, SymbolMeta, Tick, TimeRange } from '../../shared/protocol.ts';

export const RECORDING_FORMAT = 'tickwall-recording';
export const RECORDING_VERSION = 2;
/** The versions this reader accepts. */
export const READABLE_VERSIONS: readonly number[] = [1, 2];

const SimulatorSource = z.object({
  kind: z.literal('simulator'),
  seed: z.string(),
  ticksPerSecond: z.number(),
  batchIntervalMs: z.number(),
  startTime: z.number(),
  universe: z.string().describe('How the symbol list was chosen, e.g. "default", "universe:500", "symbols:AAPL,MSFT".'),
});

const ImportSource = z.object({
  kind: z.literal('import'),
  importer: z.enum(['lean', 'csv']),
  files: z.array(z.object({ name: z.string(), rows: z.number().int(), skipped: z.number().int() })),
  notes: z.array(z.string()).describe('How the source was interpreted, e.g. how bars became ticks.'),
});

export const RecordingHeader = z.object({
  format: z.literal(RECORDING_FORMAT),
  version: z.number().int(),
  createdAt: z.number().int(),
  source: z.discriminatedUnion('kind', [SimulatorSource, ImportSource]),
  timeZone: z.string(),
  symbols: z.array(SymbolMeta).min(1),
  range: TimeRange.nullable().describe('Known up front for imports; null for a live recording (see the end line).'),
  batchIntervalMs: z.number().int().positive(),
});
export type RecordingHeader = z.infer<typeof RecordingHeader>;

export const BatchLine = z.object({
  type: z.literal('batch'),
  seq: z.number().int().positive(),
  /** When the batch went out: the feed clock for a live recording, the batch window's end for an import. */
  time: z.number().int(),
  ticks: z.array(Tick).min(1),
});
export type BatchLine = z.infer<typeof BatchLine>;

export const DailyLine = z.object({
  type: z.literal('daily'),
  symbol: z.string(),
  /** Daily bars before the first recorded day, oldest first; each starts at local midnight of its trading day. */
  bars: BarColumns,
});
export type DailyLine = z.infer<typeof DailyLine>;

export const EndLine = z.object({
  type: z.literal('end'),
  range: TimeRange.nullable(),
  batches: z.number().int().nonnegative(),
  ticks: z.number().int().nonnegative(),
});
export type EndLine = z.infer<typeof EndLine>;

/** Errors a reader reports, each with a stable code. */
export type RecordingErrorCode =
  | 'missing_file'
  | 'unreadable_file'
  | 'empty_file'
  | 'not_a_recording'
  | 'unsupported_version'
  | 'corrupt_line'
  | 'corrupt_gzip'
  | 'too_large'
  | 'no_batches';

export class RecordingError extends Error {
  constructor(
    readonly code: RecordingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RecordingError';
  }
}

export function isGzipPath(path: string): boolean {
  return path.toLowerCase().endsWith('.gz');
}
