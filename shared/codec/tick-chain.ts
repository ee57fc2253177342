/** What a chain remembers of one symbol: its last tick's price (in ticks, when on the grid), size, bid and ask. */
export interface SymbolMemory {
  priceUnits: number | undefined;
  /** Undefined until the symbol's first tick in the chain. */
  size: number | undefined;
  bid: number | undefined;
  ask: number | undefined;
}

interface StampedMemory extends SymbolMemory {
  generation: number;
}

/**
 * The state one chain of binary `ticks` frames refers to: the last frame's
 * epoch, seq and time, and each symbol's last values. An encoder keeps one
 * per subscription group and a decoder one per connection; both change it
 * the same way, frame by frame, so a chained frame needs only differences.
 *
 * Bounded by the universe: at most one memory per symbol id. restart()
 * forgets everything (the next frame is a key frame that carries it all, so
 * a receiver that missed frames, a new group member or one that dropped a
 * batch, is whole again from there). It forgets by generation, not by
 * freeing, so a chain restarted for every frame (a stand-alone key frame)
 * allocates nothing once warm.
 */
export class TickChain {
  epoch: string | null = null;
  seq = 0;
  time = 0;
  private generation = 0;
  private readonly memories: (StampedMemory | undefined)[] = [];

  restart(): void {
    this.epoch = null;
    this.seq = 0;
    this.time = 0;
    this.generation++;
  }

  get started(): boolean {
    return this.epoch !== null;
  }

  /** The symbol's memory in this chain: empty (no price, size or quotes) if it has not travelled since the last restart. */
  memoryOf(id: number): SymbolMemory {
    let memory = this.memories[id];
    if (!memory) {
      memory = { priceUnits: undefined, size: undefined, bid: undefined, ask: undefined, generation: this.generation };
      this.memories[id] = memory;
    } else if (memory.generation !== this.generation) {
      memory.priceUnits = memory.size = memory.bid = memory.ask = undefined;
      memory.generation = this.generation;
    }
    return memory;
  }
}
