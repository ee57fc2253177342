import type { SymbolMeta } from '../protocol.ts';
import { BINARY_SUBPROTOCOL, BinaryTicksCodec } from './binary-ticks-codec.ts';
import { JSON_SUBPROTOCOL, JsonTicksCodec } from './json-ticks-codec.ts';
import type { TicksCodec } from './ticks-codec.ts';

/** Subprotocols in the server's order of preference; a client offers the ones it can decode. */
export const SUBPROTOCOLS = [BINARY_SUBPROTOCOL, JSON_SUBPROTOCOL] as const;

/** Every encoding for one universe (binary symbol ids follow hello.symbols), keyed by subprotocol. */
export function ticksCodecs(symbols: readonly SymbolMeta[]): ReadonlyMap<string, TicksCodec> {
  const codecs: TicksCodec[] = [new BinaryTicksCodec(symbols), new JsonTicksCodec()];
  return new Map(codecs.map((codec) => [codec.subprotocol, codec]));
}

/** The subprotocol to answer an offer with: the first the server prefers that the client offered, else none (JSON). */
export function chooseSubprotocol(offered: ReadonlySet<string>): string | false {
  return SUBPROTOCOLS.find((p) => offered.has(p)) ?? false;
}

export { BINARY_SUBPROTOCOL, JSON_SUBPROTOCOL };
