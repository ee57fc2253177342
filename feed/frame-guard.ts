import { TokenBucket } from './rate-limiter.ts';

export interface FrameLimits {
  /** Frames one message may be split into. Browsers and ws send one; a hostile client sent 60,000 one-byte fragments. */
  maxFragments: number;
  /** Frames of any kind (data, continuation, ping, pong, close) per second, sustained and in a burst. */
  framesPerSecond: number;
  frameBurst: number;
}

export const DEFAULT_FRAME_LIMITS: FrameLimits = { maxFragments: 8, framesPerSecond: 100, frameBurst: 200 };

/** Where the scanner is within the client's byte stream (RFC 6455 section 5.2). */
type ScanState = 'header' | 'length16' | 'length64' | 'mask' | 'payload' | 'stopped';

/**
 * Reads the frame headers of what a client sends, before ws parses it, to
 * bound what one connection can make the server hold and do. ws limits the
 * size of a message (maxPayload) but not the number of fragments it arrives
 * in, and each fragment costs a Buffer object kept until the message ends;
 * nor does it limit pings, each of which it answers with a pong. Payloads are
 * skipped, not copied: the cost is a few comparisons per frame.
 */
export class FrameGuard {
  private state: ScanState = 'header';
  private header: number[] = [];
  private needed = 2;
  private payloadLeft = 0;
  private masked = false;
  private fragments = 0;
  private readonly frames: TokenBucket;

  constructor(
    private readonly limits: FrameLimits,
    /** Called once, with the reason, when the client breaks a limit; scanning then stops. */
    private readonly onViolation: (reason: string) => void,
    now: () => number = Date.now,
  ) {
    this.frames = new TokenBucket(limits.framesPerSecond, limits.frameBurst, now);
  }

  scan(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length && this.state !== 'stopped') {
      if (this.state === 'payload') {
        const skip = Math.min(this.payloadLeft, chunk.length - i);
        i += skip;
        this.payloadLeft -= skip;
        if (this.payloadLeft === 0) this.startFrame();
        continue;
      }
      this.header.push(chunk[i++]!);
      if (this.header.length < this.needed) continue;
      this.advance();
    }
  }

  private startFrame(): void {
    this.state = 'header';
    this.header = [];
    this.needed = 2;
  }

  /** The bytes the current state needs have arrived. */
  private advance(): void {
    const h = this.header;
    switch (this.state) {
      case 'header': {
        if (!this.countFrame(h[0]!)) return;
        this.masked = (h[1]! & 0x80) !== 0;
        const length = h[1]! & 0x7f;
        if (length === 126) return this.expect('length16', 2);
        if (length === 127) return this.expect('length64', 8);
        return this.afterLength(length);
      }
      case 'length16':
        return this.afterLength((h[2]! << 8) | h[3]!);
      case 'length64': {
        let length = 0;
        for (let k = 2; k < 10; k++) length = length * 256 + h[k]!;
        return this.afterLength(length);
      }
      case 'mask':
        return this.toPayload();
    }
  }

  private expect(state: ScanState, bytes: number): void {
    this.state = state;
    this.needed = this.header.length + bytes;
  }

  private afterLength(length: number): void {
    this.payloadLeft = length;
    if (this.masked) this.expect('mask', 4);
    else this.toPayload();
  }

  private toPayload(): void {
    if (this.payloadLeft === 0) return this.startFrame();
    this.state = 'payload';
  }

  /** Applies the limits to one frame header's first byte; false once a limit is broken. */
  private countFrame(first: number): boolean {
    if (!this.frames.take()) return this.violate(`more than ${this.limits.framesPerSecond} frames a second`);
    const fin = (first & 0x80) !== 0;
    const opcode = first & 0x0f;
    if (opcode >= 0x8) return true; // control frames may come between fragments and are not fragments
    this.fragments = opcode === 0x0 ? this.fragments + 1 : 1;
    if (this.fragments > this.limits.maxFragments) return this.violate(`a message in more than ${this.limits.maxFragments} fragments`);
    if (fin) this.fragments = 0;
    return true;
  }

  private violate(reason: string): false {
    this.state = 'stopped';
    this.onViolation(reason);
    return false;
  }
}
