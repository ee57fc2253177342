/**
 * What many teams would pick: Socket.IO, a room per symbol, every tick
 * emitted to its room as it happens. A comparison baseline for bench:server.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { simulatedTicks } from './simulated-ticks.ts';

const http = createServer();
const io = new Server(http, { transports: ['websocket'], perMessageDeflate: false });
io.on('connection', (socket) => {
  socket.on('subscribe', (symbols: string[]) => void socket.join(symbols));
});
const { port } = simulatedTicks((tick) => io.to(tick.symbol).emit('tick', tick));
http.listen(port, '127.0.0.1', () => console.log(`socketio: serving http://127.0.0.1:${(http.address() as AddressInfo).port}`));
process.on('SIGTERM', () => process.exit(0));
