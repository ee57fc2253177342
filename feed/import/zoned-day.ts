import { localToEpoch } from '../exchange-time.ts';

/**
 * Converts "milliseconds after local midnight" on one calendar day to UTC
 * epoch ms. The UTC offset is looked up per local hour (24 zone conversions
 * per file, not one per row), which is exact on daylight-saving days too.
 */
export class ZonedDay {
  private readonly hourStarts: number[];

  constructor(
    readonly zone: string,
    readonly year: number,
    readonly month: number,
    readonly day: number,
  ) {
    this.hourStarts = Array.from({ length: 24 }, (_, hour) => localToEpoch(zone, year, month, day, hour * 3_600_000));
  }

  toEpoch(msAfterMidnight: number): number {
    const hour = Math.min(23, Math.max(0, Math.floor(msAfterMidnight / 3_600_000)));
    return this.hourStarts[hour]! + Math.floor(msAfterMidnight - hour * 3_600_000);
  }

  /** The calendar date, as the market calendar takes it. */
  get date(): { year: number; month: number; day: number } {
    return { year: this.year, month: this.month, day: this.day };
  }

  static fromCompact(zone: string, yyyymmdd: string): ZonedDay {
    return new ZonedDay(zone, Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)), Number(yyyymmdd.slice(6, 8)));
  }
}
