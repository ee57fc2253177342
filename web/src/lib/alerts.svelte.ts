import type { MarketStore } from './market-store.svelte.ts';
import { formatPrice } from './format.ts';
import {
  activeLevels,
  addAlert,
  ALERTS_STORAGE_KEY,
  check,
  describeAlert,
  markFired,
  parseStoredAlerts,
  removeAlert,
  serializeAlerts,
  type AlertKind,
  type PriceAlert,
} from './price-alerts.ts';

export type NotificationState = NotificationPermission | 'unsupported';

/** A short, quiet beep: long enough to notice, too short to annoy. */
const BEEP_HZ = 880;
const BEEP_SECONDS = 0.18;

/**
 * The dashboard's price alerts: the list (kept in this browser), the checks
 * as prices move, and what a firing does (a notice, an optional beep, a
 * browser notification when permitted).
 *
 * Checked per symbol through MarketStore.onUpdate, the hook the chart follows
 * too: the store calls it once per batch for each symbol that batch moved, so
 * a tick costs a look at that symbol's few alerts and nothing at all for the
 * hundreds of symbols without one. Only symbols with alerts still waiting are
 * listened to (at most MAX_ALERTS listeners). Prices arrive only for watched
 * symbols, so an alert on a symbol off the watchlist waits until it is back.
 */
export class Alerts {
  list = $state.raw<PriceAlert[]>([]);
  sound = $state(false);
  notifications = $state<NotificationState>(notificationState());

  /** Each symbol's alerts, rebuilt when the list changes (not per tick). */
  private bySymbol = new Map<string, PriceAlert[]>();
  private readonly listening = new Map<string, () => void>();
  private audio: AudioContext | null = null;
  private seq = 0;

  constructor(
    private readonly store: MarketStore,
    private readonly notify: (text: string) => void,
  ) {
    const stored = readStored();
    this.sound = stored.sound;
    this.use(stored.alerts);
    // Another tab of this page fired or edited alerts: take its list, so one firing is one notice, not one per tab.
    window.addEventListener('storage', (event) => {
      if (event.key !== ALERTS_STORAGE_KEY) return;
      const next = parseStoredAlerts(event.newValue);
      this.sound = next.sound;
      this.use(next.alerts);
    });
  }

  forSymbol(symbol: string): PriceAlert[] {
    return this.list.filter((a) => a.symbol === symbol);
  }

  /** The charted symbol's price levels still waiting: the chart's dashed lines. */
  levels(symbol: string): number[] {
    return activeLevels(this.list, symbol);
  }

  /**
   * A new alert, or the reason it was refused. One whose condition already
   * holds fires at once (it is checked against the current quote here), so
   * the user learns straight away that the price is already there.
   */
  add(symbol: string, kind: AlertKind, rawThreshold: string): string | null {
    const result = addAlert(this.list, symbol, kind, rawThreshold, `${Date.now().toString(36)}-${++this.seq}`);
    if (!result.ok) return result.problem;
    this.use(result.alerts);
    this.save();
    this.evaluate(symbol);
    return null;
  }

  remove(id: string): void {
    this.use(removeAlert(this.list, id));
    this.save();
  }

  /** Turning sound on is a click: the moment a browser lets a page make an AudioContext that can play. */
  setSound(on: boolean): void {
    this.sound = on;
    if (on) this.beep();
    this.save();
  }

  /** Asks for permission only when the user clicks for it; a browser that blocked it is not asked again by us. */
  async requestNotifications(): Promise<void> {
    if (this.notifications !== 'default') return;
    try {
      this.notifications = await Notification.requestPermission();
    } catch {
      this.notifications = notificationState();
    }
  }

  describe(alert: PriceAlert): string {
    const tickSize = this.store.meta(alert.symbol)?.tickSize ?? 0.01;
    return describeAlert(alert, (price) => formatPrice(price, tickSize));
  }

  private use(alerts: PriceAlert[]): void {
    this.list = alerts;
    this.bySymbol = new Map();
    for (const alert of alerts) {
      if (alert.fired) continue;
      const group = this.bySymbol.get(alert.symbol);
      if (group) group.push(alert);
      else this.bySymbol.set(alert.symbol, [alert]);
    }
    for (const [symbol, release] of this.listening) {
      if (this.bySymbol.has(symbol)) continue;
      release();
      this.listening.delete(symbol);
    }
    for (const symbol of this.bySymbol.keys()) {
      if (!this.listening.has(symbol)) this.listening.set(symbol, this.store.onUpdate(symbol, () => this.evaluate(symbol)));
    }
  }

  private evaluate(symbol: string): void {
    const waiting = this.bySymbol.get(symbol);
    const quote = this.store.quote(symbol);
    if (!waiting || !quote) return;
    const firing = check(waiting, quote);
    if (firing.length === 0) return;
    this.use(markFired(this.list, new Set(firing.map((a) => a.id))));
    this.save();
    for (const alert of firing) this.fire(alert, quote.last);
  }

  private fire(alert: PriceAlert, last: number | null): void {
    const tickSize = this.store.meta(alert.symbol)?.tickSize ?? 0.01;
    const text = `Alert: ${alert.symbol} ${this.describe(alert)} (now ${formatPrice(last, tickSize)}).`;
    this.notify(text);
    if (this.sound) this.beep();
    if (this.notifications === 'granted') {
      try {
        new Notification('tickwall alert', { body: text, tag: alert.id });
      } catch {
        // Some browsers (Android Chrome) allow notifications only from a service worker: the notice on the page stays.
      }
    }
  }

  private beep(): void {
    try {
      this.audio ??= new AudioContext();
      const oscillator = this.audio.createOscillator();
      const gain = this.audio.createGain();
      const now = this.audio.currentTime;
      oscillator.frequency.value = BEEP_HZ;
      gain.gain.setValueAtTime(0.15, now);
      gain.gain.exponentialRampToValueAtTime(0.001, now + BEEP_SECONDS);
      oscillator.connect(gain).connect(this.audio.destination);
      oscillator.start(now);
      oscillator.stop(now + BEEP_SECONDS);
    } catch {
      // No audio here: the notice still shows.
    }
  }

  private save(): void {
    try {
      localStorage.setItem(ALERTS_STORAGE_KEY, serializeAlerts({ alerts: this.list, sound: this.sound }));
    } catch {
      // Storage off (private mode): alerts last as long as the page.
    }
  }
}

function readStored(): ReturnType<typeof parseStoredAlerts> {
  try {
    return parseStoredAlerts(localStorage.getItem(ALERTS_STORAGE_KEY));
  } catch {
    return parseStoredAlerts(null);
  }
}

function notificationState(): NotificationState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}
