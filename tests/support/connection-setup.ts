import { MemoryBus } from '../../feed/bus/memory-bus.ts';
import { ClientConnection, DEFAULT_CLIENT_LIMITS, type ClientLimits } from '../../feed/client-connection.ts';
import { DayState } from '../../feed/day-state.ts';
import { Edge } from '../../feed/edge.ts';
import { Producer } from '../../feed/producer.ts';
import type { StreamInfo } from '../../feed/stream.ts';
import type { SymbolMeta } from '../../shared/protocol.ts';
import { MemoryTransport } from './memory-transport.ts';

export const connectionSymbols: SymbolMeta[] = ['AAPL', 'MSFT', 'NVDA'].map((symbol) => ({ symbol, name: symbol, sector: 'Test', prevClose: 100, tickSize: 0.01 }));
const info: StreamInfo = { mode: 'live', symbols: connectionSymbols, batchIntervalMs: 50, timeZone: 'America/New_York' };

/** A real producer, bus and edge in memory, and one connection to it over a memory transport. */
export async function connectionSetup(limits: Partial<ClientLimits> = {}, protocol = '') {
  let now = 0;
  const bus = new MemoryBus();
  const producer = new Producer(bus, info, { epoch: 'e1', now: () => now });
  producer.start(new DayState(connectionSymbols).all());
  const edge = new Edge(bus, { now: () => now });
  await edge.attach();
  const transport = new MemoryTransport(protocol);
  const connection = new ClientConnection(transport, edge, { ...DEFAULT_CLIENT_LIMITS, ...limits }, () => {}, () => now);
  connection.open();
  const send = (message: unknown) => connection.receive(JSON.stringify(message));
  return { producer, edge, transport, connection, send, advance: (ms: number) => (now += ms) };
}
