import { ErrorCode } from '../shared/error-codes.ts';
import { instrumentOf } from '../shared/instrument.ts';
import { calendarFor, type MarketCalendar } from '../shared/market-calendar.ts';
import type { ControlMessage, ReplaySpeed, ReplayStatusMessage } from '../shared/protocol.ts';
import type { ControlResult } from './bus/bus.ts';
import { DayState } from './day-state.ts';
import type { Producer } from './producer.ts';
import type { Recording } from './recording/reader.ts';

export interface ReplayOptions {
  speed: ReplaySpeed;
  loop: boolean;
  paused: boolean;
  /** Recorded time to start from; default the beginning. */
  from?: number;
  controllable: boolean;
  now?: () => number;
  /** A batch that cannot be played (damaged data, a bug) pauses the replay and is reported here; the server goes on. */
  onError?: (error: Error) => void;
}

type PlayState = ReplayStatusMessage['state'];

/** How often the replay clock is checked for due batches. */
const TURN_MS = 10;
/** Upper bound on ticks sent in one turn, so a burst never blocks the event loop for long. */
const MAX_TICKS_PER_TURN = 20_000;
const STATUS_INTERVAL_MS = 1000;

/**
 * Plays a recording through a producer on one shared replay clock. Each
 * recorded batch is published as one batch with its recorded seq and time,
 * so every speed delivers the same ticks with the same boundaries. Seeks
 * and loop restarts rebuild the state from the recording and begin a new
 * epoch. Control requests reach it through the bus; at max speed it waits
 * whenever the bus says its consumers are behind.
 */
export class ReplayController {
  readonly controllable: boolean;
  private readonly now: () => number;
  private readonly state: DayState;
  /** Whose trading days decide what a closed-market gap is: the first symbol's market. */
  private readonly calendar: MarketCalendar;
  private playState: PlayState;
  private speed: ReplaySpeed;
  private next = 0;
  private position: number;
  private anchorWall = 0;
  private anchorPosition = 0;
  private timer: NodeJS.Timeout | undefined;
  private waitingForReaders = false;
  private lastStatusAt = 0;
  private stopped = true;

  constructor(
    private readonly producer: Producer,
    private readonly recording: Recording,
    private readonly options: ReplayOptions,
  ) {
    this.controllable = options.controllable;
    this.now = options.now ?? Date.now;
    this.speed = options.speed;
    this.playState = options.paused ? 'paused' : 'playing';
    this.position = this.beginning();
    this.state = new DayState(recording.header.symbols);
    this.calendar = calendarFor(instrumentOf(recording.header.symbols[0]!).calendar);
    producer.serveControl((message) => this.control(message));
  }

