/**
 * Worker thread: `ws` load clients for tickwall and the naive server (see
 * load-worker.ts). Reads tick times without a full parse: the harness must
 * stay cheaper than the server it measures.
 */
import WebSocket from 'ws';
import { BINARY_SUBPROTOCOL, FRAME_TICKS, TickTimeReader } from '../shared/codec/binary-ticks-codec.ts';
import { runLoadWorker, type Tally } from './load-worker.ts';

/** Binary frames are read even while not measuring: chained frames need the ones before them. */
function observeBinary(times: TickTimeReader, tally: Tally, frame: Buffer, receivedAt: number): void {
  if (frame[0] !== FRAME_TICKS) return;
  if (!tally.measuring) {
    times.forEach(frame, () => {});
    return;
  }
  tally.message(frame.length);
  times.forEach(frame, (time) => tally.tick(receivedAt - time));
}

/** Scans the frame for tick times instead of JSON.parse. */
function observeText(tally: Tally, frame: Buffer, receivedAt: number): void {
  const text = frame.toString('latin1');
  // tickwall sends batches; the naive baseline sends bare ticks. Hello, snapshots and heartbeats are not counted.
  if (text.startsWith('{"type":') && !text.startsWith('{"type":"ticks"')) return;
  tally.message(frame.length);
  let index = text.indexOf('"time":');
  while (index !== -1) {
    tally.tick(receivedAt - Number.parseInt(text.slice(index + 7, index + 21), 10));
    index = text.indexOf('"time":', index + 7);
  }
}

runLoadWorker((config, tally, events) => {
  const socket = new WebSocket(config.url, config.binary ? [BINARY_SUBPROTOCOL] : []);
  socket.on('open', () => events.connected());
  const times = new TickTimeReader();
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) return observeBinary(times, tally, data, Date.now());
    if (tally.measuring) observeText(tally, data, Date.now());
  });
  socket.on('error', (error) => events.failed(error));
  return {
    subscribe: (symbols) => socket.send(JSON.stringify({ type: 'subscribe', symbols })),
    close: () => socket.terminate(),
  };
});
