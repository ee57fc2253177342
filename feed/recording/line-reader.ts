import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { constants as zlibConstants, createGunzip } from 'node:zlib';
import { RecordingError } from './format.ts';

export interface Line {
  /** 1-based. */
  number: number;
  text: string;
  /** False only for a last line without its newline: a write cut short. */
  complete: boolean;
}

/** A line longer than this is corrupt, not a batch: it is never held whole. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/**
 * The lines of a recording, streamed from disk in constant memory (one
 * chunk and one line at a time), gunzipped when the file starts with the
 * gzip magic bytes. A gzip stream cut off mid-way (a killed recorder) ends
 * at its last complete block instead of failing.
 */
export async function* readLines(path: string): AsyncGenerator<Line> {
  const input = await openInput(path);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let number = 0;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      let start = 0;
      for (let end = chunk.indexOf(0x0a); end !== -1; end = chunk.indexOf(0x0a, start)) {
        const piece = chunk.subarray(start, end);
        const text = pendingBytes > 0 ? Buffer.concat([...pending, piece]).toString('utf8') : piece.toString('utf8');
        pending = [];
        pendingBytes = 0;
        yield { number: ++number, text, complete: true };
        start = end + 1;
      }
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
        if (pendingBytes > MAX_LINE_BYTES) throw new RecordingError('corrupt_line', `${path}: line ${number + 1} is longer than ${MAX_LINE_BYTES / 1048576} MiB`);
      }
    }
  } catch (error) {
    if (error instanceof RecordingError) throw error;
    throw new RecordingError('corrupt_gzip', `${path}: the gzip data is damaged: ${(error as Error).message}`);
  } finally {
    input.destroy();
  }
  if (pendingBytes > 0) yield { number: ++number, text: Buffer.concat(pending).toString('utf8'), complete: false };
}

async function openInput(path: string): Promise<Readable> {
  const magic = Buffer.alloc(2);
  try {
    const handle = await open(path, 'r');
    try {
      await handle.read(magic, 0, 2, 0);
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new RecordingError('missing_file', `${path}: no such file`);
    throw new RecordingError('unreadable_file', `${path}: cannot read: ${(error as Error).message}`);
  }
  const file = createReadStream(path, { highWaterMark: 1024 * 1024 });
  if (magic[0] !== 0x1f || magic[1] !== 0x8b) return file;
  // Sync-flush finishing decodes a stream cut off mid-way instead of throwing.
  const gunzip = createGunzip({ finishFlush: zlibConstants.Z_SYNC_FLUSH, chunkSize: 1024 * 1024 });
  file.on('error', (error) => gunzip.destroy(error));
  return file.pipe(gunzip);
}
