import { Worker } from 'node:worker_threads';
import type { ClientWorkerReport } from './load-worker.ts';
import { LatencyHistogram } from './latency-histogram.ts';
import { cpuSeconds, rssMiB } from './process-stats.ts';

export interface ClientLoad {
  /** WebSocket URL of the server under test. */
  url: string;
  /** The server's pid, for CPU and RSS from /proc. */
  pid: number;
  clients: number;
  workers: number;
  /** Worker entry (relative to this folder) that opens the clients: ws or Socket.IO. */
  workerScript: string;
  subscriptions: string[][];
  /** Ask for tickwall's binary encoding. */
  binary?: boolean;
  seconds: number;
  warmupMs?: number;
}

export interface LoadResult {
  connected: number;
  elapsedSeconds: number;
  messages: number;
  ticks: number;
  bytes: number;
  histogram: LatencyHistogram;
  /** Server CPU seconds used during the measured window, or null off Linux. */
  cpuSeconds: number | null;
  rssMiB: number | null;
  /** CPU seconds the clients themselves used (this process, all threads): near the cores left, the harness is the limit. */
  harnessCpuSeconds: number;
}

/**
 * Connects the clients from worker threads (so the harness does not compete
 * with its own bookkeeping on the main thread), waits until all are up,
 * warms up, then measures one window and merges what every worker saw.
 */
export async function runClientLoad(load: ClientLoad): Promise<LoadResult> {
  const workerCount = Math.min(load.workers, load.clients);
  const workers = Array.from({ length: workerCount }, (_, i) => {
    const count = Math.floor(load.clients / workerCount) + (i < load.clients % workerCount ? 1 : 0);
    return new Worker(new URL(load.workerScript, import.meta.url), { workerData: { url: load.url, count, subscriptions: load.subscriptions, binary: load.binary ?? false } });
  });
  try {
    // Every client connects first, and only then do all subscribe: a server
    // slowed down by streaming to the first clients would otherwise also be
    // measured on accepting the rest (the naive server could not accept 1,000).
    await Promise.all(workers.map((worker) => awaitMessage(worker, 'connected', 'clients did not all connect within 90 s')));
    const subscribed = Promise.all(workers.map((worker) => awaitMessage(worker, 'ready', 'clients did not all subscribe within 90 s')));
    workers.forEach((worker) => worker.postMessage({ type: 'subscribe' }));
    await subscribed;
    await new Promise((resolve) => setTimeout(resolve, load.warmupMs ?? 2000));
    const cpuBefore = cpuSeconds(load.pid);
    const harnessBefore = process.cpuUsage();
    const started = performance.now();
    workers.forEach((w) => w.postMessage({ type: 'start' }));
    await new Promise((resolve) => setTimeout(resolve, load.seconds * 1000));
    const reports = await Promise.all(
      workers.map(
        (worker) =>
          new Promise<ClientWorkerReport>((resolve) => {
            worker.on('message', (m: { type: string; report?: ClientWorkerReport }) => m.type === 'report' && resolve(m.report!));
            worker.postMessage({ type: 'stop' });
          }),
      ),
    );
    const elapsedSeconds = (performance.now() - started) / 1000;
    const cpuAfter = cpuSeconds(load.pid);
    const harness = process.cpuUsage(harnessBefore);
    const result: LoadResult = {
      connected: 0,
      elapsedSeconds,
      messages: 0,
      ticks: 0,
      bytes: 0,
      histogram: new LatencyHistogram(),
      cpuSeconds: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
      rssMiB: rssMiB(load.pid),
      harnessCpuSeconds: (harness.user + harness.system) / 1e6,
    };
    for (const report of reports) {
      result.histogram.merge(new LatencyHistogram(report.histogram));
      result.histogram.max = Math.max(result.histogram.max, report.max);
      result.connected += report.connected;
      result.messages += report.messages;
      result.ticks += report.ticks;
      result.bytes += report.bytes;
    }
    return result;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** Resolves on the worker's next message of this type; rejects on its error report, or after 90 s. */
function awaitMessage(worker: Worker, type: string, timeoutMessage: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(timeoutMessage)), 90_000);
    const onMessage = (m: { type: string; message?: string }) => {
      if (m.type === type) {
        clearTimeout(timer);
        worker.off('message', onMessage);
        resolve();
      } else if (m.type === 'error') {
        clearTimeout(timer);
        worker.off('message', onMessage);
        reject(new Error(m.message));
      }
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
  });
}
