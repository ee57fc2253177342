import { InvalidArgumentError } from 'commander';
import { SymbolCode } from '../shared/protocol.ts';

/** Value parsers for CLI flags: each throws InvalidArgumentError with a sentence naming the problem. */

export function integerIn(min: number, max: number, what: string): (raw: string) => number {
  return (raw) => {
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(`${what} must be a whole number from ${min} to ${max}.`);
    }
    return value;
  };
}

export function numberIn(min: number, max: number, what: string): (raw: string) => number {
  return (raw) => {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
      throw new InvalidArgumentError(`${what} must be a number from ${min} to ${max}.`);
    }
    return value;
  };
}

export function symbolList(raw: string): string[] {
  const symbols = raw
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  if (symbols.length === 0) throw new InvalidArgumentError('give at least one symbol, e.g. AAPL,MSFT.');
  const bad = symbols.filter((s) => !SymbolCode.safeParse(s).success);
  if (bad.length > 0) throw new InvalidArgumentError(`not a valid symbol: ${bad.join(', ')} (1-12 of A-Z, 0-9, "." or "-").`);
  const duplicates = symbols.filter((s, i) => symbols.indexOf(s) !== i);
  if (duplicates.length > 0) throw new InvalidArgumentError(`listed twice: ${[...new Set(duplicates)].join(', ')}.`);
  return symbols;
}

export function hostAddress(raw: string): string {
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(raw)) throw new InvalidArgumentError('host must be an IP address or host name, e.g. 127.0.0.1 or 0.0.0.0.');
  return raw.replace(/^\[(.*)\]$/, '$1');
}

export function seedValue(raw: string): string {
  if (raw.trim() === '') throw new InvalidArgumentError('seed must not be empty.');
  return raw;
}
