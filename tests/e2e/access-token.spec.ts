import { spawnFeed, type FeedProcess } from '../support/feed-process.ts';
import { expect, test } from './fixtures.ts';

const TOKEN = 'e2e-s3cret-token';
let secured: FeedProcess;

test.beforeAll(async () => {
  secured = await spawnFeed(['--seed', '7', '--rate', '200', '--token', TOKEN]);
});
test.afterAll(() => secured.stop());

test('the page takes the token from its link, keeps it out of the address bar, and still connects after a reload', async ({ page }) => {
  await page.goto(`${secured.url}/?symbols=AAPL,MSFT&token=${TOKEN}`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'open');
  await expect(page.locator('tr[data-symbol="AAPL"]').getByTestId('price')).toHaveText(/^\d[\d,]*\.\d{2}$/);
  expect(page.url()).not.toContain(TOKEN);
  expect(page.url()).toContain('symbols=AAPL,MSFT');
  await page.reload();
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'open');
  expect(page.url()).not.toContain(TOKEN);
});

test('the wall link carries the token only when asked, and says so plainly', async ({ page }) => {
  await page.goto(`${secured.url}/?symbols=KO,PG&token=${TOKEN}`);
  await page.getByRole('button', { name: 'Wall link' }).click();
  const url = page.getByTestId('wall-url');
  await expect(url).not.toHaveValue(new RegExp(TOKEN));
  const option = page.getByTestId('wall-token');
  await option.getByRole('checkbox').check();
  await expect(url).toHaveValue(`${secured.url}/wall?symbols=KO,PG&token=${TOKEN}`);
  await expect(option).toContainText('This link now carries the token');
});

test('without the token the page cannot connect', async ({ page }) => {
  await page.goto(`${secured.url}/`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'reconnecting');
});
