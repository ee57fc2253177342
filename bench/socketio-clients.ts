/** Worker thread: Socket.IO load clients for bench:server (see load-worker.ts). */
import { io } from 'socket.io-client';
import type { Tick } from '../shared/protocol.ts';
import { runLoadWorker } from './load-worker.ts';

runLoadWorker((config, tally, events) => {
  const origin = config.url.replace(/^ws/, 'http').replace(/\/ws$/, '');
  const socket = io(origin, { transports: ['websocket'], reconnection: false, forceNew: true });
  socket.on('connect', () => events.connected());
  socket.on('tick', (tick: Tick) => {
    if (!tally.measuring) return;
    // The packet on the wire: 42["tick",{...}]
    tally.message(JSON.stringify(['tick', tick]).length + 2);
    tally.tick(Date.now() - tick.time);
  });
  socket.on('connect_error', (error) => events.failed(error));
  return {
    subscribe: (symbols) => socket.emit('subscribe', symbols),
    close: () => socket.close(),
  };
});
