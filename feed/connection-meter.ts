/**
 * What a client connection reports about itself for the operator's
 * metrics: bytes and batches sent, conflations, slow-consumer closes and
 * resume outcomes. An interface, so connections do not depend on the
 * metrics library and tests can pass nothing.
 */
export interface ConnectionMeter {
  /** A frame was written to the socket: a batch of ticks, or anything else (hello, snapshots, replies, heartbeats). */
  sent(kind: 'batch' | 'other', bytes: number): void;
  /** The client fell behind, batches were dropped, and one conflated snapshot replaced them. */
  conflated(): void;
  /** The client was closed as a slow consumer (4001). */
  droppedSlow(): void;
  /** A resume was answered: recovered, or why not (a fixed set of reasons). */
  resumed(outcome: ResumeOutcome): void;
}

export type ResumeOutcome = 'recovered' | 'epoch changed' | 'too old' | 'seq from the future' | 'too much missed for this connection';

export const NO_METER: ConnectionMeter = {
  sent: () => {},
  conflated: () => {},
  droppedSlow: () => {},
  resumed: () => {},
};
