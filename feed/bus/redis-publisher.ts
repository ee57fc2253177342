import { BINARY_SUBPROTOCOL, BinaryTicksCodec } from '../../shared/codec/binary-ticks-codec.ts';
import type { Tick } from '../../shared/protocol.ts';
import { StreamState } from '../stream-state.ts';
import type { SequencedBatch, StreamStart } from '../stream.ts';
import type { RedisClient } from './redis-client.ts';
import { CHECKPOINT, PUBLISH, RESET, scriptSha } from './redis-scripts.ts';
import { compressStreamStart, packStreamStart } from './stream-start-codec.ts';

type QueuedReset = { reset: StreamStart; checkpoint: Buffer | null };
type Queued = QueuedReset | { batch: SequencedBatch };

export interface PublisherKeys {
  stream: string;
  meta: string;
  behind: string;
}

export interface PublisherOptions {
  prefix: string;
  maxStreamLength: number;
  maxStreamAgeMs: number;
  checkpointEveryMs: number;
  maxPendingBatches: number;
  onRoundTrip?: (seconds: number) => void;
}

/** Checkpoints outlive the stream entries after them. */
export const CHECKPOINT_TTL_MS = 30 * 60_000;

/**
 * The producer's half of the Redis bus: writes each batch with one script
 * call, and the stream's starts and checkpoints, in an order Redis sees as
 * the producer made them. It keeps the stream's state (quotes and bars) to
 * make checkpoints from, as an in-process edge would hold it.
 *
 * Everything goes out through one ordered queue: batches wait in it
 * (bounded) while Redis is away, and behind a new epoch's reset while its
 * checkpoint is being compressed off the event loop. Anything that may have
 * left a hole (a batch that failed, one dropped at the bound, a Redis that
 * lost the stream) ends the epoch: `onLost` asks the producer for a new one.
 */
export class RedisPublisher {
  private start: StreamStart | null = null;
  private state: StreamState | null = null;
  private codec: BinaryTicksCodec | null = null;
  private lastSeq = 0;
  /** What is to be written, in order: a reset waits for its compressed checkpoint, and everything after it waits too. */
  private queue: Queued[] = [];
  private queuedBatches = 0;
  private dropped = 0;
  /** Every batch ever dropped at the bound, for /metrics. */
  private droppedTotal = 0;
  /** The epoch may have a hole: nothing more is written until the producer starts a new one. */
  private broken = false;
  private checkpointing = false;
  private lastCheckpointAt = 0;
  /** Stream ids of published batches that a checkpoint waits for, by seq. */
  private readonly idWaiters = new Map<number, (id: string | null) => void>();
  edgesBehind = 0;

  constructor(
    private readonly client: RedisClient,
    private readonly keys: PublisherKeys,
    private readonly options: PublisherOptions,
    private readonly usable: () => boolean,
    private readonly onLost: (kept: StreamStart) => void,
    private readonly log: (line: string) => void,
  ) {}

  get started(): boolean {
    return this.start !== null;
  }

  reset(start: StreamStart): void {
    if (!this.state || !this.codec || this.start?.info !== start.info) {
      this.state = new StreamState(start.info.symbols);
      this.codec = new BinaryTicksCodec(start.info.symbols);
    }
    this.start = { ...start, history: undefined };
    this.lastSeq = start.seq;
    this.state.load(start.state, start.history);
    if (!this.usable()) {
      // Written when Redis is (back): as a new epoch from the state then (reconnected()).
      this.broken = true;
      this.clearQueue();
      return;
    }
    this.broken = false;
    const queued: QueuedReset = { reset: this.start, checkpoint: null };
    this.queue.push(queued);
    this.lastCheckpointAt = Date.now();
    void compressStreamStart(packStreamStart({ ...start, history: this.state.history() })).then((checkpoint) => {
      queued.checkpoint = checkpoint;
      this.drain();
    });
  }

  publish(batch: SequencedBatch): void {
    if (!this.start || !this.state) return;
    this.state.apply(batch.ticks);
    this.lastSeq = batch.seq;
    if (this.broken) return;
    this.queue.push({ batch });
    if (++this.queuedBatches > this.options.maxPendingBatches) this.dropOldestBatch();
    this.drain();
    if (Date.now() - this.lastCheckpointAt >= this.options.checkpointEveryMs && !this.checkpointing && this.queue.length === 0) this.writeCheckpoint();
  }

  /** Redis is back (scripts loaded): a new epoch if anything may be missing, else what waited, in order. */
  reconnected(): void {
    if (!this.start) return;
    if (this.broken || this.dropped > 0) {
      this.log(`redis: back; ${this.dropped} batches dropped while it was away`);
      this.broken = true;
      return this.restartEpoch();
    }
    this.drain();
  }

  /** What /metrics and /healthz report of the producer's side. */
  get backlog(): { pending: number; dropped: number } {
    return { pending: this.queuedBatches, dropped: this.droppedTotal };
  }

