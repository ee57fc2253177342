/**
 * Starts the real server on a free port, opens the dashboard in Chromium and
 * saves screenshots. Used for the README image and for checking the UI by eye:
 *   npx tsx scripts/screenshot.ts [outDir] [--path /?symbols=...] [--size 1920x1080 ...] [--replay FILE [--from 10:30] [--speed 60]]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../tests/support/chromium.ts';
import { spawnFeed } from '../tests/support/feed-process.ts';

const outDir = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 'test-results/screenshots';

const requestedSizes = process.argv.flatMap((arg, i) => (process.argv[i - 1] === '--size' ? [arg] : []));
const sizes = (requestedSizes.length > 0 ? requestedSizes : ['1280x720', '1920x1080']).map((size) => {
  const [width, height] = size.split('x').map(Number);
  if (!width || !height) throw new Error(`--size takes WIDTHxHEIGHT, got ${size}`);
  return { width, height };
});

mkdirSync(outDir, { recursive: true });
const option = (name: string) => {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : undefined;
};
const replayFile = option('--replay');
const feed = replayFile
  ? await spawnFeed(['--from', option('--from') ?? '10:00', '--speed', option('--speed') ?? '60'], { command: ['replay', replayFile] })
  : await spawnFeed(['--seed', '7', '--rate', '400']);
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  for (const size of sizes) {
    // Dark unless the path says ?theme=: the page follows the system's scheme, and headless Chromium reports light.
    const page = await browser.newPage({ viewport: size, deviceScaleFactor: 1, colorScheme: 'dark' });
    await page.goto(feed.url + (option('--path') ?? '/'));
    await page.waitForTimeout(Number(process.env.SCREENSHOT_WAIT_MS ?? 12_000));
    const view = (option('--path') ?? '/').startsWith('/wall') ? 'wall' : 'dashboard';
    const file = join(outDir, `${replayFile ? `replay-${view}` : view}-${size.width}x${size.height}.png`);
    await page.screenshot({ path: file });
    console.log(`saved ${file}`);
    await page.close();
  }
} finally {
  await browser.close();
  await feed.stop();
}