  /** Opens the stream at the starting position and begins playing (or waits, paused). */
  start(): void {
    this.stopped = false;
    this.jump(this.options.from ?? this.beginning(), null);
    this.anchor();
    this.broadcastStatus();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  status(): ReplayStatusMessage {
    return {
      type: 'replay',
      epoch: this.producer.epoch,
      state: this.playState,
      speed: this.speed,
      position: Math.round(this.position),
      range: this.recording.range,
      controllable: this.controllable,
    };
  }

  control(message: ControlMessage): ControlResult {
    try {
      return this.applyControl(message);
    } catch (error) {
      this.fail(error as Error);
      return { ok: false, code: ErrorCode.Internal, message: `the replay could not ${message.action}: ${(error as Error).message}` };
    }
  }

  private applyControl(message: ControlMessage): ControlResult {
    if (!this.controllable) return { ok: false, code: ErrorCode.ControlDisabled, message: 'this replay was started with --no-control' };
    switch (message.action) {
      case 'play':
        if (this.playState === 'ended') this.jump(this.beginning(), 'loop');
        this.playState = 'playing';
        this.anchor();
        this.schedule();
        break;
      case 'pause':
        this.advanceClock();
        this.playState = 'paused';
        break;
      case 'step':
        this.advanceClock();
        this.playState = 'paused';
        this.step();
        break;
      case 'seek': {
        const { start, end } = this.recording.range;
        if (message.time < start || message.time > end) {
          return { ok: false, code: ErrorCode.OutOfRange, message: `seek time ${message.time} is outside the recording (${start} to ${end})` };
        }
        if (this.playState === 'ended') this.playState = 'paused';
        this.jump(message.time, 'seek');
        this.anchor();
        this.schedule();
        break;
      }
      case 'speed':
        this.advanceClock();
        this.speed = message.speed;
        this.anchor();
        this.schedule();
        break;
    }
    this.broadcastStatus();
    return { ok: true };
  }

  /** Moves to recorded time t: rebuilds the state there and opens the stream (null) or begins a new epoch there. */
  private jump(t: number, restart: 'seek' | 'loop' | null): void {
    this.next = this.recording.batchIndexAfter(t);
    this.position = t;
    this.recording.stateBefore(this.next, this.state);
    // The session so far as bars, so a chart after a seek shows the day up to here, not only what plays next.
    const history = this.recording.historyBefore(this.next, t);
    const lastSeq = this.next > 0 ? this.recording.seqs[this.next - 1]! : 0;
    if (restart) this.producer.restart(lastSeq, this.state.all(), restart, history);
    else this.producer.start(this.state.all(), lastSeq, history);
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
    if (this.playState === 'playing' && this.speed !== 'max') this.position = this.clockTarget();
  }

  private clockTarget(): number {
    return this.anchorPosition + (this.now() - this.anchorWall) * (this.speed === 'max' ? 0 : this.speed);
  }

  private schedule(): void {
    if (this.stopped || this.timer !== undefined || this.waitingForReaders || this.playState !== 'playing') return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        this.turn();
      } catch (error) {
        this.fail(error as Error);
      }
    }, this.speed === 'max' ? 0 : TURN_MS);
  }

  private turn(): void {
    if (this.playState !== 'playing') return;
    if (this.speed === 'max') {
      this.publishWhile(() => true);
    } else {
      const target = this.clockTarget();
      const caughtUp = this.publishWhile((time) => time <= target);
      // If a burst exceeded one turn's budget, the clock waits for the data rather than skipping it.
      if (caughtUp) {
        this.position = Math.max(this.position, target);
        this.skipClosedMarket();
      } else this.anchor();
    }
    if (this.next >= this.recording.batchCount) this.finish();
    if (this.now() - this.lastStatusAt >= STATUS_INTERVAL_MS) this.broadcastStatus();
    this.schedule();
  }

  /**
   * Publishes due batches up to the per-turn budget; true if every due batch
   * was sent. At max speed a "readers are behind" from the bus ends the turn,
   * and the next waits until the bus is ready again.
   */
  private publishWhile(due: (batchTime: number) => boolean): boolean {
    let sent = 0;
    while (this.next < this.recording.batchCount && due(this.recording.batchTimes[this.next]!)) {
      if (sent >= MAX_TICKS_PER_TURN) return false;
      const { ticks, readersKeepingUp } = this.publishNext();
      sent += ticks;
      if (!readersKeepingUp && this.speed === 'max') {
        this.waitForReaders();
        return false;
      }
    }
    return true;
  }

  /**
   * Nights, weekends and holidays pass in no time: when everything due is
   * sent and the next batch is on a later trading day (in the recording's
   * market), the clock moves to just before it. A gap inside a day (a quiet
   * half hour in pre-market) plays in recorded time, as it happened.
   */
  private skipClosedMarket(): void {
    if (this.next === 0 || this.next >= this.recording.batchCount) return;
    const nextTime = this.recording.batchTimes[this.next]!;
    const lastTime = this.recording.batchTimes[this.next - 1]!;
    if (nextTime - this.position <= TURN_MS || this.calendar.dayOf(nextTime).key === this.calendar.dayOf(lastTime).key) return;
    this.position = nextTime - 1;
    this.anchor();
  }

  private waitForReaders(): void {
    this.waitingForReaders = true;
    void this.producer.ready().then(() => {
      this.waitingForReaders = false;
      this.schedule();
    });
  }

  private publishNext(): { ticks: number; readersKeepingUp: boolean } {
    const batch = this.recording.batch(this.next);
    const readersKeepingUp = this.producer.publish(batch.ticks, { seq: batch.seq, time: batch.time });
    this.position = Math.max(this.position, batch.time);
    this.next++;
    return { ticks: batch.ticks.length, readersKeepingUp };
  }

  private step(): void {
    if (this.next < this.recording.batchCount) this.publishNext();
    if (this.next >= this.recording.batchCount) this.finish();
  }

  private finish(): void {
    if (this.options.loop && this.playState === 'playing') {
      this.jump(this.beginning(), 'loop');
      this.anchor();
    } else {
      this.playState = 'ended';
      this.position = Math.max(this.position, this.recording.range.end);
    }
    this.broadcastStatus();
  }

  /** Something in the recording cannot be played: pause there and say so, rather than end the process. */
  private fail(error: Error): void {
    this.playState = 'paused';
    (this.options.onError ?? ((e: Error) => console.error(`tickwall: replay paused: ${e.message}`)))(error);
    try {
      this.broadcastStatus();
    } catch {
      // Nothing more can be said to clients; the error was reported.
    }
  }

  private broadcastStatus(): void {
    this.lastStatusAt = this.now();
    this.producer.replayStatus(this.status());
  }
}
