/** Worker thread: Socket.IO clients for bench:server, measuring like feed-bench-clients.ts does for ws. */
import { parentPort, workerData } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';
import type { Tick } from '../shared/protocol.ts';
import type { ClientWorkerConfig, ClientWorkerReport } from './feed-bench-clients.ts';
import { connectInWaves } from './connect-in-waves.ts';
import { LatencyHistogram } from './latency-histogram.ts';

const config = workerData as ClientWorkerConfig;
const histogram = new LatencyHistogram();
let measuring = false;
let messages = 0;
let ticks = 0;
let bytes = 0;
let connected = 0;
const sockets: Socket[] = [];
const origin = config.url.replace(/^ws/, 'http').replace(/\/ws$/, '');

connectInWaves(config.count, (_, settled) => {
  const socket = io(origin, { transports: ['websocket'], reconnection: false, forceNew: true });
  socket.on('connect', () => {
    connected++;
    settled();
    if (connected === config.count) parentPort!.postMessage({ type: 'connected' });
  });
  socket.on('tick', (tick: Tick) => {
    if (!measuring) return;
    histogram.record(Date.now() - tick.time);
    messages++;
    ticks++;
    // The packet on the wire: 42["tick",{...}]
    bytes += JSON.stringify(['tick', tick]).length + 2;
  });
  socket.on('connect_error', (error) => {
    settled();
    parentPort!.postMessage({ type: 'error', message: String(error) });
  });
  sockets.push(socket);
});

parentPort!.on('message', (message: { type: string }) => {
  if (message.type === 'subscribe') {
    sockets.forEach((client, i) => client.emit('subscribe', config.subscriptions[i % config.subscriptions.length]));
    parentPort!.postMessage({ type: 'ready' });
  }
  if (message.type === 'start') measuring = true;
  if (message.type === 'stop') {
    measuring = false;
    const report: ClientWorkerReport = { connected, messages, ticks, bytes, histogram: histogram.counts, max: histogram.max };
    parentPort!.postMessage({ type: 'report', report });
    sockets.forEach((s) => s.close());
  }
});
