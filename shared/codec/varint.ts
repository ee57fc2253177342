/**
 * LEB128 varints with zigzag for signed values. Numbers up to 2^53 are
 * exact: the arithmetic avoids 32-bit bitwise operators above 2^31.
 */
export class ByteWriter {
  private buffer: Uint8Array;
  private length = 0;

  constructor(initialSize = 256) {
    this.buffer = new Uint8Array(initialSize);
  }

  unsigned(value: number): void {
    this.ensure(8);
    let rest = value;
    while (rest >= 0x80) {
      this.buffer[this.length++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.buffer[this.length++] = rest;
  }

  signed(value: number): void {
    this.unsigned(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  byte(value: number): void {
    this.ensure(1);
    this.buffer[this.length++] = value;
  }

  float64(value: number): void {
    this.ensure(8);
    new DataView(this.buffer.buffer, this.buffer.byteOffset + this.length, 8).setFloat64(0, value, true);
    this.length += 8;
  }

  bytes(value: Uint8Array): void {
    this.ensure(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private ensure(extra: number): void {
    if (this.length + extra + 2 <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra + 16));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}

export class ByteReader {
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** Bytes read so far. */
  get position(): number {
    return this.offset;
  }

  get done(): boolean {
    return this.offset >= this.bytes.length;
  }

  unsigned(): number {
    let result = 0;
    let multiplier = 1;
    for (;;) {
      if (this.offset >= this.bytes.length) throw new RangeError('truncated varint');
      const byte = this.bytes[this.offset++]!;
      result += (byte & 0x7f) * multiplier;
      if (byte < 0x80) return result;
      multiplier *= 0x80;
      if (multiplier > 2 ** 56) throw new RangeError('varint too long');
    }
  }

  signed(): number {
    const value = this.unsigned();
    return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
  }

  byte(): number {
    if (this.offset >= this.bytes.length) throw new RangeError('truncated frame');
    return this.bytes[this.offset++]!;
  }

  float64(): number {
    if (this.offset + 8 > this.bytes.length) throw new RangeError('truncated float');
    const value = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.offset, 8).getFloat64(0, true);
    this.offset += 8;
    return value;
  }

  bytesOf(length: number): Uint8Array {
    if (this.offset + length > this.bytes.length) throw new RangeError('truncated bytes');
    const slice = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }
}
