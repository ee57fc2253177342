import { TickChain } from '../shared/codec/tick-chain.ts';
import type { TicksCodec } from '../shared/codec/ticks-codec.ts';
import type { SequencedBatch } from './stream.ts';
import { frameMessage } from './websocket-frame.ts';

/** Anything that receives batches: a client connection, or a test double. */
export interface Subscriber {
  /** How this client takes `ticks` batches (negotiated at the upgrade). */
  readonly codec: TicksCodec;
  /**
   * One batch: the message's payload, and the same message as a complete
   * frame, shared by every client it goes to. Returns false if the client
   * dropped it (it is behind, or closing).
   */
  deliver(payload: Uint8Array, framed: Buffer, binary: boolean): boolean;
  /** Bytes queued but not yet sent. */
  backlog(): number;
}

/** Clients with identical subscription sets and codecs share one group, and so one serialized frame. */
interface SubscriptionGroup<C> {
  readonly key: string;
  readonly codec: TicksCodec;
  readonly symbols: ReadonlySet<string>;
  readonly clients: Set<C>;
  /** Indexes into the batch being published of this group's ticks; emptied after every publish. */
  readonly pending: number[];
  /**
   * What every client in the group has received so far, for encodings whose
   * frames refer to earlier ones. Restarted whenever that stops being true
   * (a client joins, or a client drops a batch): the next frame is a key frame.
   */
  readonly chain: TickChain;
}

/**
 * Fans batches out to subscribers. Each batch is serialized and framed once
 * per distinct subscription set and codec (not once per client), every
 * codec the same way (TicksCodec.encodeSubset, which may share per-tick
 * work across groups), and every client in a group gets the same bytes: no
 * per-client work but the write. Positions (epoch, seq) come with the
 * batch; the hub assigns nothing. A group's frames may refer to its earlier
 * ones (TickChain): the hub restarts the chain whenever a client in the
 * group may not hold them.
 *
 * Memory is bounded by clients x subscribed symbols: groups exist only while
 * at least one client is in them.
 */
export class FanoutHub<C extends Subscriber> {
  private readonly groupOf = new Map<C, SubscriptionGroup<C>>();
  private readonly groups = new Map<string, SubscriptionGroup<C>>();
  private readonly groupsBySymbol = new Map<string, Set<SubscriptionGroup<C>>>();
  private readonly touched: SubscriptionGroup<C>[] = [];
  private readonly begun = new Set<TicksCodec>();

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

  /** The largest number of bytes any client has waiting. */
  maxBacklog(): number {
    let max = 0;
    for (const client of this.groupOf.keys()) max = Math.max(max, client.backlog());
    return max;
  }

  /**
   * Sends one batch to every client subscribed to any of its symbols. A
   * client whose delivery throws does not stop the others; the first such
   * error is thrown once every group has had the batch.
   */
  publish(batch: SequencedBatch): void {
    const { ticks } = batch;
    for (let i = 0; i < ticks.length; i++) {
      const groups = this.groupsBySymbol.get(ticks[i]!.symbol);
      if (!groups) continue;
      for (const group of groups) {
        if (group.pending.length === 0) this.touched.push(group);
        group.pending.push(i);
      }
    }
    let failure: unknown = null;
    for (const group of this.touched) {
      try {
        this.sendTo(group, batch);
      } catch (error) {
        // The group's frame may be half made, or not everyone has it: its next frame is a key frame.
        group.chain.restart();
        failure ??= error;
      }
      group.pending.length = 0;
    }
    this.touched.length = 0;
    this.begun.clear();
    if (failure !== null) throw failure;
  }

  /** Encodes the group's part of the batch once and writes it to each client; throws the first client's error after trying them all. */
  private sendTo(group: SubscriptionGroup<C>, batch: SequencedBatch): void {
    const { codec } = group;
    if (!this.begun.has(codec)) {
      codec.beginBatch(batch.epoch, batch.seq, batch.ticks);
      this.begun.add(codec);
    }
    const payload = codec.encodeSubset(group.pending, group.chain);
    const framed = frameMessage(payload, codec.binaryFrames);
    let everyoneHasIt = true;
    let failure: unknown = null;
    for (const client of group.clients) {
      try {
        everyoneHasIt = client.deliver(payload, framed, codec.binaryFrames) && everyoneHasIt;
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== null) throw failure;
    if (!everyoneHasIt) group.chain.restart();
  }

  private move(client: C, symbols: Set<string>): void {
    const group = this.groupOf.get(client);
    if (group) this.leave(client, group);
    this.join(client, symbols);
  }

  private join(client: C, symbols: Set<string>): void {
    const key = `${client.codec.name}:${[...symbols].sort().join(',')}`;
    let group = this.groups.get(key);
    if (!group) {
      group = { key, codec: client.codec, symbols, clients: new Set(), pending: [], chain: new TickChain() };
      this.groups.set(key, group);
      for (const symbol of symbols) {
        let set = this.groupsBySymbol.get(symbol);
        if (!set) this.groupsBySymbol.set(symbol, (set = new Set()));
        set.add(group);
      }
    }
    group.clients.add(client);
    // The newcomer has none of the frames the chain refers to.
    group.chain.restart();
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
