import { readFile } from 'node:fs/promises';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import type { Quote, TimeRange } from '../../shared/protocol.ts';
import { MarketState } from '../market-state.ts';
import { BatchLine, EndLine, RECORDING_FORMAT, RECORDING_VERSION, RecordingError, RecordingHeader } from './format.ts';

/** Recordings are held in memory while replayed; beyond this they are refused with a clear error. */
export const MAX_RECORDING_BYTES = 1024 * 1024 * 1024;

export interface ReadOptions {
  /** Skip corrupt lines in the middle instead of stopping at the first one. */
  skipBad?: boolean;
}

export interface RecordingDamage {
  /** Bytes of an incomplete last line (a write cut short by a crash), dropped. */
  tornTailBytes: number;
  /** Corrupt lines skipped with skipBad, by 1-based line number (first 20). */
  skippedLines: number[];
  skippedCount: number;
}

interface Checkpoint {
  /** State after applying batches [0, batchIndex). */
  batchIndex: number;
  quotes: Quote[];
}

/**
 * A loaded recording: the decompressed bytes, an index of every batch line
 * (byte offset, length, time, seq) and state checkpoints, so any batch can be
 * parsed on demand and any moment's state rebuilt from the nearest checkpoint.
 */
export class Recording {
  private constructor(
    readonly path: string,
    readonly header: RecordingHeader,
    readonly end: EndLine | null,
    readonly damage: RecordingDamage,
    readonly range: TimeRange,
    readonly tickCount: number,
    private readonly bytes: Buffer,
    private readonly offsets: Float64Array,
    private readonly lengths: Uint32Array,
    /** When each batch went out; replay paces on these. */
    readonly batchTimes: Float64Array,
    readonly seqs: Float64Array,
    private readonly checkpoints: Checkpoint[],
  ) {}

  get batchCount(): number {
    return this.batchTimes.length;
  }

  static async load(path: string, options: ReadOptions = {}): Promise<Recording> {
    let raw: Buffer;
    try {
      raw = await readFile(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new RecordingError('missing_file', `${path}: no such file`);
      throw new RecordingError('unreadable_file', `${path}: cannot read: ${(error as Error).message}`);
    }
    return Recording.fromBytes(path, raw, options);
  }

  static fromBytes(path: string, raw: Buffer, options: ReadOptions = {}): Recording {
    if (raw.length === 0) throw new RecordingError('empty_file', `${path}: the file is empty (no header line)`);
    const bytes = decompress(path, raw);
    return new RecordingScanner(path, bytes, options.skipBad ?? false).scan((...args) => new Recording(...args));
  }

  /** Parses batch i from its indexed bytes. */
  batch(i: number): BatchLine {
    const start = this.offsets[i]!;
    return JSON.parse(this.bytes.toString('utf8', start, start + this.lengths[i]!)) as BatchLine;
  }

  /** Index of the first batch sent after recorded time t (batches at or before t are history). */
  batchIndexAfter(t: number): number {
    let low = 0;
    let high = this.batchCount;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.batchTimes[mid]! <= t) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The day state after batches [0, batchIndex), rebuilt from the nearest checkpoint. */
  stateBefore(batchIndex: number, into: MarketState): void {
    let checkpoint = this.checkpoints[0]!;
    for (const candidate of this.checkpoints) {
      if (candidate.batchIndex > batchIndex) break;
      checkpoint = candidate;
    }
    into.clear();
    into.load(checkpoint.quotes);
    for (let i = checkpoint.batchIndex; i < batchIndex; i++) into.apply(this.batch(i).ticks);
  }
}

type RecordingArgs = [
  path: string,
  header: RecordingHeader,
  end: EndLine | null,
  damage: RecordingDamage,
  range: TimeRange,
  tickCount: number,
  bytes: Buffer,
  offsets: Float64Array,
  lengths: Uint32Array,
  batchTimes: Float64Array,
  seqs: Float64Array,
  checkpoints: Checkpoint[],
];

function decompress(path: string, raw: Buffer): Buffer {
  const gzipped = raw[0] === 0x1f && raw[1] === 0x8b;
  if (!gzipped) {
    if (raw.length > MAX_RECORDING_BYTES) throw new RecordingError('too_large', `${path}: larger than ${MAX_RECORDING_BYTES / 1048576} MiB`);
    return raw;
  }
  try {
    // Sync-flush finishing decodes a stream cut off mid-way instead of throwing.
    return gunzipSync(raw, { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: MAX_RECORDING_BYTES });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new RecordingError('too_large', `${path}: decompresses to more than ${MAX_RECORDING_BYTES / 1048576} MiB`);
    }
    throw new RecordingError('corrupt_gzip', `${path}: the gzip data is damaged: ${(error as Error).message}`);
  }
}

/** One pass over the lines: validates, indexes, and checkpoints the state. */
class RecordingScanner {
  private readonly offsets: number[] = [];
  private readonly lengths: number[] = [];
  private readonly times: number[] = [];
  private readonly seqs: number[] = [];
  private readonly damage: RecordingDamage = { tornTailBytes: 0, skippedLines: [], skippedCount: 0 };
  private readonly checkpoints: Checkpoint[] = [];
  private end: EndLine | null = null;
  private tickCount = 0;
  private range: TimeRange | null = null;

  constructor(
    private readonly path: string,
    private readonly bytes: Buffer,
    private readonly skipBad: boolean,
  ) {}

