import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Newest modification time of any file under these paths. */
function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (path: string): void => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) visit(join(path, entry));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  paths.forEach(visit);
  return newest;
}

/**
 * Builds the web app when the build is missing or older than its sources, so
 * `npm start` on a fresh clone or after a pull always serves current code.
 */
export function buildWebIfNeeded(outDir: string, projectRoot = PROJECT_ROOT): void {
  const index = join(outDir, 'index.html');
  const sources = [join(projectRoot, 'web'), join(projectRoot, 'shared'), join(projectRoot, 'vite.config.ts')];
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(sources)) return;
  console.error('tickwall: building the web app (vite build)...');
  const vite = join(projectRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) throw new Error('vite is not installed; run `npm ci` (or `npm install`) first');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: projectRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`vite build failed with status ${result.status ?? result.signal}`);
}
