import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SymbolMeta } from '../../shared/protocol.ts';

/** What Lean's symbol properties say about one market's symbol, as SymbolMeta fields. */
export type SymbolProperties = Pick<SymbolMeta, 'name' | 'tickSize' | 'lotSize' | 'currency'>;

const FILE = join('symbol-properties', 'symbol-properties-database.csv');
/** The slice shipped in the repo (Coinbase rows), used when the data folder has none. */
const BUNDLED = fileURLToPath(new URL('../../data/lean/symbol-properties/symbol-properties-database.csv', import.meta.url));

/**
 * Lean's symbol-properties-database.csv (market, symbol, type, description,
 * quote_currency, contract_multiplier, minimum_price_variation, lot_size,
 * market_ticker, ...): the tick size, lot size and quote currency of each
 * market's symbols. Looked for in the Lean data folder the input came from
 * (the folder above crypto/), else the copy in data/lean.
 */
export function loadSymbolProperties(inputPath: string): Map<string, SymbolProperties> {
  let folder = dirname(inputPath);
  let path = BUNDLED;
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(folder, FILE))) {
      path = join(folder, FILE);
      break;
    }
    const up = dirname(folder);
    if (up === folder) break;
    folder = up;
  }
  const properties = new Map<string, SymbolProperties>();
  if (!existsSync(path)) return properties;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const [market, symbol, , description, currency, , tick, lot] = line.split(',');
    const tickSize = Number(tick);
    const lotSize = Number(lot);
    if (!market || !symbol || !(tickSize > 0) || !(lotSize > 0)) continue;
    properties.set(`${market.toLowerCase()}:${symbol.toLowerCase()}`, { name: description ?? symbol, tickSize, lotSize, currency: currency ?? 'USD' });
  }
  return properties;
}
