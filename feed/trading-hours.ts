import { calendarFor, type MarketCalendar, type MarketPhase } from '../shared/market-calendar.ts';

/**
 * When the simulated market trades: `calendar` follows the real exchange
 * calendar (NYSE sessions, weekends, holidays and early closes, in New York
 * time); `always` trades around the clock every day, as a 24x7 market does
 * (in UTC), for a demo at any hour.
 */
export const TRADING_HOURS = ['calendar', 'always'] as const;
export type TradingHours = (typeof TRADING_HOURS)[number];

export function simulatedCalendar(hours: TradingHours): MarketCalendar {
  return calendarFor(hours === 'always' ? '24x7' : 'us-equity');
}

/**
 * How busy each phase is, relative to the regular session: the simulator's
 * rate is the regular session's, pre-market and after hours trade at a
 * tenth of it or less, as US equities do, and a closed market not at all.
 */
export const PHASE_ACTIVITY: Readonly<Record<MarketPhase, number>> = { 'pre-market': 0.1, open: 1, 'after-hours': 0.08, closed: 0 };

/**
 * How fast prices move in each phase (variance per unit of time), relative
 * to the regular session: extended hours drift at a quarter of the pace, a
 * closed market not at all, so a night or a weekend is not a jump.
 */
export const PHASE_VARIANCE: Readonly<Record<MarketPhase, number>> = { 'pre-market': 0.25, open: 1, 'after-hours': 0.25, closed: 0 };

/**
 * Clock time to trading time, the time prices move in: the regular session
 * counts in full, extended hours at PHASE_VARIANCE, closed time not at all.
 * Read forward only (an earlier time reads as the latest); a stall can be
 * skipped so that it does not count either.
 */
export class TradingClock {
  private clock: number;
  private trading: number;
  /** The phase the clock is in, and when it ends. */
  private weight = 0;
  private phaseEnd = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly calendar: MarketCalendar,
    start: number,
  ) {
    this.clock = start;
    this.trading = start;
  }

  at(time: number): number {
    while (this.clock < time) {
      if (this.clock >= this.phaseEnd) this.enterPhase();
      const end = Math.min(time, this.phaseEnd);
      this.trading += (end - this.clock) * this.weight;
      this.clock = end;
    }
    return this.trading;
  }

  /** Moves the clock to `time` without counting the time between. */
  skip(time: number): void {
    if (time > this.clock) this.clock = time;
  }

  private enterPhase(): void {
    const status = this.calendar.status(this.clock);
    this.weight = PHASE_VARIANCE[status.phase];
    this.phaseEnd = status.nextChange ?? Number.POSITIVE_INFINITY;
  }
}
