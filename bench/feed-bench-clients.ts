/**
 * Worker thread: `ws` load clients for tickwall and the naive server (see
 * load-worker.ts). Reads tick times without a full parse: the harness must
 * stay cheaper than the server it measures.
 */
import WebSocket from 'ws';
import { BINARY_SUBPROTOCOL, forEachTickTime } from '../shared/codec/binary-ticks-codec.ts';
import { runLoadWorker, type Tally } from './load-worker.ts';

function observeBinary(tally: Tally, frame: Buffer, receivedAt: number): void {
  tally.message(frame.length);
  forEachTickTime(frame, (time) => tally.tick(receivedAt - time));
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
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    if (!tally.measuring) return;
    if (isBinary) observeBinary(tally, data, Date.now());
    else observeText(tally, data, Date.now());
  });
  socket.on('error', (error) => events.failed(error));
  return {
    subscribe: (symbols) => socket.send(JSON.stringify({ type: 'subscribe', symbols })),
    close: () => socket.terminate(),
  };
});
