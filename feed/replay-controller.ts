import { ErrorCode } from '../shared/error-codes.ts';
import type { ControlMessage, ReplaySpeed, ReplayStatusMessage } from '../shared/protocol.ts';
import type { Subscriber } from './fanout-hub.ts';
import type { ControlResult, Feed, ReplayControls } from './feed.ts';
import type { Recording } from './recording/reader.ts';

export interface ReplayOptions {
  speed: ReplaySpeed;
  loop: boolean;
  paused: boolean;
  /** Recorded time to start from; default the beginning. */
  from?: number;
  controllable: boolean;
  now?: () => number;
}

type PlayState = ReplayStatusMessage['state'];

/** How often the replay clock is checked for due batches. */
const TURN_MS = 10;
/** Upper bound on ticks sent in one turn, so a burst never blocks the event loop for long. */
const MAX_TICKS_PER_TURN = 20_000;
/** At max speed, wait while any client has more than this queued, so nobody is cut off for being slow. */
const MAX_SPEED_BACKLOG_BYTES = 2 * 1024 * 1024;
const STATUS_INTERVAL_MS = 1000;

/**
 * Plays a recording through a feed on one shared replay clock. Each recorded
 * batch is published as one batch with its recorded seq, so every speed
 * delivers the same ticks with the same boundaries. Seeks and loop restarts
 * rebuild the state from the recording and begin a new epoch.
 */
export class ReplayController<C extends Subscriber> implements ReplayControls {
  readonly controllable: boolean;
  private readonly now: () => number;
  private state: PlayState;
  private speed: ReplaySpeed;
  private next = 0;
  private position: number;
  private anchorWall = 0;
  private anchorPosition = 0;
  private timer: NodeJS.Timeout | undefined;
  private lastStatusAt = 0;
  private stopped = true;

  constructor(
    private readonly feed: Feed<C>,
    private readonly recording: Recording,
    private readonly options: ReplayOptions,
  ) {
    this.controllable = options.controllable;
    this.now = options.now ?? Date.now;
    this.speed = options.speed;
    this.state = options.paused ? 'paused' : 'playing';
    this.position = this.beginning();
    feed.replay = this;
  }

  start(): void {
    this.stopped = false;
    this.jump(this.options.from ?? this.beginning(), false);
    this.anchor();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  status(): ReplayStatusMessage {
    return {
      type: 'replay',
      epoch: this.feed.epoch,
      state: this.state,
      speed: this.speed,
      position: Math.round(this.position),
      range: this.recording.range,
      controllable: this.controllable,
    };
  }

  control(message: ControlMessage): ControlResult {
    switch (message.action) {
      case 'play':
        if (this.state === 'ended') this.jump(this.beginning(), true);
        this.state = 'playing';
        this.anchor();
        this.schedule();
        break;
      case 'pause':
        this.advanceClock();
        this.state = 'paused';
        break;
      case 'step':
        this.advanceClock();
        this.state = 'paused';
        this.step();
        break;
      case 'seek': {
        const { start, end } = this.recording.range;
        if (message.time < start || message.time > end) {
          return { ok: false, code: ErrorCode.OutOfRange, message: `seek time ${message.time} is outside the recording (${start} to ${end})` };
        }
        if (this.state === 'ended') this.state = 'paused';
        this.jump(message.time, true);
        this.anchor();
        this.schedule();
        break;
      }
      case 'speed':
        this.advanceClock();
        this.speed = message.speed;
        this.anchor();
        break;
    }
    this.broadcastStatus();
    return { ok: true };
  }

  /** Moves to recorded time t: rebuilds the state there and, for a restart, begins a new epoch with fresh snapshots. */
  private jump(t: number, restart: boolean): void {
    this.next = this.recording.batchIndexAfter(t);
    this.position = t;
    this.recording.stateBefore(this.next, this.feed.state);
    if (restart) this.feed.restart(this.next > 0 ? this.recording.seqs[this.next - 1]! : 0);
  }

  private beginning(): number {
    return Math.min(this.recording.range.start, this.recording.batchTimes[0]!) - 1;
  }

  private anchor(): void {
    this.anchorWall = this.now();
    this.anchorPosition = this.position;
  }

  /** Brings position up to the replay clock (used before a pause or a speed change). */
  private advanceClock(): void {
    if (this.state === 'playing' && this.speed !== 'max') this.position = this.clockTarget();
  }

  private clockTarget(): number {
    return this.anchorPosition + (this.now() - this.anchorWall) * (this.speed === 'max' ? 0 : this.speed);
  }

  private schedule(): void {
    if (this.stopped || this.timer !== undefined || this.state !== 'playing') return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.turn();
    }, this.speed === 'max' ? 0 : TURN_MS);
  }

  private turn(): void {
    if (this.state !== 'playing') return;
    if (this.speed === 'max') {
      if (this.maxBacklog() <= MAX_SPEED_BACKLOG_BYTES) this.publishWhile(() => true);
    } else {
      const target = this.clockTarget();
      const caughtUp = this.publishWhile((time) => time <= target);
      // If a burst exceeded one turn's budget, the clock waits for the data rather than skipping it.
      if (caughtUp) this.position = Math.max(this.position, target);
      else this.anchor();
    }
    if (this.next >= this.recording.batchCount) this.finish();
    if (this.now() - this.lastStatusAt >= STATUS_INTERVAL_MS) this.broadcastStatus();
    this.schedule();
  }

  /** Publishes due batches up to the per-turn budget; true if every due batch was sent. */
  private publishWhile(due: (batchTime: number) => boolean): boolean {
    let sent = 0;
    while (this.next < this.recording.batchCount && due(this.recording.batchTimes[this.next]!)) {
      if (sent >= MAX_TICKS_PER_TURN) return false;
      sent += this.publishNext();
    }
    return true;
  }

  private publishNext(): number {
    const batch = this.recording.batch(this.next);
    this.feed.publish(batch.ticks, batch.seq);
    this.position = Math.max(this.position, batch.time);
    this.next++;
    return batch.ticks.length;
  }

  private step(): void {
    if (this.next < this.recording.batchCount) this.publishNext();
    if (this.next >= this.recording.batchCount) this.finish();
  }

  private finish(): void {
    if (this.options.loop && this.state === 'playing') {
      this.jump(this.beginning(), true);
      this.anchor();
    } else {
      this.state = 'ended';
      this.position = Math.max(this.position, this.recording.range.end);
    }
    this.broadcastStatus();
  }

  private maxBacklog(): number {
    let max = 0;
    for (const [client] of this.feed.hub.clients()) max = Math.max(max, client.backlog?.() ?? 0);
    return max;
  }

  private broadcastStatus(): void {
    this.lastStatusAt = this.now();
    this.feed.broadcast(this.status());
  }
}
