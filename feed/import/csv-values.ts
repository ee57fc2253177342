import { tz } from '@date-fns/tz';
// Subpath imports: the package root loads all of date-fns (hundreds of modules), a fixed cost every import paid in memory.
import { isValid } from 'date-fns/isValid';
import { parse as parseDate } from 'date-fns/parse';
import { parseISO } from 'date-fns/parseISO';

/**
 * How a CSV's numbers and times are read, and which values a recording can
 * hold. Every rule refuses what it cannot read exactly, with a reason that
 * names what to change, rather than guess: a misread price ("170,73" read
 * as 17073) is worse than a refused row.
 */

/** The finest price step a recording carries: 8 decimals (a satoshi). Finer prices would round. */
export const MAX_PRICE_DECIMALS = 8;
/** Prices and sizes beyond these are refused: past them a float64 no longer holds every step exactly. */
export const MAX_PRICE = 1e9;
export const MAX_SIZE = 1e12;
/** Times outside these years are taken for the wrong unit or format. */
const MIN_TIME = Date.UTC(1970, 0, 1);
const MAX_TIME = Date.UTC(2100, 0, 1);
/** Epoch numbers before this, when another unit would put them after it, are taken for the wrong unit. */
const PLAUSIBLE_FROM = Date.UTC(1980, 0, 1);

export type DecimalMark = '.' | ',';

/** A value read, or why not. */
export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };
const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

/**
 * A number as people write them in a CSV: "1234.5", "1,234.5", "$1,234.50",
 * " 17.3 ", "1.5e3" (scientific notation is read; a recording stores the
 * value). With `decimal` ",": "1.234,5" and "170,73". Refused, with the
 * reason: hexadecimal ("0x10"), Infinity and NaN, and a comma that looks
 * like a decimal comma when the decimal mark is "." ("170,73": give
 * --decimal ,).
 */
export function readNumber(raw: string, decimal: DecimalMark = '.'): Read<number> {
  let text = raw.trim().replace(/^\$/, '');
  if (text === '') return fail('is empty');
  if (/^[+-]?0x/i.test(text)) return fail('is hexadecimal; write numbers in decimal');
  if (decimal === '.') {
    // "170,73", "1.234,5", and "0,123" (no thousands grouping starts with a 0).
    if (/^[+-]?\d+,\d{1,2}$/.test(text) || /^[+-]?\d{1,3}(\.\d{3})+,\d+$/.test(text) || /^[+-]?0,\d+$/.test(text)) return fail('looks like a decimal comma; give --decimal , if commas mark decimals in this file');
    if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) text = text.replaceAll(',', '');
  } else {
    if (/^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/.test(text)) text = text.replaceAll('.', '');
    else if (/^[+-]?\d+\.\d+$/.test(text)) return fail('has a decimal point, but --decimal , says commas mark decimals');
    text = text.replace(',', '.');
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return fail('is not a number');
  const value = Number(text);
  if (!Number.isFinite(value)) return fail('is too large to be a number');
  const inexact = exactnessProblem(text, value);
  return inexact ? fail(inexact) : { ok: true, value };
}

/**
 * Why a number's text cannot become a recording's value without changing
 * it, or null. A recording holds 8 decimals: finer digits are refused
 * (0.0000012345 would become 0.00000123), unless they are an export's float
 * noise (16 or more significant digits, as in 170.73000000000002), which
 * rounds away. And the float64 the text becomes must still say the same at
 * 8 decimals (999999999.99999999 would become 1000000000).
 */
function exactnessProblem(text: string, value: number): string | null {
  const written = decimalOf(text);
  const held = decimalOf(String(Math.abs(value)));
  if (!written || !held || written.significant === 0) return null;
  if (written.decimals > MAX_PRICE_DECIMALS && written.significant < 16) return `has ${written.decimals} decimals, finer than the ${MAX_PRICE_DECIMALS} a recording holds`;
  if (written.units !== null && held.units !== null && written.units !== held.units) return `cannot be held exactly at ${MAX_PRICE_DECIMALS} decimals (it would become ${value})`;
  return null;
}

