import { existsSync, statSync } from 'node:fs';

/** A problem with what the user asked for (as opposed to a runtime failure): exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Recordings are never overwritten by accident. A writer that renames its
 * finished file into place (record, import) would replace whatever is
 * there, so it refuses anything but a regular file even with --force (it
 * replaced /dev/full once); one that writes in place (serve --record) may
 * write to a device.
 */
export function ensureWritableTarget(path: string, force: boolean, { replaces = false } = {}): void {
  if (!existsSync(path)) return;
  if (replaces && !statSync(path).isFile()) throw new UsageError(`${path} exists and is not a regular file; choose a file name`);
  if (!force) throw new UsageError(`${path} already exists; choose another name or pass --force to overwrite it`);
}
