import { randomBytes } from 'node:crypto';
import { PROTOCOL_VERSION, type HelloMessage, type SnapshotMessage, type Tick } from '../shared/protocol.ts';
import { FanoutHub, type Subscriber } from './fanout-hub.ts';
import { LivePacer } from './live-pacer.ts';
import { MarketState } from './market-state.ts';
import type { TickSource } from './tick-source.ts';

export const EXCHANGE_TIME_ZONE = 'America/New_York';

export interface FeedOptions {
  batchIntervalMs: number;
  /** Injected by tests that need a stable epoch; otherwise random per process start. */
  epoch?: string;
}

/** One running stream: a source, the day state it builds, and the hub that fans it out. */
export class Feed<C extends Subscriber = Subscriber> {
  readonly epoch: string;
  readonly state: MarketState;
  readonly hub: FanoutHub<C>;
  readonly batchIntervalMs: number;
  private readonly knownSymbols: ReadonlySet<string>;
  private readonly pacer: LivePacer;
  private readonly batchListeners = new Set<(seq: number, ticks: readonly Tick[]) => void>();

  constructor(
    readonly source: TickSource,
    options: FeedOptions,
  ) {
    this.epoch = options.epoch ?? randomBytes(6).toString('base64url');
    this.batchIntervalMs = options.batchIntervalMs;
    this.state = new MarketState(source.symbols);
    this.hub = new FanoutHub<C>(this.epoch);
    this.knownSymbols = new Set(source.symbols.map((s) => s.symbol));
    this.pacer = new LivePacer(source, (ticks) => this.publish(ticks), { batchIntervalMs: options.batchIntervalMs });
  }

  start(): void {
    this.pacer.start();
  }

  stop(): void {
    this.pacer.stop();
  }

  /** Steps one batch boundary by hand (tests and benchmarks that must not depend on timers). */
  flush(now?: number): void {
    this.pacer.flush(now);
  }

  isKnownSymbol(symbol: string): boolean {
    return this.knownSymbols.has(symbol);
  }

  /** Observes every published batch, e.g. for a recorder. Returns an unsubscribe function. */
  onBatch(listener: (seq: number, ticks: readonly Tick[]) => void): () => void {
    this.batchListeners.add(listener);
    return () => this.batchListeners.delete(listener);
  }

  publish(ticks: readonly Tick[]): void {
    this.state.apply(ticks);
    const seq = this.hub.publish(ticks);
    if (seq === null) return;
    for (const listener of this.batchListeners) listener(seq, ticks);
  }

  hello(): HelloMessage {
    return {
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      serverTime: Date.now(),
      mode: this.source.mode,
      epoch: this.epoch,
      batchIntervalMs: this.batchIntervalMs,
      timeZone: EXCHANGE_TIME_ZONE,
      symbols: [...this.source.symbols],
    };
  }

  snapshot(symbols: Iterable<string>): SnapshotMessage {
    return { type: 'snapshot', epoch: this.epoch, seq: this.hub.seq, quotes: this.state.snapshot(symbols) };
  }
}
