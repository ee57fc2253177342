export type ServerName = 'tickwall' | 'tickwall-binary' | 'naive-ws' | 'socketio';
/** The two pages bench:web drives. */
export type Variant = 'tickwall' | 'naive';

/** What the server and web benchmarks produce: shared by the suites, the tables and the report, so they import each other in one direction only. */

export interface ServerRow {
  server: ServerName;
  clients: number;
  connected: number;
  /** Ticks messages each connected client received per second, on average. */
  batchesPerClientSecond: number;
  ticksPerSecond: number;
  cpuPercent: number;
  ticksPerCpuSecond: number;
  p50: number;
  p99: number;
  max: number;
  bytesPerTick: number;
  rssMiB: number | null;
  harnessCpuPercent: number;
}

export interface SweepResult {
  rows: ServerRow[];
  /** The largest client count that sustained 10 batches/s per client with p99 under 100 ms. */
  largestSustained: number | null;
}

export interface ServerBenchResult {
  rows: ServerRow[];
  failures: { server: ServerName; clients: number; reason: string }[];
  sweep: SweepResult;
}

export interface WebRow {
  variant: Variant;
  ticksPerSecond: number;
  batchesPerSecond: number;
  chartPoints: number[];
  frames: number;
  frameP50: number;
  frameP95: number;
  frameP99: number;
  frameMax: number;
  longTasks: number;
  longestTaskMs: number;
  scriptingMsPerSecond: number;
  mainThreadMsPerSecond: number;
  layoutMsPerSecond: number;
  styleMsPerSecond: number;
  mainThreadUsPerTick: number;
  /** Every browser process and thread (main, chart workers, compositor, raster), per tick. */
  browserCpuUsPerTick: number;
  browserCpuPercent: number;
  /** Frames that took longer than 1.5 vsync intervals: a frame the display repeated. */
  droppedFramePercent: number;
  heapMiB: number;
  latencyP50: number;
  latencyP99: number;
  latencyMax: number;
  frameDeltas: number[];
}
