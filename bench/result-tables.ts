/**
 * The tables every benchmark prints, built once so the console and
 * docs/benchmarks.md always show the same columns the same way.
 */
import type { ServerBenchResult, ServerRow, SweepResult, WebRow } from './result-types.ts';
import { fmt, fmtLatency } from './table.ts';

export interface Table {
  header: string[];
  rows: string[][];
}

/** Sustaining a client count: every client connected, at least 10 batches/s each, p99 under 100 ms. */
export function sustains(row: ServerRow): boolean {
  return row.connected === row.clients && row.batchesPerClientSecond >= 10 && row.p99 < 100;
}

/** "tickwall is": how many times more ticks tickwall (JSON) delivers per server CPU-second than that server. */
export function serverComparisonTable({ rows, failures }: Pick<ServerBenchResult, 'rows' | 'failures'>): Table {
  const baseline = (clients: number) => rows.find((r) => r.server === 'tickwall' && r.clients === clients);
  const header = ['clients', 'server', 'ticks/s delivered', 'server CPU %', 'ticks per CPU-s', 'tickwall is', 'p50 ms', 'p99 ms', 'max ms', 'bytes/tick', 'RSS MiB', 'harness CPU %'];
  return {
    header,
    rows: [
      ...rows.map((r) => {
        const base = baseline(r.clients);
        return [
          `${r.clients}${r.connected !== r.clients ? ` (${r.connected} up)` : ''}`,
          r.server,
          fmt(r.ticksPerSecond),
          fmt(r.cpuPercent, 1),
          fmt(r.ticksPerCpuSecond),
          base && r.ticksPerCpuSecond > 0 && r.server !== 'tickwall' ? `${fmt(base.ticksPerCpuSecond / r.ticksPerCpuSecond, 1)}x` : '',
          fmtLatency(r.p50),
          fmtLatency(r.p99),
          fmtLatency(r.max),
          fmt(r.bytesPerTick, 1),
          fmt(r.rssMiB, 0),
          fmt(r.harnessCpuPercent, 0),
        ];
      }),
      ...failures.map((f) => [String(f.clients), f.server, `failed: ${f.reason}`, ...header.slice(3).map(() => '')]),
    ],
  };
}

export function sweepTable(sweep: SweepResult): Table {
  return {
    header: ['clients', 'connected', 'batches/s per client', 'ticks/s delivered', 'server CPU %', 'client harness CPU %', 'p50 ms', 'p99 ms', 'RSS MiB', 'sustains'],
    rows: sweep.rows.map((r) => [
      String(r.clients),
      String(r.connected),
      fmt(r.batchesPerClientSecond, 1),
      fmt(r.ticksPerSecond),
      fmt(r.cpuPercent, 1),
      fmt(r.harnessCpuPercent, 0),
      fmtLatency(r.p50),
      fmtLatency(r.p99),
      fmt(r.rssMiB, 0),
      sustains(r) ? 'yes' : 'no',
    ]),
  };
}

/** "vs tickwall": time per tick relative to tickwall, on the main thread and then across all browser processes. */
export function webTable(rows: WebRow[]): Table {
  const base = rows.find((r) => r.variant === 'tickwall');
  const times = (value: number, baseline: number | undefined) => (baseline ? `${fmt(value / baseline, 1)}x` : 'n/a');
  return {
    header: ['page', 'ticks/s', 'chart points', 'frame p50 ms', 'p95', 'p99', 'max', 'dropped %', 'long tasks', 'longest ms', 'scripting ms/s', 'style ms/s', 'layout ms/s', 'main thread ms/s', 'main µs/tick', 'vs tickwall', 'browser CPU %', 'browser µs/tick', 'vs tickwall', 'heap MiB', 'paint latency p50 ms', 'p99', 'max'],
    rows: rows.map((r) => [
      r.variant,
      fmt(r.ticksPerSecond),
      r.chartPoints.map((p) => fmt(p)).join(' / '),
      fmt(r.frameP50, 1),
      fmt(r.frameP95, 1),
      fmt(r.frameP99, 1),
      fmt(r.frameMax, 1),
      fmt(r.droppedFramePercent, 1),
      String(r.longTasks),
      fmt(r.longestTaskMs, 0),
      fmt(r.scriptingMsPerSecond, 0),
      fmt(r.styleMsPerSecond, 0),
      fmt(r.layoutMsPerSecond, 0),
      fmt(r.mainThreadMsPerSecond, 0),
      fmt(r.mainThreadUsPerTick, 1),
      times(r.mainThreadUsPerTick, base?.mainThreadUsPerTick),
      fmt(r.browserCpuPercent, 0),
      fmt(r.browserCpuUsPerTick, 0),
      times(r.browserCpuUsPerTick, base?.browserCpuUsPerTick),
      fmt(r.heapMiB, 0),
      fmt(r.latencyP50, 1),
      fmt(r.latencyP99, 1),
      fmt(r.latencyMax, 1),
    ]),
  };
}
