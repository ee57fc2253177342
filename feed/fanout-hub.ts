import type { Tick } from '../shared/protocol.ts';

/** Anything that can receive an encoded frame: a WebSocket session, or a test double. */
export interface Subscriber {
  send(frame: Buffer): void;
  /** Bytes queued but not yet sent; lets an unpaced sender (replay at max) wait for readers. */
  backlog?(): number;
}

/** Clients whose subscription sets are identical share one group, and so one serialized frame. */
interface SubscriptionGroup<C> {
  readonly key: string;
  readonly symbols: ReadonlySet<string>;
  readonly clients: Set<C>;
  /** Encoded ticks for the batch being built; emptied after every publish. */
  readonly pending: string[];
}

/**
 * Fans batches out to subscribers. Each batch is serialized once per distinct
 * subscription set (not once per client) and each tick is JSON-encoded once
 * per batch, whatever the number of groups. The encoded frame is a Buffer, so
 * `ws` does not re-encode the string for every socket.
 *
 * Memory is bounded by clients x subscribed symbols: groups exist only while
 * at least one client is in them.
 */
export class FanoutHub<C extends Subscriber> {
  private readonly groupOf = new Map<C, SubscriptionGroup<C>>();
  private readonly groups = new Map<string, SubscriptionGroup<C>>();
  private readonly groupsBySymbol = new Map<string, Set<SubscriptionGroup<C>>>();
  private readonly touched: SubscriptionGroup<C>[] = [];
  private framePrefix = '';
  private lastSeq = 0;
  private currentEpoch = '';

  constructor(epoch: string) {
    this.reset(epoch, 0);
  }

  get epoch(): string {
    return this.currentEpoch;
  }

  /** Starts a new stream: later batches carry this epoch and continue from `seq`. */
  reset(epoch: string, seq: number): void {
    this.currentEpoch = epoch;
    this.lastSeq = seq;
    this.framePrefix = `{"type":"ticks","epoch":${JSON.stringify(epoch)},"seq":`;
  }

  /** Seq of the last batch published (0 before the first). */
  get seq(): number {
    return this.lastSeq;
  }

  get clientCount(): number {
    return this.groupOf.size;
  }

  get groupCount(): number {
    return this.groups.size;
  }

  add(client: C): void {
    if (!this.groupOf.has(client)) this.join(client, new Set());
  }

  remove(client: C): void {
    const group = this.groupOf.get(client);
    if (group) this.leave(client, group);
    this.groupOf.delete(client);
  }

  /** Every client with its current subscriptions. */
  *clients(): IterableIterator<[C, ReadonlySet<string>]> {
    for (const [client, group] of this.groupOf) yield [client, group.symbols];
  }

  subscriptions(client: C): ReadonlySet<string> {
    return this.groupOf.get(client)?.symbols ?? new Set();
  }

  /** Returns the symbols that were not already subscribed. */
  subscribe(client: C, symbols: Iterable<string>): string[] {
    const current = this.subscriptions(client);
    const added = [...new Set(symbols)].filter((s) => !current.has(s));
    if (added.length > 0) this.move(client, new Set([...current, ...added]));
    return added;
  }

  unsubscribe(client: C, symbols: Iterable<string>): void {
    const current = this.subscriptions(client);
    const next = new Set(current);
    for (const symbol of symbols) next.delete(symbol);
    if (next.size !== current.size) this.move(client, next);
  }

  /**
   * Sends one batch. Returns its seq, or null for an empty batch, which is
   * neither sent nor numbered. A replay passes the recorded seq so batches
   * keep the numbers they were recorded with.
   */
  publish(ticks: readonly Tick[], recordedSeq?: number): number | null {
    if (ticks.length === 0) return null;
    const seq = recordedSeq ?? this.lastSeq + 1;
    this.lastSeq = seq;
    for (const tick of ticks) {
      const groups = this.groupsBySymbol.get(tick.symbol);
      if (!groups) continue;
      const encoded = encodeTick(tick);
      for (const group of groups) {
        if (group.pending.length === 0) this.touched.push(group);
        group.pending.push(encoded);
      }
    }
    const head = `${this.framePrefix}${seq},"ticks":[`;
    for (const group of this.touched) {
      const frame = Buffer.from(`${head}${group.pending.join(',')}]}`);
      group.pending.length = 0;
      for (const client of group.clients) client.send(frame);
    }
    this.touched.length = 0;
    return seq;
  }

  private move(client: C, symbols: Set<string>): void {
    const group = this.groupOf.get(client);
    if (group) this.leave(client, group);
    this.join(client, symbols);
  }

  private join(client: C, symbols: Set<string>): void {
    const key = [...symbols].sort().join(',');
    let group = this.groups.get(key);
    if (!group) {
      group = { key, symbols, clients: new Set(), pending: [] };
      this.groups.set(key, group);
      for (const symbol of symbols) {
        let set = this.groupsBySymbol.get(symbol);
        if (!set) this.groupsBySymbol.set(symbol, (set = new Set()));
        set.add(group);
      }
    }
    group.clients.add(client);
    this.groupOf.set(client, group);
  }

  private leave(client: C, group: SubscriptionGroup<C>): void {
    group.clients.delete(client);
    if (group.clients.size > 0) return;
    this.groups.delete(group.key);
    for (const symbol of group.symbols) {
      const set = this.groupsBySymbol.get(symbol);
      set?.delete(group);
      if (set?.size === 0) this.groupsBySymbol.delete(symbol);
    }
  }
}

/** Field order is fixed so equal ticks encode to equal bytes. */
function encodeTick(tick: Tick): string {
  let json = `{"symbol":${JSON.stringify(tick.symbol)},"price":${tick.price},"size":${tick.size},"time":${tick.time}`;
  if (tick.bid !== undefined) json += `,"bid":${tick.bid}`;
  if (tick.ask !== undefined) json += `,"ask":${tick.ask}`;
  return `${json}}`;
}