  scan(create: (...args: RecordingArgs) => Recording): Recording {
    const { bytes, path } = this;
    let lineStart = 0;
    let lineNumber = 0;
    let header: RecordingHeader | null = null;
    let state: MarketState | null = null;
    let checkpointEvery = 0;
    let sinceCheckpoint = 0;

    while (lineStart < bytes.length) {
      let lineEnd = bytes.indexOf(0x0a, lineStart);
      const complete = lineEnd !== -1;
      if (!complete) lineEnd = bytes.length;
      lineNumber++;
      const text = bytes.toString('utf8', lineStart, lineEnd);
      const isLast = !complete || lineEnd + 1 >= bytes.length;

      if (header === null) {
        header = this.parseHeader(text, complete);
        state = new MarketState(header.symbols);
        checkpointEvery = Math.max(10_000, header.symbols.length * 50);
        this.checkpoints.push({ batchIndex: 0, quotes: state.all() });
      } else if (text.trim() !== '') {
        const parsed = this.parseBody(text);
        if (parsed.ok && parsed.line.type === 'batch') {
          const batch = parsed.line;
          if (this.seqs.length > 0 && batch.seq <= this.seqs[this.seqs.length - 1]!) {
            this.bad(lineNumber, `seq ${batch.seq} does not follow ${this.seqs[this.seqs.length - 1]}`, text, isLast, complete);
          } else {
            this.index(batch, lineStart, lineEnd - lineStart);
            state!.apply(batch.ticks);
            sinceCheckpoint += batch.ticks.length;
            if (sinceCheckpoint >= checkpointEvery) {
              this.checkpoints.push({ batchIndex: this.times.length, quotes: state!.all() });
              sinceCheckpoint = 0;
            }
          }
        } else if (parsed.ok && parsed.line.type === 'end') {
          this.end = parsed.line;
        } else if (!parsed.ok) {
          this.bad(lineNumber, parsed.reason, text, isLast, complete);
        }
      }
      lineStart = lineEnd + 1;
    }

    if (header === null) throw new RecordingError('empty_file', `${path}: the file is empty (no header line)`);
    if (this.times.length === 0 || this.range === null) throw new RecordingError('no_batches', `${path}: the recording holds no batches`);
    return create(
      path,
      header,
      this.end,
      this.damage,
      this.range,
      this.tickCount,
      bytes,
      Float64Array.from(this.offsets),
      Uint32Array.from(this.lengths),
      Float64Array.from(this.times),
      Float64Array.from(this.seqs),
      this.checkpoints,
    );
  }

  private parseHeader(text: string, complete: boolean): RecordingHeader {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      const reason = complete ? 'line 1 is not JSON' : 'the header line is incomplete';
      throw new RecordingError('not_a_recording', `${this.path}: not a tickwall recording (${reason})`);
    }
    const format = (value as { format?: unknown } | null)?.format;
    if (format !== RECORDING_FORMAT) throw new RecordingError('not_a_recording', `${this.path}: not a tickwall recording (line 1 has no "format": "${RECORDING_FORMAT}")`);
    const version = (value as { version?: unknown }).version;
    if (version !== RECORDING_VERSION) {
      throw new RecordingError('unsupported_version', `${this.path}: recording format version ${JSON.stringify(version)} is not supported; this tickwall reads version ${RECORDING_VERSION}`);
    }
    const result = RecordingHeader.safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw new RecordingError('not_a_recording', `${this.path}: line 1: invalid header: ${issue.path.join('.')}: ${issue.message}`);
    }
    return result.data;
  }

  private parseBody(text: string): { ok: true; line: BatchLine | EndLine } | { ok: false; reason: string } {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { ok: false, reason: `not valid JSON (${(error as Error).message})` };
    }
    const type = (value as { type?: unknown } | null)?.type;
    const schema = type === 'batch' ? BatchLine : type === 'end' ? EndLine : null;
    if (!schema) return { ok: false, reason: `unknown line type ${JSON.stringify(type)}` };
    const result = schema.safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      return { ok: false, reason: `invalid ${type} line: ${issue.path.join('.')}: ${issue.message}` };
    }
    return { ok: true, line: result.data };
  }

  private index(batch: BatchLine, offset: number, length: number): void {
    this.offsets.push(offset);
    this.lengths.push(length);
    this.times.push(batch.time);
    this.seqs.push(batch.seq);
    this.tickCount += batch.ticks.length;
    let { start, end } = this.range ?? { start: Infinity, end: -Infinity };
    for (const tick of batch.ticks) {
      if (tick.time < start) start = tick.time;
      if (tick.time > end) end = tick.time;
    }
    this.range = { start, end };
  }

  /** A torn last line is expected after a crash; a bad line anywhere else is corruption. */
  private bad(lineNumber: number, reason: string, text: string, isLast: boolean, complete: boolean): void {
    if (isLast && !complete) {
      this.damage.tornTailBytes = Buffer.byteLength(text);
      return;
    }
    if (!this.skipBad) {
      throw new RecordingError('corrupt_line', `${this.path}: line ${lineNumber} is corrupt: ${reason} (use --skip-bad to skip corrupt lines)`);
    }
    this.damage.skippedCount++;
    if (this.damage.skippedLines.length < 20) this.damage.skippedLines.push(lineNumber);
  }
}
