import type { Tick, TicksMessage } from '../protocol.ts';
import type { TicksCodec } from './ticks-codec.ts';

export const JSON_SUBPROTOCOL = 'tickwall.json.v1';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * `ticks` as JSON text, the default and self-describing. In fan-out each
 * tick of a batch is serialized at most once, however many subscription
 * groups it goes to, and every group's message is those pieces joined.
 */
export class JsonTicksCodec implements TicksCodec {
  readonly name = 'json' as const;
  readonly subprotocol = JSON_SUBPROTOCOL;
  readonly binaryFrames = false;
  private head = '';
  private ticks: readonly Tick[] = [];
  private encoded: (string | undefined)[] = [];

  encode(message: TicksMessage): Uint8Array {
    return encoder.encode(JSON.stringify(message));
  }

  decode(frame: string | Uint8Array): TicksMessage {
    return JSON.parse(typeof frame === 'string' ? frame : decoder.decode(frame)) as TicksMessage;
  }

  beginBatch(epoch: string, seq: number, ticks: readonly Tick[]): void {
    this.head = `{"type":"ticks","epoch":${JSON.stringify(epoch)},"seq":${seq},"ticks":[`;
    this.ticks = ticks;
    this.encoded = [];
  }

  encodeSubset(indexes: readonly number[]): Uint8Array {
    let json = this.head;
    for (let k = 0; k < indexes.length; k++) {
      const i = indexes[k]!;
      const text = (this.encoded[i] ??= encodeTick(this.ticks[i]!));
      json += k === 0 ? text : `,${text}`;
    }
    return encoder.encode(`${json}]}`);
  }
}

/** Field order is fixed so equal ticks encode to equal bytes. */
function encodeTick(tick: Tick): string {
  let json = `{"symbol":${JSON.stringify(tick.symbol)},"price":${tick.price},"size":${tick.size},"time":${tick.time}`;
  if (tick.bid !== undefined) json += `,"bid":${tick.bid}`;
  if (tick.ask !== undefined) json += `,"ask":${tick.ask}`;
  if (tick.volumeOnly) json += ',"volumeOnly":true';
  return `${json}}`;
}
