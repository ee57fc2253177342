/**
 * The worker-thread side of client-load.ts, shared by every kind of load
 * client (ws, Socket.IO): opens the clients in waves, reports `connected`,
 * subscribes all on `subscribe` (then `ready`), counts between `start` and
 * `stop`, and answers `stop` with a report. A driver only says how to open
 * one client and how to read what it receives.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { connectInWaves } from './connect-in-waves.ts';
import { LatencyHistogram } from './latency-histogram.ts';

export interface ClientWorkerConfig {
  url: string;
  count: number;
  subscriptions: string[][];
  /** tickwall's binary encoding (what the dashboard uses) instead of JSON. */
  binary?: boolean;
}

export interface ClientWorkerReport {
  connected: number;
  messages: number;
  ticks: number;
  bytes: number;
  histogram: Float64Array;
  max: number;
}

/** What a driver records: nothing outside the measured window counts. */
export class Tally {
  measuring = false;
  messages = 0;
  ticks = 0;
  bytes = 0;
  readonly histogram = new LatencyHistogram();

  /** One data message of `bytes` on the wire. */
  message(bytes: number): void {
    this.messages++;
    this.bytes += bytes;
  }

  /** One tick, received `latencyMs` after its time. */
  tick(latencyMs: number): void {
    this.histogram.record(latencyMs);
    this.ticks++;
  }
}

export interface LoadClient {
  subscribe(symbols: string[]): void;
  close(): void;
}

export interface ClientEvents {
  /** The connection is up. */
  connected(): void;
  /** The connection failed; the run is aborted. */
  failed(error: unknown): void;
}

export function runLoadWorker(open: (config: ClientWorkerConfig, tally: Tally, events: ClientEvents) => LoadClient): void {
  const config = workerData as ClientWorkerConfig;
  const port = parentPort!;
  const tally = new Tally();
  const clients: LoadClient[] = [];
  let connected = 0;

  connectInWaves(config.count, (_, settled) => {
    clients.push(
      open(config, tally, {
        connected() {
          settled();
          if (++connected === config.count) port.postMessage({ type: 'connected' });
        },
        failed(error) {
          settled();
          port.postMessage({ type: 'error', message: String(error) });
        },
      }),
    );
  });

  port.on('message', (message: { type: string }) => {
    if (message.type === 'subscribe') {
      clients.forEach((client, i) => client.subscribe(config.subscriptions[i % config.subscriptions.length]!));
      port.postMessage({ type: 'ready' });
    }
    if (message.type === 'start') tally.measuring = true;
    if (message.type === 'stop') {
      tally.measuring = false;
      const { messages, ticks, bytes, histogram } = tally;
      const report: ClientWorkerReport = { connected, messages, ticks, bytes, histogram: histogram.counts, max: histogram.max };
      port.postMessage({ type: 'report', report });
      clients.forEach((client) => client.close());
    }
  });
}
