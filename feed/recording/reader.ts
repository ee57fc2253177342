import type { Quote, Tick, TimeRange } from '../../shared/protocol.ts';
import { DayState } from '../day-state.ts';
import { BatchStore, MAX_STORE_BYTES } from './batch-store.ts';
import { BatchLine, DailyLine, EndLine, READABLE_VERSIONS, RECORDING_FORMAT, RecordingError, RecordingHeader } from './format.ts';
import { readLines } from './line-reader.ts';
import { RecordingBars } from './recording-bars.ts';
import type { StreamHistory } from '../stream-state.ts';

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

/** What a pass over a recording learns without keeping its batches (enough for `inspect`). */
export interface RecordingSummary {
  readonly path: string;
  readonly header: RecordingHeader;
  readonly end: EndLine | null;
  readonly damage: RecordingDamage;
  readonly range: TimeRange;
  readonly tickCount: number;
  readonly batchCount: number;
  /** Daily history from the daily lines (version 2): per symbol, how many bars and the first and last bar's start. */
  readonly daily: readonly DailySummary[];
}

export interface DailySummary {
  symbol: string;
  bars: number;
  first: number;
  last: number;
}

interface Checkpoint {
  /** State after applying batches [0, batchIndex). */
  batchIndex: number;
  quotes: Quote[];
}

/**
 * A loaded recording: every batch held compactly in memory (BatchStore), an
 * index of batch times and seqs, and state checkpoints, so any batch can be
 * decoded on demand and any moment's state rebuilt from the nearest
 * checkpoint. Loading streams the file, so its size on disk does not matter;
 * what is held is about a tenth of the JSON.
 */
export class Recording implements RecordingSummary {
  private constructor(
    readonly path: string,
    readonly header: RecordingHeader,
    readonly end: EndLine | null,
    readonly damage: RecordingDamage,
    readonly range: TimeRange,
    readonly tickCount: number,
    private readonly store: BatchStore,
    /** When each batch went out; replay paces on these. */
    readonly batchTimes: Float64Array,
    readonly seqs: Float64Array,
    private readonly checkpoints: Checkpoint[],
    private readonly bars: RecordingBars,
    readonly daily: readonly DailySummary[],
  ) {}

  get batchCount(): number {
    return this.batchTimes.length;
  }

  static async load(path: string, options: ReadOptions = {}): Promise<Recording> {
    let store: BatchStore | null = null;
    let bars: RecordingBars | null = null;
    const checkpoints: Checkpoint[] = [];
    let state: DayState | null = null;
    let checkpointEvery = 0;
    let sinceCheckpoint = 0;
    const scan = await scanLines(path, options.skipBad ?? false, {
      onHeader(header) {
        store = new BatchStore(header.symbols);
        bars = new RecordingBars(header.symbols);
        state = new DayState(header.symbols);
        checkpointEvery = Math.max(10_000, header.symbols.length * 50);
        checkpoints.push({ batchIndex: 0, quotes: state.all() });
      },
      onDaily(line) {
        bars!.setDaily(line.symbol, line.bars);
      },
      onBatch(batch, index) {
        store!.add(batch.seq, batch.ticks);
        if (store!.byteLength > MAX_STORE_BYTES) {
          throw new RecordingError('too_large', `${path}: too large to replay: its batches take more than ${MAX_STORE_BYTES / 1024 ** 3} GiB even in compact form`);
        }
        state!.apply(batch.ticks);
        bars!.add(batch.ticks);
        sinceCheckpoint += batch.ticks.length;
        if (sinceCheckpoint >= checkpointEvery) {
          checkpoints.push({ batchIndex: index + 1, quotes: state!.all() });
          sinceCheckpoint = 0;
        }
      },
    });
    return new Recording(path, scan.header, scan.end, scan.damage, scan.range, scan.tickCount, store!, scan.times, scan.seqs, checkpoints, bars!, scan.daily);
  }

