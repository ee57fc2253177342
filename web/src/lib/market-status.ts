import type { MarketPhase, MarketStatus } from '../../../shared/market-calendar.ts';

export const PHASE_LABEL: Record<MarketPhase, string> = {
  'pre-market': 'Pre-market',
  open: 'Market open',
  'after-hours': 'After hours',
  closed: 'Market closed',
};

/** What the screen says about the market: "Market open", "Closed for Thanksgiving Day", "Market open · closes 13:00". */
export function describeMarketStatus(status: MarketStatus): string {
  if (status.phase === 'closed' && status.closedReason === 'holiday' && status.holiday) return `Closed for ${status.holiday}`;
  if (status.phase === 'open' && status.earlyClose) return `${PHASE_LABEL.open} · early close`;
  return PHASE_LABEL[status.phase];
}
