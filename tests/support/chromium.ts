import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

/**
 * Playwright cannot download its own browser here, so tests use Debian's
 * Chromium. TICKWALL_CHROMIUM overrides the path; set it to an empty string
 * to use Playwright's bundled browser (after `npx playwright install chromium`).
 */
export function chromiumLaunchOptions(): LaunchOptions {
  const configured = process.env.TICKWALL_CHROMIUM;
  const executablePath = configured === undefined ? '/usr/bin/chromium' : configured || undefined;
  if (executablePath && !existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}. Install it (Debian: apt-get install chromium), ` +
        'point TICKWALL_CHROMIUM at a Chromium binary, or set TICKWALL_CHROMIUM= to use Playwright\'s own browser.',
    );
  }
  return {
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  };
}
