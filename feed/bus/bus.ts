import type { ErrorCode } from '../../shared/error-codes.ts';
import type { ControlMessage } from '../../shared/protocol.ts';
import type { ReplayStatus, SequencedBatch, StreamStart } from '../stream.ts';

export type ControlResult = { ok: true } | { ok: false; code: ErrorCode; message: string };

/** Serves replay control requests on the producer's side. */
export type ControlHandler = (message: ControlMessage) => ControlResult;

/** A networked bus's view of its link, for /healthz and /metrics. */
export interface BusHealth {
  /** Why the edge cannot serve live data now (e.g. "Redis unreachable for 3 s"); null when it can. */
  problem: string | null;
  /** How far delivery is behind the producer, in seconds; null when unknown. */
  lagSeconds: number | null;
}

/** An edge, as the bus sees it. */
export interface BusConsumer {
  /** The stream began, or began a new epoch: serve from this state. A consumer that joins late gets the current start first. */
  reset(start: StreamStart): void;
  /** The next batch of the current epoch, in order. */
  batch(batch: SequencedBatch): void;
  /** Replay only: the shared replay clock changed (and once a second while playing). */
  replayStatus(status: ReplayStatus): void;
  /** True while this consumer's readers are behind: a producer that can wait (a replay at max speed) waits. */
  saturated(): boolean;
  /**
   * The stream as this consumer holds it now (quotes and bars at its last
   * batch), or null before the stream starts. Optional: a consumer in the
   * bus's own process offers it so the bus need not keep a second copy for
   * consumers that join late.
   */
  checkpoint?(): StreamStart | null;
}

/**
 * The seam between producing a stream and serving it (the model is
 * centrifuge's Broker). A producer publishes sequenced batches and resets
 * to it; edges consume them, in order; control requests from clients
 * (replay play, pause, seek, speed) travel back through it to the producer,
 * never through object references. MemoryBus is the in-process default; a
 * bus over a network implements the same interface and passes the same
 * tests (tests/unit/bus-contract.ts).
 */
export interface Bus {
  // ---- producer side
  /** Starts the stream, or a new epoch of it. */
  reset(start: StreamStart): void;
  /** Returns false when consumers are behind: a producer that can wait should await ready() before publishing more. */
  publish(batch: SequencedBatch): boolean;
  replayStatus(status: ReplayStatus): void;
  /** Registers the one handler for control requests (the replay). */
  serveControl(handler: ControlHandler): void;
  /** Resolves when no consumer is behind. */
  ready(): Promise<void>;

  // ---- edge side
  /** Starts delivering to a consumer; returns the function that stops it. */
  consume(consumer: BusConsumer): () => void;
  /** A client's control request, answered by the producer's handler. */
  control(message: ControlMessage): Promise<ControlResult>;

  close(): Promise<void>;

  /** A networked bus says how its link is; the in-process bus has none to report. */
  health?(): BusHealth;

  /**
   * A networked bus that lost the stream (Redis restarted empty, or batches
   * could not be written) calls this with the state it kept: the producer
   * starts a new epoch from it, so no edge ever sees a seq reused with
   * other content.
   */
  onStreamLost?(handler: (state: StreamStart) => void): void;
}
