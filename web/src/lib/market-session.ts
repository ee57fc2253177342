export type MarketSessionState = 'pre-market' | 'open' | 'after-hours' | 'closed';

const PARTS = new Map<string, Intl.DateTimeFormat>();

/**
 * US equity session at an instant, in the exchange's zone: pre-market
 * 04:00-09:30, regular 09:30-16:00, after-hours 16:00-20:00, otherwise and
 * at weekends closed. Exchange holidays are not known and show as sessions.
 */
export function marketSession(epochMs: number, timeZone: string): MarketSessionState {
  let format = PARTS.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    PARTS.set(timeZone, format);
  }
  const parts = format.formatToParts(epochMs);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  if (get('weekday') === 'Sat' || get('weekday') === 'Sun') return 'closed';
  const minutes = Number(get('hour')) * 60 + Number(get('minute'));
  if (minutes >= 4 * 60 && minutes < 9 * 60 + 30) return 'pre-market';
  if (minutes >= 9 * 60 + 30 && minutes < 16 * 60) return 'open';
  if (minutes >= 16 * 60 && minutes < 20 * 60) return 'after-hours';
  return 'closed';
}

export const SESSION_LABEL: Record<MarketSessionState, string> = {
  'pre-market': 'Pre-market',
  open: 'Market open',
  'after-hours': 'After hours',
  closed: 'Market closed',
};
