import { test, expect, row, sampleCanvas, sampleChart, waitForPrices } from './fixtures.ts';

test.describe('live dashboard', () => {
  test('shows a live watchlist whose prices change and flash, never more than a quarter of them at once', async ({ page, feed }) => {
    await page.goto(feed.url);
    await expect(page.getByTestId('mode')).toHaveText('LIVE');
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'open');
    await expect(page.locator('tbody tr[data-symbol]')).toHaveCount(16);
    await waitForPrices(page);

    const price = row(page, 'AAPL').getByTestId('price');
    const first = await price.textContent();
    await expect.poll(() => price.textContent(), { timeout: 15_000 }).not.toBe(first);

    // A moving price flashes in its direction, and the flash goes out again.
    const flashing = page.locator('td[data-testid="price"][data-flash]');
    await expect.poll(() => flashing.count()).toBeGreaterThan(0);
    expect(await flashing.first().getAttribute('data-flash')).toMatch(/^(up|down)$/);
    const flashed = (await flashing.first().locator('xpath=..').getAttribute('data-symbol'))!;
    await expect
      .poll(() => row(page, flashed).getByTestId('price').getAttribute('data-flash'), { timeout: 5000, intervals: [50] })
      .toBeNull();

    // A flash still means something: at most a quarter of the price cells in view are lit at any moment.
    const litCounts = await page.evaluate(async () => {
      const counts: number[] = [];
      for (let i = 0; i < 60; i++) {
        counts.push(document.querySelectorAll('td[data-testid="price"][data-flash]').length);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return counts;
    });
    const rowsInView = await page.locator('tbody tr[data-symbol]').count();
    expect(Math.max(...litCounts)).toBeLessThanOrEqual(Math.ceil(rowsInView / 4));
    expect(Math.max(...litCounts)).toBeGreaterThan(0);

    await expect.poll(async () => Number((await page.getByTestId('rate').textContent())?.replace(/,/g, ''))).toBeGreaterThan(50);
    await expect(page.getByTestId('age')).toHaveText(/\d s ago/);
  });

  test('draws the session from the pre-market open as candles, and the live bar moves', async ({ page, feed }) => {
    await page.goto(feed.url);
    await waitForPrices(page);
    await expect(page.getByTestId('chart-symbol')).toHaveText('AAPL');
    // Chromium hands the chart to a worker.
    await expect.poll(() => page.evaluate(() => performance.getEntriesByType('resource').some((r) => r.name.includes('bar-chart.worker')))).toBe(true);

    const chart = page.getByTestId('price-chart');
    // The feed started at 10:30 New York (SESSION_START) with the session so far: the chart shows it all at once.
    await expect(chart).toHaveAttribute('aria-label', /^AAPL 5-minute candles, Fri 20 Nov 04:00 to 10:3\d New York time, last \d+\.\d\d$/);
    const sample = () => sampleChart(page);

    await expect.poll(async () => (await sample()).lineColoured, { timeout: 15_000 }).toBeGreaterThan(200);
    const before = await sample();
    await expect.poll(async () => (await sample()).hash, { timeout: 15_000 }).not.toBe(before.hash);

    // The pointer reaches the worker: hovering draws the crosshair's axis labels, leaving removes them.
    expect(before.crosshairLabels).toBeLessThan(50);
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 3);
    await expect.poll(async () => (await sample()).crosshairLabels).toBeGreaterThan(300);
    await page.mouse.move(box.x + box.width / 2, box.y - 40);
    await expect.poll(async () => (await sample()).crosshairLabels).toBeLessThan(50);
  });

  test('sparklines span the trading day: at 10:30 the session line ends about 40% across', async ({ page, feed }) => {
    await page.goto(feed.url);
    await waitForPrices(page);
    const sparkline = row(page, 'AAPL').getByTestId('sparkline');
    // The rightmost column holding the line's colour, as a share of the width: (10:30 - 04:00) / (20:00 - 04:00) = 0.406.
    const extent = () => sampleCanvas(page, sparkline);
    await expect.poll(async () => (await extent()).last).toBeGreaterThan(0.37);
    const { first, last } = await extent();
    expect(first).toBeLessThan(0.03);
    expect(last).toBeLessThan(0.45);
  });

  test('charts 1-minute candles of the session', async ({ page, feed }) => {
    await page.goto(`${feed.url}/?interval=1m&selected=MSFT`);
    await waitForPrices(page);
    const chart = page.getByTestId('price-chart');
    await expect(chart).toHaveAttribute('aria-label', /^MSFT 1-minute candles, Fri 20 Nov 04:0\d to 10:3\d New York time, last /);
    await expect.poll(async () => (await sampleChart(page)).lineColoured).toBeGreaterThan(500);
  });

  test('without OffscreenCanvas the same chart draws on the main thread', async ({ page, feed }) => {
    await page.addInitScript('delete HTMLCanvasElement.prototype.transferControlToOffscreen;');
    await page.goto(feed.url);
    await waitForPrices(page);
    await expect(page.getByTestId('price-chart')).toHaveAttribute('aria-label', /^AAPL 5-minute candles, /);
    await expect.poll(async () => (await sampleChart(page)).lineColoured, { timeout: 15_000 }).toBeGreaterThan(200);
    expect(await page.evaluate(() => performance.getEntriesByType('resource').some((r) => r.name.includes('bar-chart.worker')))).toBe(false);
  });

  test('adding a symbol through the search box shows it streaming, Enter on a watched one charts it, and Remove unsubscribes', async ({ page, feed }) => {
    await page.goto(feed.url);
    await waitForPrices(page);
    await expect(row(page, 'NFLX')).toHaveCount(0);

    const search = page.getByTestId('symbol-search');
    await search.fill('netf');
    await expect(page.getByRole('option')).toContainText(['NFLX']);
    await search.press('Enter');

    const added = row(page, 'NFLX');
    await expect(added).toHaveCount(1);
    await expect(page.getByTestId('chart-symbol')).toHaveText('NFLX');
    await expect(page).toHaveURL(/symbols=[^&]*NFLX/);
    const price = added.getByTestId('price');
    await expect(price).toHaveText(/^\d[\d,]*\.\d{2}$/);
    const first = await price.textContent();
    await expect.poll(() => price.textContent(), { timeout: 20_000 }).not.toBe(first);

    // Enter on a symbol already watched charts it; it does not remove it.
    await row(page, 'AAPL').click();
    await search.fill('NFLX');
    await search.press('Enter');
    await expect(page.getByTestId('chart-symbol')).toHaveText('NFLX');
    await expect(added).toHaveCount(1);
    // Removing is the explicit Remove button.
    await search.fill('NFLX');
    await page.getByRole('option').filter({ hasText: 'NFLX' }).getByRole('button').click();
    await expect(added).toHaveCount(0);
    await expect(page).not.toHaveURL(/NFLX/);
  });

  test('the keyboard: / searches, arrows move through the rows and the chart follows, Delete removes, ? lists the keys', async ({ page, feed }) => {
    await page.goto(`${feed.url}/?symbols=KO,PG,JPM&selected=KO`);
    await waitForPrices(page, 'KO');
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('chart-symbol')).toHaveText('PG');
    await expect(row(page, 'PG')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('chart-symbol')).toHaveText('JPM');
    await page.keyboard.press('ArrowUp');
    await expect(page.getByTestId('chart-symbol')).toHaveText('PG');
    await page.keyboard.press('Delete');
    await expect(row(page, 'PG')).toHaveCount(0);
    await expect(page).toHaveURL(/symbols=KO,JPM&/);
    await page.keyboard.press('?');
    await expect(page.getByRole('status')).toContainText('Keys:');
    // The notice sits over the watchlist's last rows, never over the chart (its time axis) at 1280x720.
    const notice = (await page.getByRole('status').boundingBox())!;
    const chart = (await page.getByRole('region', { name: 'Price chart' }).boundingBox())!;
    expect(notice.x + notice.width).toBeLessThanOrEqual(chart.x);
    await page.keyboard.press('/');
    await expect(page.getByTestId('symbol-search')).toBeFocused();
    // Typing in the search box is typing, not shortcuts.
    await page.keyboard.type('MS');
    await expect(page.getByTestId('symbol-search')).toHaveValue('MS');
  });

  test('fits every screen in dark and light: no horizontal overflow and no clipped text at 390x844, 1280x720, 1920x1080 and 3840x2160; the market status is shown', async ({ page, feed }, testInfo) => {
    for (const theme of ['dark', 'light'] as const) {
      for (const [width, height] of [
        [390, 844],
        [1280, 720],
        [1920, 1080],
        [3840, 2160],
      ] as const) {
        await page.setViewportSize({ width, height });
        await page.goto(`${feed.url}/?selected=AAPL&theme=${theme}`);
        await waitForPrices(page);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        await expect(page.getByTestId('market-status')).toHaveText('Market open');
        // The screenshot shows the chart drawn, not the moment before the session's bars arrive.
        await expect(page.getByTestId('price-chart')).toHaveAttribute('aria-label', /^AAPL 5-minute candles, Fri 20 Nov 04:00 to /);
        const fit = await page.evaluate(() => {
          const wide = document.documentElement.scrollWidth - window.innerWidth;
          // Text cut off: an element holding text whose content is larger than its box, where the box hides the rest.
          const clipped = [...document.querySelectorAll('body *')]
            // Text meant only for screen readers is clipped to 1 px on purpose.
            .filter((el): el is HTMLElement => el instanceof HTMLElement && el.offsetParent !== null && getComputedStyle(el).clipPath === 'none')
            .filter((el) => [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== ''))
            .filter((el) => getComputedStyle(el).overflow !== 'visible' && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1))
            .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent!.trim().slice(0, 30)}`);
          const header = document.querySelector('header')!.getBoundingClientRect();
          return { wide, clipped, headerRight: header.right };
        });
        expect({ theme, width, ...fit }).toEqual({ theme, width, wide: 0, clipped: [], headerRight: width });
        // The watchlist shows each symbol in full.
        const ticker = row(page, 'AAPL').locator('.ticker');
        expect(await ticker.evaluate((el) => el.scrollWidth <= el.clientWidth + 1 && el.getBoundingClientRect().width > 30)).toBe(true);
        await page.screenshot({ path: testInfo.outputPath(`dashboard-${theme}-${width}x${height}.png`) });
      }
    }
  });

  test('follows the system theme until one is chosen, and keeps the choice; a link sets the locale; times can be the user\'s own', async ({ page, feed }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(feed.url);
    await waitForPrices(page);
    const html = page.locator('html');
    await expect(html).toHaveAttribute('data-theme', 'light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(html).toHaveAttribute('data-theme', 'dark');
    const body = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await body()).toBe('rgb(10, 14, 19)');

    await page.getByRole('button', { name: 'Display settings' }).click();
    const menu = page.getByTestId('display-menu');
    await menu.getByLabel('High contrast').check();
    await expect(html).toHaveAttribute('data-theme', 'contrast');
    expect(await body()).toBe('rgb(0, 0, 0)');
    await menu.getByRole('radio', { name: /^Mine/ }).check();
    await page.keyboard.press('Escape');
    await expect(menu).toHaveCount(0);
    // The browser's own zone is UTC (playwright.config.ts pins it).
    await expect(page.getByTestId('clock')).toContainText('UTC');
    await expect(page.getByTestId('clock')).not.toContainText('New York');

    await page.reload();
    await waitForPrices(page);
    await expect(html).toHaveAttribute('data-theme', 'contrast');
    await expect(page.getByTestId('clock')).toContainText('UTC');

    await page.goto(`${feed.url}/?locale=de-DE&tz=exchange`);
    await waitForPrices(page);
    await expect(page.getByTestId('clock')).toContainText('ET · New York');
    // German: a decimal comma, and the chart's axis and readout write prices the same way.
    await expect(row(page, 'AAPL').getByTestId('price')).toHaveText(/^\d{1,3}(\.\d{3})*,\d{2}$/);
    await expect(page.getByTestId('price-chart')).toHaveAttribute('aria-label', /last \d{1,3}(\.\d{3})*,\d{2}$/);

    // A link with a broken locale still shows the page, in the browser's language, and says why.
    await page.goto(`${feed.url}/?locale=${encodeURIComponent('xx_!!')}`);
    await waitForPrices(page);
    await expect(row(page, 'AAPL').getByTestId('price')).toHaveText(/^\d[\d,]*\.\d{2}$/);
    await expect(page.getByRole('status')).toContainText('The link\'s locale "xx_!!" is not a language tag');
  });

  test('the watchlist persists in the browser across reloads; a shared link still shows exactly its own list', async ({ page, feed }) => {
    await page.goto(feed.url);
    await waitForPrices(page);
    const search = page.getByTestId('symbol-search');
    await search.fill('NFLX');
    await search.press('Enter');
    await expect(row(page, 'NFLX')).toHaveCount(1);
    await page.keyboard.press('Escape');
    await row(page, 'KO').click();
    await page.keyboard.press('Delete');
    await expect(row(page, 'KO')).toHaveCount(0);

    await page.goto(feed.url);
    await waitForPrices(page);
    await expect(row(page, 'NFLX')).toHaveCount(1);
    await expect(row(page, 'KO')).toHaveCount(0);
    await expect(page.locator('tbody tr[data-symbol]')).toHaveCount(16);

    await page.goto(`${feed.url}/?symbols=PG,JPM`);
    await expect(page.locator('tbody tr[data-symbol]')).toHaveCount(2);
  });

  test('named lists: make, switch, rename, delete; rows reorder by drag and by Alt+arrows; all of it survives a reload; a shared link can be saved as a list', async ({ page, feed }) => {
    const symbols = () => page.locator('tbody tr[data-symbol]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-symbol')));
    const picker = page.getByTestId('list-picker');
    const manage = page.getByRole('button', { name: 'Manage lists' });
    const menu = page.getByTestId('list-menu');
    await page.goto(`${feed.url}/?symbols=AAPL,MSFT,NVDA,AMZN`);
    await waitForPrices(page);
    await expect(picker.locator('option:checked')).toHaveText('My list');

    // A second list, filled from the search box.
    await manage.click();
    await menu.getByTestId('list-name').fill('Banks');
    await menu.getByTestId('list-name').press('Enter');
    await expect(menu).toHaveCount(0);
    await expect(picker.locator('option:checked')).toHaveText('Banks');
    await expect(page.locator('tbody tr[data-symbol]')).toHaveCount(0);
    for (const symbol of ['JPM', 'BAC', 'MA']) {
      await page.getByTestId('symbol-search').fill(symbol);
      await page.getByTestId('symbol-search').press('Enter');
      await expect(row(page, symbol)).toHaveCount(1);
    }
    await page.keyboard.press('Escape');
    await expect.poll(symbols).toEqual(['JPM', 'BAC', 'MA']);

    // A duplicate name is refused with a reason.
    await manage.click();
    await menu.getByTestId('list-name').fill('my list');
    await menu.getByRole('button', { name: /^Rename/ }).click();
    await expect(menu.getByRole('alert')).toHaveText('There is already a list called "my list".');
    await page.keyboard.press('Escape');

    // Drag MA to the top; Alt+Down moves the selected JPM one place down.
    await row(page, 'MA').dragTo(row(page, 'JPM'));
    await expect.poll(symbols).toEqual(['MA', 'JPM', 'BAC']);
    await row(page, 'JPM').click();
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(symbols).toEqual(['MA', 'BAC', 'JPM']);

    // Switching lists swaps the rows (and the subscriptions: the prices stream).
    await picker.selectOption({ label: 'My list' });
    await expect.poll(symbols).toEqual(['AAPL', 'MSFT', 'NVDA', 'AMZN']);
    await waitForPrices(page, 'NVDA');

    // Everything is kept: a reload of the plain page shows the last list shown, the other is one pick away, in its order.
    await page.goto(feed.url);
    await waitForPrices(page);
    await expect(picker.locator('option:checked')).toHaveText('My list');
    await picker.selectOption({ label: 'Banks' });
    await expect.poll(symbols).toEqual(['MA', 'BAC', 'JPM']);
    await waitForPrices(page, 'BAC');

    // Rename it, then delete it: the list before it is shown.
    await manage.click();
    await menu.getByTestId('list-name').fill('Financials');
    await menu.getByRole('button', { name: /^Rename/ }).click();
    await expect(picker.locator('option:checked')).toHaveText('Financials');
    await manage.click();
    await menu.getByRole('button', { name: /^Delete/ }).click();
    await expect(picker.locator('option:checked')).toHaveText('My list');
    await expect(picker.locator('option')).toHaveText(['My list']);

    // A link showing another set is a view of its own until saved.
    await page.goto(`${feed.url}/?symbols=KO,PG`);
    await waitForPrices(page, 'KO');
    await expect(picker.locator('option:checked')).toHaveText('Shared link (not saved)');
    await manage.click();
    await menu.getByTestId('list-name').fill('Staples');
    await menu.getByRole('button', { name: 'Save this view as a list' }).click();
    await expect(picker.locator('option')).toHaveText(['My list', 'Staples']);
    await page.goto(feed.url);
    await waitForPrices(page, 'KO');
    await expect(picker.locator('option:checked')).toHaveText('Staples');
  });

  test('column headers sort the watchlist, and the sort is kept across a reload', async ({ page, feed }) => {
    await page.goto(`${feed.url}/?symbols=KO,PG,JPM,AAPL,MSFT`);
    await waitForPrices(page, 'KO');
    const header = (name: string) => page.getByRole('columnheader', { name, exact: true });
    await header('Symbol').getByRole('button').click();
    const symbols = () => page.locator('tbody tr[data-symbol]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-symbol')));
    await expect.poll(symbols).toEqual(['AAPL', 'JPM', 'KO', 'MSFT', 'PG']);
    await header('Last').getByRole('button').click();
    await expect(page.getByRole('columnheader', { name: /^Last/ })).toHaveAttribute('aria-sort', 'descending');
    const lastPrices = () => page.locator('tbody tr[data-symbol] [data-testid=price]').evaluateAll((cells) => cells.map((c) => Number(c.textContent!.replace(/,/g, ''))));
    await expect.poll(async () => {
      const prices = await lastPrices();
      return prices.every((p, i) => i === 0 || prices[i - 1]! >= p);
    }).toBe(true);
    await page.reload();
    await expect(page.getByRole('columnheader', { name: /^Last/ })).toHaveAttribute('aria-sort', 'descending');
  });

  test('restores a shared view from the URL and reports symbols the feed does not carry', async ({ page, feed }) => {
    await page.goto(`${feed.url}/?symbols=KO,PG,NOPE&selected=PG&interval=1m`);
    await expect(page.locator('tbody tr[data-symbol]')).toHaveCount(2);
    await expect(page.locator('tbody tr[data-symbol]').first()).toHaveAttribute('data-symbol', 'KO');
    await expect(page.getByTestId('chart-symbol')).toHaveText('PG');
    await expect(page.getByRole('button', { name: '1m', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByRole('status')).toContainText('NOPE');
    await expect(page).toHaveURL(/symbols=KO,PG&/);
  });

  test('selecting a row charts it; the interval and range buttons chart daily bars for the simulated past, a month of them, seconds and a line', async ({ page, feed }) => {
    await page.goto(`${feed.url}/?interval=5m`);
    await waitForPrices(page);
    await row(page, 'MSFT').click();
    await expect(page.getByTestId('chart-symbol')).toHaveText('MSFT');
    await expect(page).toHaveURL(/selected=MSFT/);
    const chart = page.getByTestId('price-chart');
    await page.getByRole('button', { name: 'D', exact: true }).click();
    await expect(page).toHaveURL(/interval=1d/);
    // 300 days of history (the serve default) before the session day, Fri 20 Nov 2026.
    await expect(chart).toHaveAttribute('aria-label', /^MSFT daily candles, \w{3} \d+ \w{3} 2025 to Fri 20 Nov 2026, last /);
    // A month: the last 21 trading days.
    await page.getByRole('group', { name: 'Range' }).getByRole('button', { name: '1M', exact: true }).click();
    await expect(page).toHaveURL(/interval=1d.*&range=1M/);
    await expect(chart).toHaveAttribute('aria-label', /^MSFT daily candles, Fri 23 Oct 2026 to Fri 20 Nov 2026, last /);
    // One day: the session at 5 minutes.
    await page.getByRole('group', { name: 'Range' }).getByRole('button', { name: '1D', exact: true }).click();
    await expect(chart).toHaveAttribute('aria-label', /^MSFT 5-minute candles, Fri 20 Nov 04:00 to 10:3\d New York time, last /);
    await page.getByRole('button', { name: '1s', exact: true }).click();
    await expect(chart).toHaveAttribute('aria-label', /^MSFT 1-second candles, /);
    await page.getByRole('button', { name: 'Line', exact: true }).click();
    await expect(chart).toHaveAttribute('aria-label', /^MSFT 1-second (close )?line, /);
  });

  test('a long watchlist renders only the rows in view, and scrolling brings the rest', async ({ page, feed }) => {
    await page.setViewportSize({ width: 1280, height: 600 });
    await page.goto(feed.url);
    await waitForPrices(page);
    const all = await page.evaluate(async () => {
      const hello = await new Promise<{ symbols: { symbol: string }[] }>((resolve) => {
        const socket = new WebSocket(`ws://${location.host}/ws`);
        socket.onmessage = (event) => {
          resolve(JSON.parse(event.data as string));
          socket.close();
        };
      });
      return hello.symbols.map((s) => s.symbol);
    });
    expect(all.length).toBeGreaterThanOrEqual(32);
    await page.goto(`${feed.url}/?symbols=${all.join(',')}`);
    await waitForPrices(page);

    const table = page.getByTestId('watchlist');
    await expect(table).toHaveAttribute('aria-rowcount', String(all.length + 1));
    const rendered = page.locator('tbody tr[data-symbol]');
    await expect.poll(() => rendered.count()).toBeLessThan(all.length);
    await expect(row(page, all.at(-1)!)).toHaveCount(0);

    // Scrolling to the end renders the last symbols, live, where the browser's scrollbar says they are.
    await table.locator('xpath=..').evaluate((scroller) => scroller.scrollTo(0, scroller.scrollHeight));
    const last = row(page, all.at(-1)!);
    await expect(last).toBeInViewport();
    await expect(last).toHaveAttribute('aria-rowindex', String(all.length + 1));
    await expect(last.getByTestId('price')).toHaveText(/^\d[\d,]*\.\d{2}$/);
    await expect(row(page, all[0]!)).toHaveCount(0);
  });

  test('shows the feed\'s exchange time in New York, not the page\'s clock', async ({ page, feed }) => {
    await page.goto(feed.url);
    const clock = page.locator('header').getByTitle(/America\/New_York/);
    await expect(clock).toContainText('ET · New York');
    // The feed runs from --start SESSION_START (10:30 New York), whatever the machine's clock says.
    await expect(clock.locator('.value')).toHaveText(/^10:3\d/);
  });

  test('keeps screenshots of the dashboard at 1280x720 and 1920x1080', async ({ page, feed }, testInfo) => {
    for (const size of [
      { width: 1280, height: 720 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      await page.goto(feed.url);
      await waitForPrices(page);
      await page.waitForTimeout(4000);
      // The panels fill the window down to its bottom margin, whatever they contain.
      for (const panel of [page.getByRole('region', { name: 'Watchlist' }), page.getByRole('region', { name: 'Price chart' })]) {
        const box = (await panel.boundingBox())!;
        expect(box.y + box.height).toBeGreaterThan(size.height - 20);
        expect(box.y + box.height).toBeLessThanOrEqual(size.height);
      }
      const path = testInfo.outputPath(`dashboard-${size.width}x${size.height}.png`);
      await page.screenshot({ path });
      await testInfo.attach(`dashboard ${size.width}x${size.height}`, { path, contentType: 'image/png' });
    }
  });
});
