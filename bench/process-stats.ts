import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds (user + system) a process has used, from /proc. Linux only; null elsewhere. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticksPerSecond = 100; // USER_HZ on Linux
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return null;
  }
}

/** Resident set size in MiB, from /proc. */
export function rssMiB(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** The process's peak resident set size so far in MiB (the kernel's VmHWM), from /proc. */
export function peakRssMiB(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Follows a running process's peak RSS until stop(), which returns it in
 * MiB. The kernel keeps the high-water mark, so a reading every 20 ms
 * misses at most what the process reached in its last 20 ms.
 */
export function followPeakRss(pid: number): { stop(): number } {
  let peak = 0;
  const read = () => (peak = Math.max(peak, peakRssMiB(pid) ?? 0));
  const timer = setInterval(read, 20);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

/**
 * CPU seconds used by every live descendant of `rootPid` (not the root
 * itself): e.g. all of a browser's processes, wherever its work ran. Linux
 * only; null elsewhere.
 */
export function descendantsCpuSeconds(rootPid: number): number | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  const parentOf = new Map<number, number>();
  for (const name of entries) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parentOf.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process exited while we listed it.
    }
  }
  const isDescendant = (pid: number): boolean => {
    for (let parent = parentOf.get(pid); parent !== undefined && parent > 1; parent = parentOf.get(parent)) {
      if (parent === rootPid) return true;
    }
    return false;
  };
  let total = 0;
  for (const pid of parentOf.keys()) if (isDescendant(pid)) total += cpuSeconds(pid) ?? 0;
  return total;
}
