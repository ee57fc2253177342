import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/tickwall.js', import.meta.url));

export interface FeedProcess {
  url: string;
  process: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface SpawnOptions {
  /** The tickwall subcommand that serves: `serve` (default) or `replay FILE`. */
  command?: string[];
  timeoutMs?: number;
}

/**
 * Where a spawned simulated feed's clock starts unless the test says
 * otherwise: Friday 20 Nov 2026, 10:30 in New York, an hour into the
 * regular session. Tests then run in session whatever the time of day, and
 * the simulated past (04:00 to 10:30 and the daily bars before) is the same
 * on every run.
 */
export const SESSION_START = '2026-11-20T15:30:00Z';

/**
 * For benchmarks: the real clock and a market open round the clock, so
 * every run trades at the full rate whatever the hour, and latency measured
 * from a tick's time to its receipt is real.
 */
export const LIVE_CLOCK = ['--hours', 'always'];

/** Starts `tickwall serve` (or `replay`) as a real child process on a free port and waits until it is listening. */
export async function spawnFeed(args: string[] = [], { command = ['serve'], timeoutMs = 20_000 }: SpawnOptions = {}): Promise<FeedProcess> {
  const clock = command[0] === 'serve' && !args.includes('--start') && !args.includes('--hours') ? ['--start', SESSION_START] : [];
  const child = spawn(process.execPath, [BIN, ...command, '--port', '0', ...clock, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`feed did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = () => {
      const match = /(?:serving|metrics at) (http:\/\/[^\s]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`feed exited with ${code} before listening:\n${output}`));
    });
  });

  return {
    url,
    process: child,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