/** A decimal text's significant digits, decimals, and value in whole 1e-8 units rounded half up (null when far out of range). */
function decimalOf(text: string): { significant: number; decimals: number; units: bigint | null } | null {
  const match = /^[+-]?(\d*)\.?(\d*)(?:e([+-]?\d+))?$/i.exec(text);
  if (!match) return null;
  const [, whole = '', fraction = '', exponent = '0'] = match;
  const digits = (whole + fraction).replace(/0+$/, '');
  // The value is digits x 10^(point - digits.length).
  const point = whole.length + Number(exponent);
  const significant = digits.replace(/^0+/, '').length;
  const decimals = Math.max(0, digits.length - point);
  if (Math.abs(point) > 30) return { significant, decimals, units: null };
  const scale = MAX_PRICE_DECIMALS - (digits.length - point);
  if (scale >= 0) return { significant, decimals, units: BigInt(digits || '0') * 10n ** BigInt(scale) };
  const kept = digits.slice(0, digits.length + scale);
  const next = Number(digits[digits.length + scale] ?? '0');
  return { significant, decimals, units: BigInt(kept || '0') + (next >= 5 ? 1n : 0n) };
}

/** A trade price: positive, at most MAX_PRICE, and not rounding to zero at 8 decimals. */
export function checkPrice(value: number): string | null {
  if (!(value > 0)) return 'is not positive';
  if (value > MAX_PRICE) return `is above ${MAX_PRICE.toExponential()}, the largest price a recording holds exactly`;
  if (roundPrice(value) === 0) return `rounds to 0 at ${MAX_PRICE_DECIMALS} decimals, the finest a recording holds`;
  return null;
}

/** A trade size: positive (fractions allowed, as crypto trades them) and at most MAX_SIZE. */
export function checkSize(value: number): string | null {
  if (!(value > 0)) return 'is not positive';
  if (value > MAX_SIZE) return `is above ${MAX_SIZE.toExponential()}, the largest size a recording holds exactly`;
  if (roundPrice(value) === 0) return `rounds to 0 at ${MAX_PRICE_DECIMALS} decimals`;
  return null;
}

/** The value at 8 decimals (float noise rounded away); a value too large for 1e-8 steps in a safe integer is already as exact as a float64 gets, and stays. */
export function roundPrice(value: number): number {
  const units = Math.round(value * 1e8);
  return Number.isSafeInteger(units) ? units / 1e8 : value;
}

/** Decimals a price is written with (after rounding to 8), e.g. 0.01633102 has 8. */
export function decimalsOf(value: number): number {
  for (let d = 0; d < MAX_PRICE_DECIMALS; d++) if (Math.abs(value * 10 ** d - Math.round(value * 10 ** d)) < 1e-9 * Math.max(1, value * 10 ** d)) return d;
  return MAX_PRICE_DECIMALS;
}

export const EPOCH_FORMATS = ['epoch-s', 'epoch-ms', 'epoch-us', 'epoch-ns'] as const;
const EPOCH_MS_PER_UNIT: Record<(typeof EPOCH_FORMATS)[number], number> = { 'epoch-s': 1000, 'epoch-ms': 1, 'epoch-us': 1e-3, 'epoch-ns': 1e-6 };

/** What a time reader says about one row: the epoch ms, and whether it fell in a repeated (fall-back) hour. */
export type TimeRead = { ok: true; value: number; ambiguous: boolean } | { ok: false; reason: string };

/**
 * Reads times: "iso" (an offset or Z is honoured; without one the time is
 * in `zone`), epoch seconds, milliseconds, microseconds or nanoseconds, or
 * a date-fns pattern in `zone`. Every time must fall in 1970 to 2100; an
 * epoch number outside says which unit would fit. A local time in a
 * daylight-saving gap (02:30 on the spring-forward day) does not exist and
 * is refused; one in the repeated fall-back hour is taken as its first
 * occurrence and reported as ambiguous.
 */
