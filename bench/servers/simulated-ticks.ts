import { parseArgs } from 'node:util';
import { MarketSimulator } from '../../feed/simulator.ts';
import { syntheticUniverse } from '../../feed/universe.ts';
import type { Tick } from '../../shared/protocol.ts';

/**
 * The comparison servers' tick source: the same seeded simulator tickwall
 * uses, drained every few milliseconds so a per-tick server sends each tick
 * as soon as it exists (no batching).
 */
export function simulatedTicks(onTick: (tick: Tick) => void): { port: number } {
  const { values } = parseArgs({ options: { universe: { type: 'string', default: '500' }, rate: { type: 'string', default: '5000' }, port: { type: 'string', default: '0' } } });
  const simulator = new MarketSimulator({ universe: syntheticUniverse(Number(values.universe)), seed: 1, ticksPerSecond: Number(values.rate), startTime: Date.now() });
  const buffer: Tick[] = [];
  setInterval(() => {
    simulator.drainUntil(Date.now(), buffer);
    for (const tick of buffer) onTick(tick);
    buffer.length = 0;
  }, 2);
  return { port: Number(values.port) };
}
