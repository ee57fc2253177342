/**
 * Worker thread: opens `count` WebSocket clients, subscribes each, and counts
 * what arrives during the measurement window. Runs off the main thread so the
 * harness never competes with its own bookkeeping.
 */
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import { BINARY_SUBPROTOCOL } from '../shared/ticks-codec.ts';
import { forEachTickTime } from './binary-tick-times.ts';
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

const config = workerData as ClientWorkerConfig;
const histogram = new LatencyHistogram();
let measuring = false;
let messages = 0;
let ticks = 0;
let bytes = 0;
let connected = 0;
const sockets: WebSocket[] = [];
function observeBinary(frame: Buffer, receivedAt: number): void {
  if (!measuring) return;
  messages++;
  bytes += frame.length;
  ticks += forEachTickTime(frame, (time) => histogram.record(receivedAt - time));
}

/** Scans the frame for tick times instead of JSON.parse: the harness must stay cheaper than the server. */
function observe(frame: Buffer, receivedAt: number): void {
  if (!measuring) return;
  const text = frame.toString('latin1');
  // tickwall sends batches; the naive baseline sends bare ticks. Hello, snapshots and heartbeats are not counted.
  if (text.startsWith('{"type":') && !text.startsWith('{"type":"ticks"')) return;
  messages++;
  bytes += frame.length;
  let index = text.indexOf('"time":');
  while (index !== -1) {
    const time = Number.parseInt(text.slice(index + 7, index + 21), 10);
    histogram.record(receivedAt - time);
    ticks++;
    index = text.indexOf('"time":', index + 7);
  }
}

function subscribeAll(): void {
  sockets.forEach((socket, i) => socket.send(JSON.stringify({ type: 'subscribe', symbols: config.subscriptions[i % config.subscriptions.length] })));
  parentPort!.postMessage({ type: 'ready' });
}

connectInWaves(config.count, (_, settled) => {
  const socket = new WebSocket(config.url, config.binary ? [BINARY_SUBPROTOCOL] : []);
  socket.on('open', () => {
    connected++;
    settled();
    if (connected === config.count) parentPort!.postMessage({ type: 'connected' });
  });
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) observeBinary(data, Date.now());
    else observe(data, Date.now());
  });
  socket.on('error', (error) => {
    settled();
    parentPort!.postMessage({ type: 'error', message: String(error) });
  });
  sockets.push(socket);
});

parentPort!.on('message', (message: { type: string }) => {
  if (message.type === 'subscribe') subscribeAll();
  if (message.type === 'start') measuring = true;
  if (message.type === 'stop') {
    measuring = false;
    const report: ClientWorkerReport = { connected, messages, ticks, bytes, histogram: histogram.counts, max: histogram.max };
    parentPort!.postMessage({ type: 'report', report });
    for (const socket of sockets) socket.terminate();
  }
});
