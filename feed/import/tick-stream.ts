import type { Tick } from '../../shared/protocol.ts';
import type { MarketEvent } from './import-types.ts';

/**
 * Turns time-ordered events into ticks, one at a time: trades become ticks
 * carrying the latest bid and ask seen for their symbol; bid/ask events only
 * update them. Holds one entry per symbol.
 */
export class TickAssembler {
  private readonly quotes = new Map<string, { bid: number | null; ask: number | null }>();

  push(event: MarketEvent): Tick | null {
    let quote = this.quotes.get(event.symbol);
    if (!quote) this.quotes.set(event.symbol, (quote = { bid: null, ask: null }));
    if (event.kind === 'bidask') {
      if (event.bid !== null) quote.bid = event.bid;
      if (event.ask !== null) quote.ask = event.ask;
      return null;
    }
    const tick: Tick = { symbol: event.symbol, price: event.price, size: event.size, time: event.time };
    if (event.volumeOnly) tick.volumeOnly = true;
    if (quote.bid !== null) tick.bid = quote.bid;
    if (quote.ask !== null) tick.ask = quote.ask;
    return tick;
  }
}

export interface ImportBatch {
  seq: number;
  time: number;
  ticks: Tick[];
}

/**
 * Groups time-ordered ticks into batches as a live feed would have sent
 * them: one per batch interval of recorded time that holds any ticks,
 * stamped with the interval's end. push() returns the batch a tick closed.
 */
export class Batcher {
  private seq = 0;
  private current: Tick[] = [];
  private windowEnd = Number.NEGATIVE_INFINITY;

  constructor(private readonly batchMs: number) {}

  push(tick: Tick): ImportBatch | null {
    let closed: ImportBatch | null = null;
    if (tick.time >= this.windowEnd) {
      closed = this.flush();
      this.windowEnd = (Math.floor(tick.time / this.batchMs) + 1) * this.batchMs;
    }
    this.current.push(tick);
    return closed;
  }

  /** The batch being filled, if any. */
  flush(): ImportBatch | null {
    if (this.current.length === 0) return null;
    const batch = { seq: ++this.seq, time: this.windowEnd, ticks: this.current };
    this.current = [];
    return batch;
  }
}

/** A bid/ask event sorts before a trade at the same time, so the trade carries it. */
export function eventOrder(a: MarketEvent, b: MarketEvent): number {
  return a.time - b.time || (a.kind === b.kind ? 0 : a.kind === 'bidask' ? -1 : 1);
}

/**
 * Merges time-ordered event streams into one (a k-way merge: one event per
 * stream held). Ties keep stream order after eventOrder.
 */
export async function* mergeEvents(streams: AsyncIterable<MarketEvent>[]): AsyncGenerator<MarketEvent> {
  const iterators = streams.map((stream) => stream[Symbol.asyncIterator]());
  const heads: (MarketEvent | null)[] = await Promise.all(iterators.map(async (it) => (await it.next()).value ?? null));
  for (;;) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) if (heads[i] && (best === -1 || eventOrder(heads[i]!, heads[best]!) < 0)) best = i;
    if (best === -1) return;
    yield heads[best]!;
    const next = await iterators[best]!.next();
    heads[best] = next.done ? null : next.value;
  }
}
