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
 * before the seam existed. It keeps the stream's current state (the last
 * start plus every batch since, applied: quotes and bars), so a consumer
 * may join at any time and start exactly where the stream is, as a
 * networked bus does with checkpoints.
 */
export class MemoryBus implements Bus {
  private readonly consumers = new Set<BusConsumer>();
  private start: StreamStart | null = null;
  private state: StreamState | null = null;
  private seq = 0;
  private status: ReplayStatus | null = null;
  private handler: ControlHandler | null = null;
  private closed = false;

  reset(start: StreamStart): void {
    if (this.closed) return;
    // The history now lives in this.state (a late consumer gets it from there); keeping it here too would hold a second copy.
    this.start = { ...start, history: undefined };
    this.seq = start.seq;
    this.state = new StreamState(start.info.symbols);
    this.state.load(start.state, start.history);
    for (const consumer of this.consumers) consumer.reset(start);
  }

  publish(batch: SequencedBatch): boolean {
    if (this.closed || !this.start) return true;
    this.state!.apply(batch.ticks);
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
    this.consumers.add(consumer);
    if (this.start) consumer.reset({ ...this.start, seq: this.seq, state: this.state!.day.all(), history: this.state!.history() });
    if (this.status) consumer.replayStatus(this.status);
    return () => this.consumers.delete(consumer);
  }

  async control(message: ControlMessage): Promise<ControlResult> {
    if (!this.handler) return { ok: false, code: ErrorCode.NotReplay, message: 'this feed is live; control messages steer a replay' };
    return this.handler(message);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.consumers.clear();
  }
}
