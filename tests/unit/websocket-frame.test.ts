import { describe, expect, it } from 'vitest';
import { frameMessage } from '../../feed/websocket-frame.ts';

describe('frameMessage', () => {
  it('frames a short text message with a 7-bit length, final, unmasked', () => {
    expect([...frameMessage(Buffer.from('hi'), false)]).toEqual([0x81, 0x02, 0x68, 0x69]);
  });

  it('marks binary messages with opcode 2', () => {
    expect([...frameMessage(Buffer.from([1, 2, 3]), true)]).toEqual([0x82, 0x03, 1, 2, 3]);
  });

  it('uses a 16-bit length from 126 bytes and a 64-bit length from 65,536', () => {
    const medium = frameMessage(Buffer.alloc(300, 7), false);
    expect([...medium.subarray(0, 4)]).toEqual([0x81, 126, 0x01, 0x2c]);
    expect(medium.length).toBe(304);

    const large = frameMessage(Buffer.alloc(70_000, 7), true);
    expect([...large.subarray(0, 10)]).toEqual([0x82, 127, 0, 0, 0, 0, 0, 0x01, 0x11, 0x70]);
    expect(large.length).toBe(70_010);
    expect(large[10]).toBe(7);
  });
});
