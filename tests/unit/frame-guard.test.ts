import { describe, expect, it } from 'vitest';
import { FrameGuard } from '../../feed/frame-guard.ts';

/** A masked client frame, as RFC 6455 lays it out. */
function frame(opcode: number, payload: Uint8Array, fin = true): Uint8Array {
  const length = payload.length;
  const header = length < 126 ? [length | 0x80] : length < 65536 ? [126 | 0x80, length >> 8, length & 0xff] : [127 | 0x80, 0, 0, 0, 0, (length >>> 24) & 0xff, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff];
  return Uint8Array.from([(fin ? 0x80 : 0) | opcode, ...header, 1, 2, 3, 4, ...payload]);
}
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
const text = (s: string) => new TextEncoder().encode(s);

function guard(limits: Partial<{ maxFragments: number; framesPerSecond: number; frameBurst: number }> = {}) {
  const violations: string[] = [];
  const g = new FrameGuard({ maxFragments: 3, framesPerSecond: 1000, frameBurst: 1000, ...limits }, (reason) => violations.push(reason), () => 0);
  return { g, violations };
}

describe('FrameGuard', () => {
  it('accepts whole messages of every length encoding, split across chunks anywhere', () => {
    const { g, violations } = guard();
    const stream = concat(frame(1, text('hi')), frame(1, new Uint8Array(300)), frame(2, new Uint8Array(70_000)), frame(9, text('ping')));
    for (let i = 0; i < stream.length; i += 7) g.scan(stream.subarray(i, i + 7));
    expect(violations).toEqual([]);
  });

  it('allows a message in up to maxFragments frames, with control frames between them', () => {
    const { g, violations } = guard();
    g.scan(concat(frame(1, text('a'), false), frame(9, text('')), frame(0, text('b'), false), frame(0, text('c'), true), frame(1, text('d'), false), frame(0, text('e'))));
    expect(violations).toEqual([]);
  });

  it('stops a message split into more fragments than allowed', () => {
    const { g, violations } = guard();
    g.scan(concat(frame(1, text('a'), false), ...Array.from({ length: 5 }, () => frame(0, text('b'), false))));
    expect(violations).toEqual(['a message in more than 3 fragments']);
  });

  it('stops a flood of frames, pings included, and reports once', () => {
    const { g, violations } = guard({ framesPerSecond: 10, frameBurst: 20 });
    g.scan(concat(...Array.from({ length: 50 }, () => frame(9, text('x')))));
    expect(violations).toEqual(['more than 10 frames a second']);
  });
});
