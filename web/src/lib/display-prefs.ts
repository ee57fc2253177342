/**
 * How the dashboard is shown to this user: theme, locale and the zone its
 * times are in. Each is resolved the same way: what the URL says (so a
 * shared link looks the same everywhere), else what this browser chose and
 * kept, else what the system says (colour scheme, language). Pure
 * functions; the page passes in what it read from location, storage and
 * matchMedia.
 */

export const THEME_CHOICES = ['system', 'dark', 'light', 'contrast'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];
export type Theme = Exclude<ThemeChoice, 'system'>;

export const ZONE_CHOICES = ['exchange', 'local'] as const;
export type ZoneChoice = (typeof ZONE_CHOICES)[number];

export const THEME_KEY = 'tickwall.theme';
export const ZONE_KEY = 'tickwall.zone';

/** What the system asks for: a user who asks for more contrast gets it before light or dark. */
export interface SystemPreference {
  prefersLight: boolean;
  prefersMoreContrast: boolean;
}

function isTheme(value: string | null | undefined): value is ThemeChoice {
  return (THEME_CHOICES as readonly string[]).includes(value ?? '');
}

/** The theme choice: ?theme= wins, then the stored choice; "system" otherwise. Unknown values are ignored. */
export function themeChoiceOf(search: string, stored: string | null): ThemeChoice {
  const fromUrl = new URLSearchParams(search).get('theme');
  if (isTheme(fromUrl)) return fromUrl;
  return isTheme(stored) ? stored : 'system';
}

export function resolveTheme(choice: ThemeChoice, system: SystemPreference): Theme {
  if (choice !== 'system') return choice;
  if (system.prefersMoreContrast) return 'contrast';
  return system.prefersLight ? 'light' : 'dark';
}

/** The zone choice: ?tz=local or ?tz=exchange wins, then the stored choice; the exchange's zone otherwise, as trading screens do. */
export function zoneChoiceOf(search: string, stored: string | null): ZoneChoice {
  const fromUrl = new URLSearchParams(search).get('tz');
  if (fromUrl === 'local' || fromUrl === 'exchange') return fromUrl;
  return stored === 'local' ? 'local' : 'exchange';
}

/**
 * The locale numbers and dates are written in: ?locale= (a BCP 47 tag such
 * as de-DE) when it is valid, else the browser's first language, else
 * en-US. An invalid tag is reported, not thrown: a typo in a link must not
 * blank the page.
 */
export function localeOf(search: string, browserLanguages: readonly string[]): { locale: string; problem: string | null } {
  const fromUrl = new URLSearchParams(search).get('locale');
  if (fromUrl !== null) {
    const canonical = canonicalLocale(fromUrl);
    if (canonical) return { locale: canonical, problem: null };
    const fallback = firstValid(browserLanguages);
    return { locale: fallback, problem: `The link's locale "${fromUrl.slice(0, 40)}" is not a language tag (such as en-US or de-DE); showing ${fallback}.` };
  }
  return { locale: firstValid(browserLanguages), problem: null };
}

function firstValid(languages: readonly string[]): string {
  for (const language of languages) {
    const canonical = canonicalLocale(language);
    if (canonical) return canonical;
  }
  return 'en-US';
}

function canonicalLocale(tag: string): string | null {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    // A tag Intl accepts but has no data for would silently format as something else.
    return canonical && Intl.NumberFormat.supportedLocalesOf(canonical).length > 0 ? canonical : null;
  } catch {
    return null;
  }
}
