/**
 * What most tutorials show: a `ws` server that sends JSON.stringify of every
 * tick to every client subscribed to its symbol, the moment it happens.
 * A comparison baseline for bench:server, not part of tickwall.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { simulatedTicks } from './simulated-ticks.ts';

const subscriptions = new Map<WebSocket, Set<string>>();
const { port } = simulatedTicks((tick) => {
  for (const [socket, symbols] of subscriptions) if (symbols.has(tick.symbol)) socket.send(JSON.stringify(tick));
});
const http = createServer();
const wss = new WebSocketServer({ server: http, path: '/ws' });
wss.on('connection', (socket) => {
  subscriptions.set(socket, new Set());
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { symbols?: string[] };
    for (const symbol of message.symbols ?? []) subscriptions.get(socket)!.add(symbol);
  });
  socket.on('close', () => subscriptions.delete(socket));
});
http.listen(port, '127.0.0.1', () => console.log(`naive-ws: serving http://127.0.0.1:${(http.address() as AddressInfo).port}`));
process.on('SIGTERM', () => process.exit(0));