  /** One pass that validates and counts, keeping nothing: constant memory, for `inspect`. */
  static async summarize(path: string, options: ReadOptions = {}): Promise<RecordingSummary> {
    const scan = await scanLines(path, options.skipBad ?? false, { onHeader() {}, onBatch() {} }, false);
    return { path, header: scan.header, end: scan.end, damage: scan.damage, range: scan.range, tickCount: scan.tickCount, batchCount: scan.batchCount, daily: scan.daily };
  }

  /** Batch i, decoded from the compact store. */
  batch(i: number): BatchLine {
    return { type: 'batch', seq: this.seqs[i]!, time: this.batchTimes[i]!, ticks: this.store.ticks(i) };
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

  /** Every symbol's bars as a live feed would hold them at `time`, with batches [0, batchIndex) sent (see RecordingBars). */
  historyBefore(batchIndex: number, time: number): StreamHistory {
    const first = this.batchIndexAfter(RecordingBars.replayFrom(time) - 1);
    const store = this.store;
    function* batches(): Generator<readonly Tick[]> {
      for (let i = first; i < batchIndex; i++) yield store.ticks(i);
    }
    return this.bars.historyAt(time, batches());
  }

  /** The day state after batches [0, batchIndex), rebuilt from the nearest checkpoint. */
  stateBefore(batchIndex: number, into: DayState): void {
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

interface ScanHooks {
  onHeader(header: RecordingHeader): void;
  /** A daily-history line (version 2), before any batch. */
  onDaily?(line: DailyLine): void;
  /** Each valid batch, with its index among the batches kept. */
  onBatch(batch: BatchLine, index: number): void;
}

interface ScanResult {
  header: RecordingHeader;
  end: EndLine | null;
  damage: RecordingDamage;
  range: TimeRange;
  tickCount: number;
  batchCount: number;
  times: Float64Array;
  seqs: Float64Array;
  daily: DailySummary[];
}

/** One streaming pass over the lines: validates each, and hands valid batches to the hooks in order. */
async function scanLines(path: string, skipBad: boolean, hooks: ScanHooks, keepIndex = true): Promise<ScanResult> {
  const damage: RecordingDamage = { tornTailBytes: 0, skippedLines: [], skippedCount: 0 };
  const times: number[] = [];
  const seqs: number[] = [];
  let header: RecordingHeader | null = null;
  let symbols: ReadonlySet<string> = new Set();
  let end: EndLine | null = null;
  let tickCount = 0;
  let batchCount = 0;
  let lastSeq = 0;
  let start = Infinity;
  let finish = -Infinity;
  let previous: { number: number; text: string } | null = null;
  const daily: DailySummary[] = [];

  const bad = (number: number, reason: string, text: string, complete: boolean, isLast: boolean) => {
    // A torn last line is expected after a crash; a bad line anywhere else is corruption.
    if (isLast && !complete) {
      damage.tornTailBytes = Buffer.byteLength(text);
      return;
    }
    if (!skipBad) throw new RecordingError('corrupt_line', `${path}: line ${number} is corrupt: ${reason} (use --skip-bad to skip corrupt lines)`);
    damage.skippedCount++;
    if (damage.skippedLines.length < 20) damage.skippedLines.push(number);
  };

  // Each line is judged once the next one is known, so the reader knows which line is the last.
  const judge = (number: number, text: string, complete: boolean, isLast: boolean) => {
    if (header === null) {
      header = parseHeader(path, text, complete);
      symbols = new Set(header.symbols.map((s) => s.symbol));
      hooks.onHeader(header);
      return;
    }
    if (text.trim() === '') return;
    const parsed = parseBody(text, symbols);
    if (!parsed.ok) return bad(number, parsed.reason, text, complete, isLast);
    if (parsed.line.type === 'end') {
      end = parsed.line;
      return;
    }
    if (parsed.line.type === 'daily') {
      if (header.version < 2) return bad(number, 'daily lines need format version 2', text, complete, isLast);
      if (batchCount > 0) return bad(number, 'a daily line after the first batch', text, complete, isLast);
      hooks.onDaily?.(parsed.line);
      const { time } = parsed.line.bars;
      if (time.length > 0) daily.push({ symbol: parsed.line.symbol, bars: time.length, first: time[0]!, last: time[time.length - 1]! });
      return;
    }
    const batch = parsed.line;
    if (batchCount > 0 && batch.seq <= lastSeq) return bad(number, `seq ${batch.seq} does not follow ${lastSeq}`, text, complete, isLast);
    hooks.onBatch(batch, batchCount);
    batchCount++;
    lastSeq = batch.seq;
    tickCount += batch.ticks.length;
    for (const tick of batch.ticks) {
      if (tick.time < start) start = tick.time;
      if (tick.time > finish) finish = tick.time;
    }
    if (keepIndex) {
      times.push(batch.time);
      seqs.push(batch.seq);
    }
  };

  let lastComplete = true;
  for await (const line of readLines(path)) {
    if (previous) judge(previous.number, previous.text, true, false);
    previous = line;
    lastComplete = line.complete;
  }
  if (previous) judge(previous.number, previous.text, lastComplete, true);

  if (header === null) throw new RecordingError('empty_file', `${path}: the file is empty (no header line)`);
  if (batchCount === 0) throw new RecordingError('no_batches', `${path}: the recording holds no batches`);
  return { header, end, damage, range: { start, end: finish }, tickCount, batchCount, times: Float64Array.from(times), seqs: Float64Array.from(seqs), daily };
}

function parseHeader(path: string, text: string, complete: boolean): RecordingHeader {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const reason = complete ? 'line 1 is not JSON' : 'the header line is incomplete';
    throw new RecordingError('not_a_recording', `${path}: not a tickwall recording (${reason})`);
  }
  const format = (value as { format?: unknown } | null)?.format;
  if (format !== RECORDING_FORMAT) throw new RecordingError('not_a_recording', `${path}: not a tickwall recording (line 1 has no "format": "${RECORDING_FORMAT}")`);
  const version = (value as { version?: unknown }).version;
  if (typeof version !== 'number' || !READABLE_VERSIONS.includes(version)) {
    throw new RecordingError('unsupported_version', `${path}: recording format version ${JSON.stringify(version)} is not supported; this tickwall reads versions ${READABLE_VERSIONS.join(' and ')}`);
  }
  const result = RecordingHeader.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new RecordingError('not_a_recording', `${path}: line 1: invalid header: ${issue.path.join('.')}: ${issue.message}`);
  }
  return result.data;
}

function parseBody(text: string, symbols: ReadonlySet<string>): { ok: true; line: BatchLine | EndLine | DailyLine } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not valid JSON (${(error as Error).message})` };
  }
  const type = (value as { type?: unknown } | null)?.type;
  const schema = type === 'batch' ? BatchLine : type === 'end' ? EndLine : type === 'daily' ? DailyLine : null;
  if (!schema) return { ok: false, reason: `unknown line type ${JSON.stringify(type)}` };
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    return { ok: false, reason: `invalid ${type} line: ${issue.path.join('.')}: ${issue.message}` };
  }
  if (result.data.type === 'batch') {
    const stranger = result.data.ticks.find((tick) => !symbols.has(tick.symbol));
    if (stranger) return { ok: false, reason: `symbol ${stranger.symbol} is not in the header's symbol list` };
  }
  if (result.data.type === 'daily') {
    const { symbol, bars } = result.data;
    if (!symbols.has(symbol)) return { ok: false, reason: `symbol ${symbol} is not in the header's symbol list` };
    const lengths = new Set(Object.values(bars).map((column) => column.length));
    if (lengths.size !== 1) return { ok: false, reason: `daily bars of ${symbol}: columns of different lengths` };
    if (bars.time.some((t, i) => i > 0 && t <= bars.time[i - 1]!)) return { ok: false, reason: `daily bars of ${symbol}: times not increasing` };
  }
  return { ok: true, line: result.data };
}
