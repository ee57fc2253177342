import { localeOf, resolveTheme, THEME_KEY, themeChoiceOf, ZONE_KEY, zoneChoiceOf, type SystemPreference, type Theme, type ThemeChoice, type ZoneChoice } from './display-prefs.ts';
import { setDisplayLocale } from './locale.ts';
import { applyPalette } from './palette.ts';

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage off (private mode): the choice holds for this page only.
  }
}

const LIGHT = '(prefers-color-scheme: light)';
const MORE_CONTRAST = '(prefers-contrast: more)';

/**
 * The dashboard's display choices, live: the theme (following the system
 * until the user picks one, and again when they pick "system"), the locale
 * and whether times are the exchange's or the user's own. One instance,
 * started by main.ts before anything formats or paints.
 */
class Display {
  themeChoice = $state<ThemeChoice>('system');
  theme = $state<Theme>('dark');
  zoneChoice = $state<ZoneChoice>('exchange');
  locale = $state('en-US');
  /** Why the link's locale was not used, to tell the user once. */
  localeProblem: string | null = null;
  private system: SystemPreference = { prefersLight: false, prefersMoreContrast: false };

  /** Reads the URL, storage and the system; `forWall` leaves the theme to the wall's own URL setting. */
  start(forWall: boolean): void {
    const { locale, problem } = localeOf(location.search, navigator.languages ?? [navigator.language]);
    this.locale = locale;
    this.localeProblem = problem;
    setDisplayLocale(locale);
    this.zoneChoice = zoneChoiceOf(location.search, stored(ZONE_KEY));
    if (forWall) return applyPalette('dark');
    this.themeChoice = themeChoiceOf(location.search, stored(THEME_KEY));
    const light = matchMedia(LIGHT);
    const contrast = matchMedia(MORE_CONTRAST);
    const read = () => {
      this.system = { prefersLight: light.matches, prefersMoreContrast: contrast.matches };
      this.apply();
    };
    light.addEventListener('change', read);
    contrast.addEventListener('change', read);
    read();
  }

  chooseTheme(choice: ThemeChoice): void {
    this.themeChoice = choice;
    store(THEME_KEY, choice);
    this.apply();
  }

  chooseZone(choice: ZoneChoice): void {
    this.zoneChoice = choice;
    store(ZONE_KEY, choice);
  }

  /** The zone times are shown in: the exchange's, or this browser's own. */
  zoneFor(exchangeZone: string): string {
    return this.zoneChoice === 'local' ? Intl.DateTimeFormat().resolvedOptions().timeZone : exchangeZone;
  }

  private apply(): void {
    this.theme = resolveTheme(this.themeChoice, this.system);
    applyPalette(this.theme);
  }
}

export const display = new Display();
