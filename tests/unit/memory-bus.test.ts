import { MemoryBus } from '../../feed/bus/memory-bus.ts';
import { busContract } from '../support/bus-contract.ts';

busContract('MemoryBus', async () => {
  const bus = new MemoryBus();
  return { producer: bus, edgeHandle: async () => bus, close: () => bus.close() };
});
