import { createWriteStream, type WriteStream } from 'node:fs';
import { constants as zlibConstants, createGzip, type Gzip } from 'node:zlib';
import type { Tick, TimeRange } from '../../shared/protocol.ts';
import { isGzipPath, type BatchLine, type EndLine, type RecordingHeader } from './format.ts';

export interface RecordingWriterOptions {
  /** Longest time data may sit in memory before it is handed to the OS. */
  flushIntervalMs?: number;
  /**
   * If the disk falls this far behind, recording stops with an error rather
   * than buffering without bound; the feed itself is not affected.
   */
  maxPendingBytes?: number;
  onError?: (error: Error) => void;
}

const DEFAULT_FLUSH_MS = 1000;
const DEFAULT_MAX_PENDING = 64 * 1024 * 1024;

/**
 * Appends batches to a recording. Lines are buffered and written at least
 * once a second (gzip is sync-flushed each time, so a crash loses at most the
 * last second and leaves at most one torn line). A write error is reported
 * once through onError and recording stops; publishing never throws.
 */
export class RecordingWriter {
  private readonly file: WriteStream;
  private readonly gzip: Gzip | null;
  private readonly timer: NodeJS.Timeout;
  private readonly maxPendingBytes: number;
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
    this.file = createWriteStream(path, { flags: 'w' });
    this.file.on('error', (error) => this.fail(error));
    this.gzip = isGzipPath(path) ? createGzip() : null;
    if (this.gzip) {
      this.gzip.on('error', (error) => this.fail(error));
      this.gzip.pipe(this.file);
    }
    this.pending.push(`${JSON.stringify(header)}\n`);
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

  append(seq: number, time: number, ticks: readonly Tick[]): void {
    if (this.failed || this.closed || ticks.length === 0) return;
    const line: BatchLine = { type: 'batch', seq, time, ticks: [...ticks] };
    const text = `${JSON.stringify(line)}\n`;
    this.pending.push(text);
    this.pendingBytes += text.length;
    this.batches++;
    this.ticks += ticks.length;
    const first = ticks[0]!.time;
    const last = ticks[ticks.length - 1]!.time;
    this.range = this.range ? { start: Math.min(this.range.start, first), end: Math.max(this.range.end, last) } : { start: first, end: last };
    const backlog = this.pendingBytes + (this.gzip?.writableLength ?? 0) + this.file.writableLength;
    if (backlog > this.maxPendingBytes) this.fail(new Error(`the disk is not keeping up (${Math.round(backlog / 1048576)} MiB waiting)`));
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

  /** Writes the end line and closes; resolves when the file is complete on disk. */
  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.timer);
    if (!this.failed) {
      const end: EndLine = { type: 'end', range: this.range, batches: this.batches, ticks: this.ticks };
      this.pending.push(`${JSON.stringify(end)}\n`);
      this.flush();
    }
    this.closed = true;
    await new Promise<void>((resolve) => {
      if (this.failed) return resolve();
      this.file.once('close', () => resolve());
      this.file.once('error', () => resolve());
      if (this.gzip) this.gzip.end();
      else this.file.end();
    });
  }

  private fail(error: Error): void {
    if (this.failed) return;
    this.failed = error;
    this.pending = [];
    clearInterval(this.timer);
    this.options.onError?.(error);
    this.gzip?.unpipe();
    this.file.destroy();
  }
}