  /** Writes from the head of the queue while Redis is usable and the head is ready. */
  private drain(): void {
    while (this.queue.length > 0 && this.usable() && !this.broken) {
      const head = this.queue[0]!;
      if ('reset' in head) {
        if (head.checkpoint === null) return;
        this.queue.shift();
        this.writeReset(head.reset, head.checkpoint);
      } else {
        this.queue.shift();
        this.queuedBatches--;
        this.send(head.batch);
      }
    }
  }

  /** At the bound, the oldest waiting batch goes; the epoch then has a hole and restarts once Redis is back. */
  private dropOldestBatch(): void {
    const index = this.queue.findIndex((item) => 'batch' in item);
    if (index < 0) return;
    this.queue.splice(index, 1);
    this.queuedBatches--;
    this.dropped++;
    this.droppedTotal++;
  }

  private clearQueue(): void {
    this.queue = [];
    this.queuedBatches = 0;
  }

  private send(batch: SequencedBatch): void {
    const started = performance.now();
    // The binary ticks codec (about 7 bytes a tick, exact): Redis memory and bandwidth per batch stay small. encode() only reads the ticks.
    // Base64, so stream entries read back as plain strings (checkpoints, much larger, travel as raw bytes).
    const data = Buffer.from(this.codec!.encode({ type: 'ticks', epoch: batch.epoch, seq: batch.seq, ticks: batch.ticks as Tick[] })).toString('base64');
    const now = Date.now();
    const args = [batch.epoch, String(batch.seq), String(batch.time), data, String(this.options.maxStreamLength), String(now), `${now - this.options.maxStreamAgeMs}-0`, BINARY_SUBPROTOCOL];
    this.client
      .evalSha(scriptSha(PUBLISH), { keys: [this.keys.stream, this.keys.meta, this.keys.behind], arguments: args })
      .then((reply) => {
        this.options.onRoundTrip?.((performance.now() - started) / 1000);
        const [status, behind, id] = reply as [number, number, string];
        this.idWaiters.get(batch.seq)?.(status === 1 ? String(id) : null);
        this.idWaiters.delete(batch.seq);
        if (status === -1) return this.lost(batch.epoch, `Redis does not hold epoch ${batch.epoch} (restarted, or restored from an old snapshot)`);
        this.edgesBehind = Number(behind);
      })
      .catch((error: Error) => {
        this.idWaiters.get(batch.seq)?.(null);
        this.idWaiters.delete(batch.seq);
        this.lost(batch.epoch, `a batch could not be written (${error.message})`);
      });
  }

  /**
   * The stream cannot go on as it was: ask the producer for a new epoch
   * from the state kept here. Once per epoch: batches of it still in flight
   * fail the same way and must not start yet another.
   */
  private lost(epoch: string, reason: string): void {
    if (this.broken || epoch !== this.start?.epoch) return;
    this.broken = true;
    this.log(`redis: ${reason}; the stream restarts with a new epoch`);
    if (this.usable()) this.restartEpoch();
  }

  /** The producer's new epoch comes back here as reset(), which writes it. */
  private restartEpoch(): void {
    const start = this.start;
    if (!start || !this.state) return;
    this.broken = false;
    this.dropped = 0;
    this.clearQueue();
    this.onLost({ ...start, seq: this.lastSeq, state: this.state.day.all(), history: this.state.history(), reason: 'start' });
  }

  private writeReset(start: StreamStart, checkpoint: Buffer): void {
    const key = `${this.options.prefix}:checkpoint:${start.epoch}:${start.seq}`;
    this.client
      .evalSha(scriptSha(RESET), { keys: [this.keys.stream, this.keys.meta, key], arguments: [start.epoch, String(start.seq), checkpoint, String(this.options.maxStreamLength), String(CHECKPOINT_TTL_MS), String(Date.now())] })
      .catch((error: Error) => this.lost(start.epoch, `the stream's start could not be written (${error.message})`));
  }

  /** The state now, at the last batch sent; it lands once that batch's stream id is known and the bytes are compressed. */
  private writeCheckpoint(): void {
    const start = this.start!;
    const seq = this.lastSeq;
    this.lastCheckpointAt = Date.now();
    this.checkpointing = true;
    const packed = packStreamStart({ ...start, seq, reason: 'start', state: this.state!.day.all(), history: this.state!.history() });
    const id = new Promise<string | null>((resolve) => this.idWaiters.set(seq, resolve));
    void Promise.all([compressStreamStart(packed), id])
      .then(async ([checkpoint, streamId]) => {
        if (streamId === null || !this.usable()) return;
        const key = `${this.options.prefix}:checkpoint:${start.epoch}:${seq}`;
        await this.client.evalSha(scriptSha(CHECKPOINT), { keys: [this.keys.meta, key], arguments: [start.epoch, streamId, checkpoint, String(CHECKPOINT_TTL_MS)] });
      })
      .catch(() => {})
      .finally(() => (this.checkpointing = false));
  }
}
