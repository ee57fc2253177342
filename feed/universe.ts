import type { SymbolMeta } from '../shared/protocol.ts';
import { SeededRandom } from './random.ts';

/** What the simulator needs to know about a symbol beyond its public metadata. */
export interface SimulatedSymbol extends SymbolMeta {
  /** A simulated symbol always has a previous close: its price process starts from it. */
  prevClose: number;
  /** Annualised volatility of log returns. */
  volatility: number;
  /** Relative trading activity: how often this symbol trades versus others. */
  activity: number;
}

type Row = [symbol: string, name: string, sector: string, prevClose: number, volatility: number, activity: number, capB: number];

// Approximate late-2020s figures; plausible, not a data source.
const LARGE_CAPS: Row[] = [
  ['AAPL', 'Apple Inc.', 'Technology', 228.5, 0.26, 10, 3450],
  ['MSFT', 'Microsoft Corp.', 'Technology', 431.2, 0.24, 8, 3200],
  ['NVDA', 'NVIDIA Corp.', 'Technology', 138.9, 0.5, 12, 3400],
  ['AVGO', 'Broadcom Inc.', 'Technology', 172.4, 0.42, 5, 810],
  ['ORCL', 'Oracle Corp.', 'Technology', 176.3, 0.3, 3, 490],
  ['ADBE', 'Adobe Inc.', 'Technology', 512.8, 0.32, 3, 225],
  ['CRM', 'Salesforce Inc.', 'Technology', 291.6, 0.33, 3, 280],
  ['AMD', 'Advanced Micro Devices', 'Technology', 154.2, 0.48, 7, 250],
  ['INTC', 'Intel Corp.', 'Technology', 22.8, 0.45, 5, 98],
  ['CSCO', 'Cisco Systems', 'Technology', 57.9, 0.22, 3, 230],
  ['GOOGL', 'Alphabet Inc. Class A', 'Communication Services', 165.3, 0.29, 7, 2050],
  ['META', 'Meta Platforms', 'Communication Services', 568.4, 0.36, 6, 1440],
  ['NFLX', 'Netflix Inc.', 'Communication Services', 756.1, 0.38, 3, 325],
  ['DIS', 'Walt Disney Co.', 'Communication Services', 96.7, 0.27, 3, 175],
  ['AMZN', 'Amazon.com Inc.', 'Consumer Discretionary', 188.4, 0.31, 8, 1980],
  ['TSLA', 'Tesla Inc.', 'Consumer Discretionary', 251.4, 0.6, 11, 800],
  ['HD', 'Home Depot', 'Consumer Discretionary', 401.2, 0.22, 2, 395],
  ['MCD', "McDonald's Corp.", 'Consumer Discretionary', 294.6, 0.18, 2, 210],
  ['JPM', 'JPMorgan Chase & Co.', 'Financials', 222.6, 0.23, 5, 630],
  ['BAC', 'Bank of America', 'Financials', 41.9, 0.26, 6, 325],
  ['V', 'Visa Inc.', 'Financials', 289.3, 0.2, 3, 565],
  ['MA', 'Mastercard Inc.', 'Financials', 512.9, 0.21, 2, 475],
  ['BRK.B', 'Berkshire Hathaway B', 'Financials', 459.6, 0.16, 2, 990],
  ['LLY', 'Eli Lilly & Co.', 'Health Care', 873.5, 0.33, 3, 830],
  ['UNH', 'UnitedHealth Group', 'Health Care', 587.2, 0.25, 2, 540],
  ['JNJ', 'Johnson & Johnson', 'Health Care', 160.8, 0.16, 2, 387],
  ['PFE', 'Pfizer Inc.', 'Health Care', 28.9, 0.24, 4, 164],
  ['XOM', 'Exxon Mobil', 'Energy', 119.4, 0.24, 4, 525],
  ['CVX', 'Chevron Corp.', 'Energy', 152.3, 0.25, 3, 275],
  ['WMT', 'Walmart Inc.', 'Consumer Staples', 81.6, 0.18, 3, 655],
  ['KO', 'Coca-Cola Co.', 'Consumer Staples', 69.8, 0.14, 2, 300],
  ['PG', 'Procter & Gamble', 'Consumer Staples', 171.2, 0.15, 2, 402],
];

