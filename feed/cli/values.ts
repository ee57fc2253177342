import { InvalidArgumentError } from 'commander';
import { MAX_EPOCH_MS, MAX_REPLAY_SPEED, MIN_REPLAY_SPEED, type ReplaySpeed } from '../../shared/protocol.ts';
import { isSymbol, normalizeSymbol, SYMBOL_RULE } from '../../shared/symbol.ts';

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
    .map(normalizeSymbol)
    .filter(Boolean);
  if (symbols.length === 0) throw new InvalidArgumentError('give at least one symbol, e.g. AAPL,MSFT.');
  const bad = symbols.filter((s) => !isSymbol(s));
  if (bad.length > 0) throw new InvalidArgumentError(`not a valid symbol: ${bad.join(', ')} (${SYMBOL_RULE}).`);
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

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "90s", "10m", "1h", "1h30m", "500ms" -> milliseconds. */
export function duration(raw: string): number {
  const parts = [...raw.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  const total = parts.reduce((sum, [, value, unit]) => sum + Number(value) * DURATION_UNITS[unit!]!, 0);
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== raw.trim() || total <= 0 || total > 7 * 86_400_000) {
    throw new InvalidArgumentError('duration must look like 90s, 10m, 1h or 1h30m (up to 7 days).');
  }
  return Math.round(total);
}

/** "10:30" or "10:30:15" -> seconds after midnight, in the exchange's zone (resolved against a date later). */
export function timeOfDay(raw: string): number {
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(raw.trim());
  const [hours, minutes, seconds] = match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : [NaN, NaN, NaN];
  if (!match || hours > 23 || minutes > 59 || seconds > 59) throw new InvalidArgumentError('time must be HH:MM or HH:MM:SS, e.g. 10:30.');
  return hours * 3600 + minutes * 60 + seconds;
}

/** A replay start: a time of day on the recording's first day ("10:30"), or a date and time ("2013-10-08 10:30"), in the recording's zone. */
export type ReplayStart = { date?: { year: number; month: number; day: number }; seconds: number };

export function replayStart(raw: string): ReplayStart {
  const dated = /^(\d{4})-(\d{2})-(\d{2})[ T](.+)$/.exec(raw.trim());
  if (!dated) {
    try {
      return { seconds: timeOfDay(raw) };
    } catch {
      throw new InvalidArgumentError('time must be HH:MM or HH:MM:SS on the first day (e.g. 10:30), or a date and time (e.g. "2013-10-08 10:30").');
    }
  }
  const [year, month, day] = [Number(dated[1]), Number(dated[2]), Number(dated[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) throw new InvalidArgumentError(`${raw} is not a date and time like "2013-10-08 10:30"`);
  try {
    return { date: { year, month, day }, seconds: timeOfDay(dated[4]!) };
  } catch {
    throw new InvalidArgumentError(`${raw} is not a date and time like "2013-10-08 10:30"`);
  }
}

export function replaySpeed(raw: string): ReplaySpeed {
  if (raw.trim().toLowerCase() === 'max') return 'max';
  const value = Number(raw.replace(/x$/i, ''));
  if (!Number.isFinite(value) || value < MIN_REPLAY_SPEED || value > MAX_REPLAY_SPEED) {
    throw new InvalidArgumentError(`speed must be a number from ${MIN_REPLAY_SPEED} to ${MAX_REPLAY_SPEED}, or "max".`);
  }
  return value;
}

/** An ISO date-time between 1970 and 2100, the range every time in the protocol and recordings must be in. */
export function isoInstant(raw: string): number {
  const value = Date.parse(raw);
  if (!Number.isFinite(value)) throw new InvalidArgumentError('start must be an ISO date-time, e.g. 2026-01-05T14:30:00Z.');
  if (value < 0 || value > MAX_EPOCH_MS) throw new InvalidArgumentError('start must be between 1970 and 2100.');
  return value;
}

/** An access token: refused when empty (which would silently mean "no authentication") or when it cannot travel in a URL or header. */
export function accessToken(raw: string): string {
  if (raw.trim() === '') throw new InvalidArgumentError('token must not be empty; to run without one, leave out --token and unset TICKWALL_TOKEN.');
  if (!/^[\x21-\x7e]+$/.test(raw)) throw new InvalidArgumentError('token must be printable ASCII without spaces (it travels in a URL and an HTTP header).');
  return raw;
}

/** Host names for --allow-host: "wall.example.com", or ".example.com" for every subdomain. */
export function hostList(raw: string): string[] {
  const names = raw
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const bad = names.filter((name) => !/^\.?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$|^\[[0-9a-f:.]+\]$|^[0-9.]+$/.test(name));
  if (names.length === 0 || bad.length > 0) throw new InvalidArgumentError(`not a host name: ${bad.join(', ') || raw} (expected e.g. wall.example.com or .example.com).`);
  return names;
}
