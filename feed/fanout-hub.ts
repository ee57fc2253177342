import type { Tick } from '../shared/protocol.ts';
import type { BinaryTicksCodec } from '../shared/ticks-codec.ts';
import { frameMessage } from './websocket-frame.ts';

/** Anything that can receive an encoded frame: a WebSocket session, or a test double. */
export interface Subscriber {
  /** How this client takes `ticks` batches; JSON unless it negotiated binary. */
  readonly codec?: 'json' | 'binary';
  /**
   * `binary` is true for binary frames (ticks on a binary connection); everything else is JSON text.
   * `framed`, when given, is the same message as a complete WebSocket frame, shared by every client it goes to.
   */
  send(frame: Buffer, binary?: boolean, framed?: Buffer): void;
  /** Bytes queued but not yet sent; lets an unpaced sender (replay at max) wait for readers. */
  backlog?(): number;
}

/** Clients with identical subscription sets and codecs share one group, and so one serialized frame. */
interface SubscriptionGroup<C> {
  readonly key: string;
  readonly codec: 'json' | 'binary';
  readonly symbols: ReadonlySet<string>;
  readonly clients: Set<C>;
  /** Indexes into the batch being published of this group's ticks; emptied after every publish. */
  readonly pending: number[];
}

/**
 * Fans batches out to subscribers. Each batch is serialized and framed once
 * per distinct subscription set and codec (not once per client), and for JSON
 * each tick is encoded once per batch, whatever the number of groups. Every
 * client in a group gets the same bytes: no per-client work but the write.
 *
 * Memory is bounded by clients x subscribed symbols: groups exist only while
 * at least one client is in them.
 */
export class FanoutHub<C extends Subscriber> {
  private readonly groupOf = new Map<C, SubscriptionGroup<C>>();
  private readonly groups = new Map<string, SubscriptionGroup<C>>();
  private readonly groupsBySymbol = new Map<string, Set<SubscriptionGroup<C>>>();
  private readonly touched: SubscriptionGroup<C>[] = [];
  private readonly encoded: (string | undefined)[] = [];
  private framePrefix = '';
  private lastSeq = 0;
  private currentEpoch = '';

  constructor(
    epoch: string,
    /** Encodes batches for clients that negotiated binary; none means JSON only. */
    private readonly binary: BinaryTicksCodec | null = null,
  ) {
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
    for (let i = 0; i < ticks.length; i++) {
      const groups = this.groupsBySymbol.get(ticks[i]!.symbol);
      if (!groups) continue;
      for (const group of groups) {
        if (group.pending.length === 0) this.touched.push(group);
        group.pending.push(i);
      }
    }
    const head = `${this.framePrefix}${seq},"ticks":[`;
    for (const group of this.touched) {
      const binary = group.codec === 'binary';
      const frame = binary ? this.binaryFrame(seq, ticks, group.pending) : Buffer.from(`${head}${this.jsonTicks(ticks, group.pending)}]}`);
      const framed = frameMessage(frame, binary);
      group.pending.length = 0;
      for (const client of group.clients) client.send(frame, binary, framed);
    }
    this.touched.length = 0;
    this.encoded.length = 0;
    return seq;
  }

  /** JSON for these ticks of the batch, each tick encoded at most once per batch. */
  private jsonTicks(ticks: readonly Tick[], indexes: readonly number[]): string {
    let json = '';
    for (let k = 0; k < indexes.length; k++) {
      const i = indexes[k]!;
      const text = (this.encoded[i] ??= encodeTick(ticks[i]!));
      json += k === 0 ? text : `,${text}`;
    }
    return json;
  }

  private binaryFrame(seq: number, ticks: readonly Tick[], indexes: readonly number[]): Buffer {
    const bytes = this.binary!.encode({ type: 'ticks', epoch: this.currentEpoch, seq, ticks: indexes.map((i) => ticks[i]!) });
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private move(client: C, symbols: Set<string>): void {
    const group = this.groupOf.get(client);
    if (group) this.leave(client, group);
    this.join(client, symbols);
  }

  private join(client: C, symbols: Set<string>): void {
    const codec = client.codec === 'binary' && this.binary ? 'binary' : 'json';
    const key = `${codec}:${[...symbols].sort().join(',')}`;
    let group = this.groups.get(key);
    if (!group) {
      group = { key, codec, symbols, clients: new Set(), pending: [] };
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