export const DEFAULT_UNIVERSE: readonly SimulatedSymbol[] = LARGE_CAPS.map(
  ([symbol, name, sector, prevClose, volatility, activity, capB]) => ({
    symbol,
    name,
    sector,
    prevClose,
    tickSize: 0.01,
    marketCap: capB * 1e9,
    volatility,
    activity,
  }),
);

export const MAX_UNIVERSE_SIZE = 5000;

const SECTORS = [
  'Technology',
  'Communication Services',
  'Consumer Discretionary',
  'Financials',
  'Health Care',
  'Energy',
  'Consumer Staples',
  'Industrials',
  'Materials',
  'Utilities',
  'Real Estate',
];
const NAME_STEMS = ['Apex', 'Blue', 'Cedar', 'Delta', 'Ember', 'Falcon', 'Granite', 'Harbor', 'Iron', 'Juniper', 'Keystone', 'Lumen', 'Meridian', 'Nova', 'Orion', 'Pioneer', 'Quarry', 'Ridge', 'Summit', 'Tidal', 'Union', 'Vertex', 'Willow', 'Zenith'];
const NAME_SUFFIXES = ['Holdings', 'Systems', 'Group', 'Industries', 'Labs', 'Partners', 'Networks', 'Resources', 'Corp.', 'Inc.'];

/**
 * The default large caps first, then deterministic generated companies.
 * Generation uses a fixed seed so universe N is the same list on every run,
 * independent of the price seed.
 */
export function syntheticUniverse(size: number): SimulatedSymbol[] {
  if (!Number.isInteger(size) || size < 1 || size > MAX_UNIVERSE_SIZE) {
    throw new RangeError(`universe size must be an integer from 1 to ${MAX_UNIVERSE_SIZE}, got ${size}`);
  }
  const universe = DEFAULT_UNIVERSE.slice(0, size);
  const taken = new Set(universe.map((s) => s.symbol));
  const random = new SeededRandom(0x7c3a91);
  while (universe.length < size) {
    const symbol = generatedTicker(random);
    if (taken.has(symbol)) continue;
    taken.add(symbol);
    universe.push(generatedSymbol(symbol, random));
  }
  return universe;
}

/** Symbols from the default universe keep their metadata; others get generated, plausible metadata. */
export function universeFromSymbols(symbols: readonly string[]): SimulatedSymbol[] {
  const known = new Map(DEFAULT_UNIVERSE.map((s) => [s.symbol, s]));
  return symbols.map((symbol) => {
    const existing = known.get(symbol);
    if (existing) return existing;
    let hash = 17;
    for (let i = 0; i < symbol.length; i++) hash = Math.imul(hash, 31) + symbol.charCodeAt(i);
    return generatedSymbol(symbol, new SeededRandom(hash), symbol);
  });
}

function generatedTicker(random: SeededRandom): string {
  const length = 3 + random.int(2);
  let ticker = '';
  for (let i = 0; i < length; i++) ticker += String.fromCharCode(65 + random.int(26));
  return ticker;
}

function generatedSymbol(symbol: string, random: SeededRandom, name?: string): SimulatedSymbol {
  // Log-uniform prices between $5 and $600 look like a real cross-section.
  const prevClose = Math.round(Math.exp(Math.log(5) + random.next() * Math.log(120)) * 100) / 100;
  return {
    symbol,
    name: name ?? `${NAME_STEMS[random.int(NAME_STEMS.length)]} ${NAME_SUFFIXES[random.int(NAME_SUFFIXES.length)]}`,
    sector: SECTORS[random.int(SECTORS.length)]!,
    prevClose,
    tickSize: 0.01,
    marketCap: Math.round(Math.exp(Math.log(2e9) + random.next() * Math.log(100))),
    volatility: 0.2 + random.next() * 0.4,
    activity: 0.3 + random.exponential(1),
  };
}