export function timeReader(format: string, zone: string): (text: string) => TimeRead {
  const utc = { in: tz('UTC') };
  const toEpoch = zonedClock(zone);
  /** A wall-clock time in `zone` (given as if it were UTC) to an epoch: refused in a gap, flagged in an overlap. */
  const local = (asUtc: number): TimeRead => {
    const epoch = toEpoch.epochOf(asUtc);
    if (toEpoch.wall(epoch) !== asUtc) return { ok: false, reason: `does not exist in ${zone}: the clocks skipped it (a daylight-saving gap)` };
    // In the repeated hour the same wall time comes round again an hour later (or came an hour earlier).
    const ambiguous = toEpoch.wall(epoch + 3_600_000) === asUtc || toEpoch.wall(epoch - 3_600_000) === asUtc;
    return inRange(epoch, ambiguous);
  };
  if ((EPOCH_FORMATS as readonly string[]).includes(format)) {
    const unit = format as (typeof EPOCH_FORMATS)[number];
    return (text) => {
      if (!/^\d+(\.\d+)?$/.test(text.trim())) return { ok: false, reason: `is not an epoch number (${format})` };
      const raw = Number(text);
      const epoch = Math.floor(raw * EPOCH_MS_PER_UNIT[unit]);
      // A time before 1980 that another unit puts in 1980-2100 is taken for the wrong unit (seconds read as ms land in January 1970).
      const modern = (other: (typeof EPOCH_FORMATS)[number]) => raw * EPOCH_MS_PER_UNIT[other] >= PLAUSIBLE_FROM && raw * EPOCH_MS_PER_UNIT[other] < MAX_TIME;
      const plausible = epoch >= MIN_TIME && epoch < MAX_TIME && (epoch >= PLAUSIBLE_FROM || !EPOCH_FORMATS.some((other) => other !== unit && modern(other)));
      if (plausible) return { ok: true, value: epoch, ambiguous: false };
      const fits = EPOCH_FORMATS.find((other) => other !== unit && modern(other)) ?? EPOCH_FORMATS.find((other) => raw * EPOCH_MS_PER_UNIT[other] >= MIN_TIME && raw * EPOCH_MS_PER_UNIT[other] < MAX_TIME);
      const year = new Date(Math.min(Math.max(epoch, -8.64e15), 8.64e15)).getUTCFullYear();
      return {
        ok: false,
        reason: `is in the year ${year} as ${format}` + (fits ? `; as ${fits} it is ${new Date(raw * EPOCH_MS_PER_UNIT[fits]).toISOString().slice(0, 10)}: give --time-format ${fits}` : ''),
      };
    };
  }
  if (format === 'iso') {
    return (text) => {
      const trimmed = text.trim();
      // The common shapes are read natively (fast); anything else ISO 8601 allows goes through date-fns.
      if (ISO_WITH_OFFSET.test(trimmed)) return inRange(Date.parse(trimmed), false);
      if (ISO_LOCAL.test(trimmed)) return local(Date.parse(trimmed.length === 10 ? trimmed : `${trimmed}Z`));
      const date = parseISO(trimmed, utc);
      if (!isValid(date)) return { ok: false, reason: 'is not an ISO 8601 time' };
      if (/(Z|[+-]\d\d(:?\d\d)?)$/i.test(trimmed)) return inRange(date.getTime(), false);
      return local(date.getTime());
    };
  }
  return (text) => {
    const date = parseDate(text, format, new Date(0), utc);
    if (!isValid(date)) return { ok: false, reason: `does not match the time format "${format}"` };
    return local(date.getTime());
  };
}

const ISO_WITH_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:\d\d)$/;
const ISO_LOCAL = /^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d{1,3})?)?)?$/;

/**
 * A zone's clock, fast: its UTC offset is looked up once per hour of time
 * and cached, so millions of rows cost a few Intl calls, not one each.
 */
const clocks = new Map<string, ReturnType<typeof zonedClock>>();

/** One shared clock per zone (a handful of zones in any import). */
export function clockFor(zone: string): ReturnType<typeof zonedClock> {
  let clock = clocks.get(zone);
  if (!clock) clocks.set(zone, (clock = zonedClock(zone)));
  return clock;
}

function zonedClock(zone: string): { epochOf(asUtc: number): number; wall(epoch: number): number } {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  const offsets = new Map<number, number>();
  const offsetAt = (epoch: number): number => {
    // Zone offsets change on whole hours or half hours at most; cache per quarter hour to be safe.
    const key = Math.floor(epoch / 900_000);
    let offset = offsets.get(key);
    if (offset === undefined) {
      const at = key * 900_000;
      const parts: Record<string, number> = {};
      for (const part of format.formatToParts(at)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
      offset = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) - at;
      if (offsets.size > 100_000) offsets.clear();
      offsets.set(key, offset);
    }
    return offset;
  };
  return {
    epochOf(asUtc) {
      const first = asUtc - offsetAt(asUtc);
      const second = asUtc - offsetAt(first);
      return second === first ? first : asUtc - offsetAt(second) === second ? second : first;
    },
    wall: (epoch) => epoch + offsetAt(epoch),
  };
}

function inRange(epoch: number, ambiguous: boolean): TimeRead {
  if (epoch < MIN_TIME || epoch >= MAX_TIME) return { ok: false, reason: `is in the year ${new Date(epoch).getUTCFullYear()}, outside 1970 to 2100` };
  return { ok: true, value: epoch, ambiguous };
}
