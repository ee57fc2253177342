import type { ServerMessage, SymbolMeta } from '../protocol.ts';
import { BinaryBarsCodec, FRAME_BARS } from './binary-bars-codec.ts';
import { BINARY_SUBPROTOCOL, BinaryTicksCodec, FRAME_TICKS } from './binary-ticks-codec.ts';
import type { BarsCodec } from './bars-codec.ts';
import { JsonBarsCodec } from './json-bars-codec.ts';
import { JSON_SUBPROTOCOL, JsonTicksCodec } from './json-ticks-codec.ts';
import type { TicksCodec } from './ticks-codec.ts';

/** Subprotocols in the server's order of preference; a client offers the ones it can decode. */
export const SUBPROTOCOLS = [BINARY_SUBPROTOCOL, JSON_SUBPROTOCOL] as const;

/** How the messages that have more than one encoding travel on a connection: one of these per subprotocol. */
export interface WireCodec {
  readonly subprotocol: string;
  readonly ticks: TicksCodec;
  readonly bars: BarsCodec;
}

/** Every encoding for one universe (binary symbol ids follow hello.symbols), keyed by subprotocol. */
export function wireCodecs(symbols: readonly SymbolMeta[]): ReadonlyMap<string, WireCodec> {
  const codecs: WireCodec[] = [
    { subprotocol: BINARY_SUBPROTOCOL, ticks: new BinaryTicksCodec(symbols), bars: new BinaryBarsCodec(symbols) },
    { subprotocol: JSON_SUBPROTOCOL, ticks: new JsonTicksCodec(), bars: new JsonBarsCodec() },
  ];
  return new Map(codecs.map((codec) => [codec.subprotocol, codec]));
}

/**
 * Any frame a server sends, decoded: text frames are JSON, binary frames
 * say by their first byte whether they carry ticks or bars. The one place
 * a client (the browser, a test, a bench) turns frames into messages.
 */
export function serverFrameDecoder(symbols: readonly SymbolMeta[]): (frame: string | Uint8Array) => ServerMessage {
  const ticks = new BinaryTicksCodec(symbols);
  const bars = new BinaryBarsCodec(symbols);
  const text = new TextDecoder();
  return (frame) => {
    if (typeof frame === 'string') return JSON.parse(frame) as ServerMessage;
    switch (frame[0]) {
      case FRAME_TICKS:
        return ticks.decode(frame);
      case FRAME_BARS:
        return bars.decode(frame);
      default:
        return JSON.parse(text.decode(frame)) as ServerMessage;
    }
  };
}

/** The subprotocol to answer an offer with: the first the server prefers that the client offered, else none (JSON). */
export function chooseSubprotocol(offered: ReadonlySet<string>): string | false {
  return SUBPROTOCOLS.find((p) => offered.has(p)) ?? false;
}

export { BINARY_SUBPROTOCOL, JSON_SUBPROTOCOL };
