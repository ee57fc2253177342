import { existsSync } from 'node:fs';

/** A problem with what the user asked for (as opposed to a runtime failure): exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Recordings are never overwritten by accident. */
export function ensureWritableTarget(path: string, force: boolean): void {
  if (existsSync(path) && !force) throw new UsageError(`${path} already exists; choose another name or pass --force to overwrite it`);
}
