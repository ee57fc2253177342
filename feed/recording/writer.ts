import { createWriteStream, renameSync, rmSync, type WriteStream } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { constants as zlibConstants, createGzip, type Gzip } from 'node:zlib';
import type { BarColumns, Tick, TimeRange } from '../../shared/protocol.ts';
import { isGzipPath, type BatchLine, type DailyLine, type EndLine, type RecordingHeader } from './format.ts';

export interface RecordingWriterOptions {
  /** Daily bars from before the recorded days, by symbol: written after the header (format version 2). */
  daily?: ReadonlyMap<string, BarColumns>;
  /** Longest time data may sit in memory before it is handed to the OS; a crash loses at most about this much. */
  flushIntervalMs?: number;
  /**
   * The backlog (bytes not yet on disk) at which a live recording gives up
   * with an error rather than buffering without bound; the feed itself is
   * not affected. Writers that can wait (record, import) await drained()
   * and never come near it.
   */
  maxPendingBytes?: number;
  /**
   * Write to a temporary file beside the target and rename it into place on
   * close(), so an interrupted or failed run leaves no file that looks like a
   * recording (abort() removes it). A live recording writes in place, so a
   * crash leaves a readable file.
   */
  atomic?: boolean;
  onError?: (error: Error) => void;
}

const DEFAULT_FLUSH_MS = 500;
const DEFAULT_MAX_PENDING = 64 * 1024 * 1024;
/** Lines are handed over when this much is waiting, not only on the timer. */
const FLUSH_BYTES = 1024 * 1024;
/** append() reports "wait" above this backlog; drained() resolves below it. */
const HIGH_WATER_BYTES = 8 * 1024 * 1024;

/**
 * Appends batches to a recording. Lines are handed to the OS at least every
 * 500 ms and whenever a megabyte is waiting (gzip is sync-flushed each
 * time, so a crash loses at most the last half second and leaves at most
 * one torn line). append() returns false when the disk is behind, and
 * drained() resolves when it has caught up: a headless writer awaits it, so
 * it can never outrun the disk. A write error is reported once through
 * onError and recording stops; append() never throws.
 */
export class RecordingWriter {
  private readonly file: WriteStream;
  private readonly gzip: Gzip | null;
  private readonly timer: NodeJS.Timeout;
  private readonly maxPendingBytes: number;
  /** Where the bytes go until close(): the target itself, or a temporary file beside it. */
  private readonly writingTo: string;
  private pending: string[] = [];
  private pendingBytes = 0;
  private failed: Error | null = null;
  private closed = false;
  private batches = 0;
  private ticks = 0;
  private range: TimeRange | null = null;

  constructor(
    readonly path: string,
    header: RecordingHeader,
    private readonly options: RecordingWriterOptions = {},
  ) {
    this.maxPendingBytes = options.maxPendingBytes ?? DEFAULT_MAX_PENDING;
    this.writingTo = options.atomic ? join(dirname(path), `.${basename(path)}.partial-${process.pid}`) : path;
    this.file = createWriteStream(this.writingTo, { flags: 'w' });
    this.file.on('error', (error) => this.fail(error));
    this.gzip = isGzipPath(path) ? createGzip() : null;
    if (this.gzip) {
      this.gzip.on('error', (error) => this.fail(error));
      this.gzip.pipe(this.file);
    }
    this.pending.push(`${JSON.stringify(header)}\n`);
    for (const [symbol, bars] of options.daily ?? []) {
      if (bars.time.length > 0) this.pending.push(`${JSON.stringify({ type: 'daily', symbol, bars } satisfies DailyLine)}\n`);
    }
    this.flush();
    this.timer = setInterval(() => this.flush(), options.flushIntervalMs ?? DEFAULT_FLUSH_MS);
    this.timer.unref();
  }

  get error(): Error | null {
    return this.failed;
  }

  get stats(): { batches: number; ticks: number; range: TimeRange | null } {
    return { batches: this.batches, ticks: this.ticks, range: this.range };
  }

  /** Bytes appended but not yet on disk. */
  get backlog(): number {
    return this.pendingBytes + (this.gzip?.writableLength ?? 0) + this.file.writableLength;
  }

  /** Returns false when the caller should await drained() before appending more. */
  append(seq: number, time: number, ticks: readonly Tick[]): boolean {
    if (this.failed || this.closed || ticks.length === 0) return !this.failed;
    const line: BatchLine = { type: 'batch', seq, time, ticks: [...ticks] };
    const text = `${JSON.stringify(line)}\n`;
    this.pending.push(text);
    this.pendingBytes += text.length;
    this.batches++;
    this.ticks += ticks.length;
    const first = ticks[0]!.time;
    const last = ticks[ticks.length - 1]!.time;
    this.range = this.range ? { start: Math.min(this.range.start, first), end: Math.max(this.range.end, last) } : { start: first, end: last };
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
    const backlog = this.backlog;
    if (backlog > this.maxPendingBytes) this.fail(new Error(`the disk is not keeping up (${Math.round(backlog / 1048576)} MiB waiting)`));
    return backlog < HIGH_WATER_BYTES;
  }

  /** Resolves once the backlog is below the high-water mark (at once if it is), or the writer failed. */
  async drained(): Promise<void> {
    while (!this.failed && !this.closed && this.backlog >= HIGH_WATER_BYTES) {
      const stream = this.gzip && this.gzip.writableLength >= this.file.writableLength ? this.gzip : this.file;
      await new Promise<void>((resolve) => {
        const done = () => {
          stream.off('drain', done);
          stream.off('close', done);
          resolve();
        };
        stream.once('drain', done);
        stream.once('close', done);
        // A stream below its own high-water mark emits no 'drain': poll rather than wait forever.
        setTimeout(done, 50).unref();
      });
    }
  }

  /** Hands buffered lines to the OS now. */
  flush(): void {
    if (this.failed || this.pending.length === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    if (this.gzip) {
      this.gzip.write(chunk);
      this.gzip.flush(zlibConstants.Z_SYNC_FLUSH);
    } else {
      this.file.write(chunk);
    }
  }

  /** Writes the end line and closes; resolves when the file is complete on disk (and, if atomic, in place). */
  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.timer);
    if (!this.failed) {
      const end: EndLine = { type: 'end', range: this.range, batches: this.batches, ticks: this.ticks };
      this.pending.push(`${JSON.stringify(end)}\n`);
      this.flush();
    }
    this.closed = true;
    await this.finishFile();
    if (this.writingTo === this.path) return;
    if (this.failed) this.removeTemporary();
    else renameSync(this.writingTo, this.path);
  }

  /** Stops and removes what was written (atomic writers only leave nothing; a live recording keeps its file). */
  async abort(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.timer);
    this.closed = true;
    this.pending = [];
    await this.finishFile();
    if (this.writingTo !== this.path) this.removeTemporary();
  }

  private finishFile(): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.failed || this.file.closed) return resolve();
      this.file.once('close', () => resolve());
      this.file.once('error', () => resolve());
      if (this.gzip) this.gzip.end();
      else this.file.end();
    });
  }

  private removeTemporary(): void {
    rmSync(this.writingTo, { force: true });
  }

  private fail(error: Error): void {
    if (this.failed) return;
    this.failed = error;
    this.pending = [];
    clearInterval(this.timer);
    this.options.onError?.(error);
    this.gzip?.unpipe();
    this.file.destroy();
    if (this.writingTo !== this.path) this.removeTemporary();
  }
}
