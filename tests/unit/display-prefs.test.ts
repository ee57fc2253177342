import { afterEach, describe, expect, it } from 'vitest';
import { localeOf, resolveTheme, themeChoiceOf, zoneChoiceOf } from '../../web/src/lib/display-prefs.ts';
import { formatCount, formatDate, formatPercent, formatPrice, formatVolume } from '../../web/src/lib/format.ts';
import { priceText, signedPriceText } from '../../web/src/lib/chart/price-format.ts';
import { setDisplayLocale } from '../../web/src/lib/locale.ts';

describe('display preferences', () => {
  it('takes the theme from the link, then the stored choice, then the system', () => {
    expect(themeChoiceOf('?theme=light', 'dark')).toBe('light');
    expect(themeChoiceOf('?theme=neon', 'contrast')).toBe('contrast');
    expect(themeChoiceOf('', null)).toBe('system');
    expect(themeChoiceOf('', 'garbage')).toBe('system');
    expect(resolveTheme('system', { prefersLight: true, prefersMoreContrast: false })).toBe('light');
    expect(resolveTheme('system', { prefersLight: false, prefersMoreContrast: false })).toBe('dark');
    // Asking for more contrast wins over light or dark.
    expect(resolveTheme('system', { prefersLight: true, prefersMoreContrast: true })).toBe('contrast');
    expect(resolveTheme('dark', { prefersLight: true, prefersMoreContrast: true })).toBe('dark');
  });

  it('shows times in the exchange zone unless the link or the user chose their own', () => {
    expect(zoneChoiceOf('', null)).toBe('exchange');
    expect(zoneChoiceOf('', 'local')).toBe('local');
    expect(zoneChoiceOf('?tz=exchange', 'local')).toBe('exchange');
    expect(zoneChoiceOf('?tz=local', null)).toBe('local');
  });

  it('takes the locale from the link when it is a language tag, else from the browser, and says why', () => {
    expect(localeOf('?locale=de-de', ['en-US'])).toEqual({ locale: 'de-DE', problem: null });
    expect(localeOf('', ['fr-CH', 'en'])).toEqual({ locale: 'fr-CH', problem: null });
    expect(localeOf('', ['not a tag!', 'ja-JP'])).toEqual({ locale: 'ja-JP', problem: null });
    expect(localeOf('', [])).toEqual({ locale: 'en-US', problem: null });
    const bad = localeOf('?locale=%3Cscript%3E', ['en-GB']);
    expect(bad.locale).toBe('en-GB');
    expect(bad.problem).toContain('"<script>" is not a language tag');
  });
});

describe('formatting in the display locale', () => {
  afterEach(() => setDisplayLocale('en-US'));

  it('writes numbers and dates the way the locale does, on the page and on the chart', () => {
    setDisplayLocale('de-DE');
    expect(formatPrice(1234.5)).toBe('1.234,50');
    expect(formatPercent(0.0123)).toBe('+1,23%');
    expect(formatPercent(-0.00004)).toBe('0,00%');
    expect(formatCount(12480)).toBe('12.480');
    expect(formatVolume(2_650_000)).toBe('2,65\u00a0Mio.');
    expect(formatDate(Date.UTC(2013, 9, 7, 14), 'America/New_York')).toBe('Mo., 7. Okt. 2013');
    expect(priceText(95120, 2)).toBe('95.120,00');
    expect(signedPriceText(-0.004, 2)).toBe('0,00');
    expect(signedPriceText(1.2, 2)).toBe('+1,20');
    setDisplayLocale('en-US');
    expect(formatPrice(1234.5)).toBe('1,234.50');
    expect(priceText(95120, 2)).toBe('95,120.00');
    expect(formatDate(Date.UTC(2013, 9, 7, 14), 'America/New_York')).toBe('Mon, Oct 7, 2013');
  });
});
