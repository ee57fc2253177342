/**
 * The one locale every number and date on screen is written in (see
 * display-prefs.ts for how it is chosen). A module of its own so the chart
 * worker holds its own copy, set by the page's `display` message.
 */
let current = 'en-US';
const listeners = new Set<() => void>();

export function displayLocale(): string {
  return current;
}

/** Formatters cache per locale; listeners drop caches that are keyed otherwise. */
export function setDisplayLocale(locale: string): void {
  if (locale === current) return;
  current = locale;
  for (const listener of listeners) listener();
}

export function onLocaleChange(listener: () => void): void {
  listeners.add(listener);
}
