import { ErrorCode } from '../../shared/error-codes.ts';
import type { ControlMessage } from '../../shared/protocol.ts';
import { StreamState } from '../stream-state.ts';
import type { ReplayStatus, SequencedBatch, StreamStart } from '../stream.ts';
import type { Bus, BusConsumer, ControlHandler, ControlResult } from './bus.ts';

/** How often ready() looks again while a consumer is behind. */
const READY_POLL_MS = 5;

/**
 * The in-process bus, the default: delivery is a synchronous call to each
 * consumer, so producing and serving in one process costs what it did
 * before the seam existed. A consumer may join at any time and start
 * exactly where the stream is, as a networked bus does with checkpoints.
 *
 * Where that state comes from: delivery is synchronous, so every attached
 * consumer is at the head of the stream, and one that offers a checkpoint
 * (an Edge) holds exactly what a late joiner needs. The bus keeps its own
 * copy (the last start plus every batch since, applied) only while no
 * attached consumer offers one: before the first joins and after the last
 * leaves. With 5,000 symbols a copy of the bars is hundreds of MiB.
 */
export class MemoryBus implements Bus {
  private readonly consumers = new Set<BusConsumer>();
  private start: StreamStart | null = null;
  /** The stream's state while no attached consumer can give a checkpoint; null otherwise. */
  private state: StreamState | null = null;
  private seq = 0;
  private status: ReplayStatus | null = null;
  private handler: ControlHandler | null = null;
  private closed = false;

  reset(start: StreamStart): void {
    if (this.closed) return;
    // The history lives in the consumers' state (or this.state); keeping it here too would hold another copy.
    this.start = { ...start, history: undefined };
    this.seq = start.seq;
    this.state = null;
    for (const consumer of this.consumers) consumer.reset(start);
    if (!this.checkpointer()) this.keepState(start);
  }

  publish(batch: SequencedBatch): boolean {
    if (this.closed || !this.start) return true;
    this.state?.apply(batch.ticks);
    this.seq = batch.seq;
    let ready = true;
    for (const consumer of this.consumers) {
      consumer.batch(batch);
      if (ready && consumer.saturated()) ready = false;
    }
    return ready;
  }

  replayStatus(status: ReplayStatus): void {
    this.status = status;
    for (const consumer of this.consumers) consumer.replayStatus(status);
  }

  serveControl(handler: ControlHandler): void {
    this.handler = handler;
  }

  async ready(): Promise<void> {
    while (!this.closed && [...this.consumers].some((c) => c.saturated())) {
      await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
    }
  }

  consume(consumer: BusConsumer): () => void {
    if (this.start) consumer.reset(this.current());
    this.consumers.add(consumer);
    // Once a consumer holds the state, the bus's own copy is garbage.
    if (this.state && consumer.checkpoint) this.state = null;
    if (this.status) consumer.replayStatus(this.status);
    return () => {
      if (!this.consumers.delete(consumer)) return;
      if (this.start && !this.state && !this.checkpointer()) this.keepState(consumer.checkpoint?.() ?? null);
    };
  }

  async control(message: ControlMessage): Promise<ControlResult> {
    if (!this.handler) return { ok: false, code: ErrorCode.NotReplay, message: 'this feed is live; control messages steer a replay' };
    return this.handler(message);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.consumers.clear();
    this.state = null;
  }

  /** The stream as it stands: what a consumer that joins now starts from. */
  private current(): StreamStart {
    const held = this.checkpointer()?.checkpoint?.();
    if (held) return held;
    return { ...this.start!, seq: this.seq, state: this.state!.day.all(), history: this.state!.history() };
  }

  private checkpointer(): BusConsumer | undefined {
    for (const consumer of this.consumers) if (consumer.checkpoint) return consumer;
    return undefined;
  }

  /** Takes over the stream's state from a start (or a departing consumer's checkpoint). */
  private keepState(from: StreamStart | null): void {
    const source = from ?? this.start!;
    this.state = new StreamState(source.info.symbols);
    this.state.load(source.state, source.history);
  }
}
