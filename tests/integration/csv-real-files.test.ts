import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Tick } from '../../shared/protocol.ts';
import { startReplayServer, type ReplayServer } from '../support/replay-server.ts';
import { TestClient } from '../support/ws-test-client.ts';

const CSV = fileURLToPath(new URL('../../data/csv/', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/tickwall.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tickwall-csv-real-'));
let replay: ReplayServer | null = null;
const clients: TestClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await replay?.close();
  replay = null;
});

function importCsv(file: string, out: string, args: string[]): void {
  const result = spawnSync(process.execPath, [BIN, 'import', 'csv', join(CSV, file), '--out', out, ...args], { encoding: 'utf8' });
  expect(result.stderr.replace(/npm warn.*\n/g, '')).toBe('');
  expect(result.status).toBe(0);
}


async function connect(path: string, symbol: string): Promise<TestClient> {
  replay = await startReplayServer(path);
  const client = await TestClient.connect(replay.server.url);
  clients.push(client);
  await client.nextOf('hello');
  client.send({ type: 'subscribe', symbols: [symbol] });
  await client.nextOf('snapshot');
  return client;
}

/** Plays the replay at max speed until it ends: every batch sent, the bars complete. */
async function playToEnd(client: TestClient): Promise<void> {
  client.send({ type: 'control', action: 'play' });
  for (;;) if ((await client.nextOf('replay')).state === 'ended') return;
}

const rowsOf = (file: string, separator: string) =>
  readFileSync(join(CSV, file), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(separator));

describe('real CSV files, imported and replayed to a WebSocket client', () => {
  it('a Yahoo Finance daily export becomes daily candles equal to its rows, with each day measured against the day before', async () => {
    const out = join(dir, 'spy-daily.jsonl.gz');
    importCsv('spy-daily-yahoo.csv', out, ['--symbol', 'SPY', '--time', 'Date', '--open', 'Open', '--high', 'High', '--low', 'Low', '--close', 'Close', '--volume', 'Volume']);
    const client = await connect(out, 'SPY');
    const rows = rowsOf('spy-daily-yahoo.csv', ',');
    expect(replay!.recording.header.symbols[0]!.prevClose).toBeNull();

    await playToEnd(client);
    client.send({ type: 'history', id: 'd', symbols: ['SPY'], interval: '1d', limit: 1000 });
    const { bars } = (await client.nextOf('bars')).series[0]!;
    expect(bars.time).toHaveLength(rows.length);
    expect(rows.map((r) => [Number(r[1]), Number(r[2]), Number(r[3]), Number(r[4]), Number(r[6])])).toEqual(bars.time.map((_, i) => [bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]]));

    // Midday on the 10th day: its previous close is the 9th row's close.
    const tenth = bars.time[9]! + 12 * 3_600_000;
    client.send({ type: 'control', action: 'seek', time: tenth });
    expect((await client.nextOf('snapshot')).quotes[0]!.prevClose).toBe(Number(rows[8]![4]));
  });

  it('a semicolon file with decimal commas and day-first dates becomes 1-minute candles equal to its rows', async () => {
    const out = join(dir, 'ibm-minutes.jsonl.gz');
    importCsv('ibm-minutes-semicolon.csv', out, [
      '--symbol', 'IBM', '--delimiter', ';', '--decimal', ',', '--time', 'Zeit', '--time-format', 'dd.MM.yyyy HH:mm', '--bar-interval', '1m',
      '--open', 'Eröffnung', '--high', 'Hoch', '--low', 'Tief', '--close', 'Schluss', '--volume', 'Volumen',
    ]);
    const client = await connect(out, 'IBM');
    await playToEnd(client);
    client.send({ type: 'history', id: 'm', symbols: ['IBM'], interval: '1m', limit: 1000 });
    const { bars } = (await client.nextOf('bars')).series[0]!;
    const decimal = (text: string) => Number(text.replace(/\./g, '').replace(',', '.'));
    const rows = rowsOf('ibm-minutes-semicolon.csv', ';');
    expect(bars.time.map((_, i) => [bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]])).toEqual(rows.map((r) => [1, 2, 3, 4, 5].map((k) => decimal(r[k]!))));
    expect(new Date(bars.time[0]!).toISOString()).toBe('2013-10-07T08:00:00.000Z');
  });

  it('epoch-microsecond trades replay tick for tick as the rows hold them', async () => {
    const out = join(dir, 'ibm-trades.jsonl.gz');
    const wrongUnit = spawnSync(process.execPath, [BIN, 'import', 'csv', join(CSV, 'ibm-trades-epoch-us.csv'), '--out', out, '--symbol', 'IBM', '--time', 'ts_us', '--time-format', 'epoch-ms', '--price', 'px', '--size', 'qty'], { encoding: 'utf8' });
    expect(wrongUnit.status).not.toBe(0);
    expect(wrongUnit.stderr).toMatch(/line 2, column 1 \(time\) "1381152600072000" is in the year \d+ as epoch-ms; as epoch-us it is 2013-10-07: give --time-format epoch-us/);
    importCsv('ibm-trades-epoch-us.csv', out, ['--symbol', 'IBM', '--time', 'ts_us', '--time-format', 'epoch-us', '--price', 'px', '--size', 'qty']);
    const client = await connect(out, 'IBM');
    client.send({ type: 'control', action: 'play' });
    const ticks: Tick[] = [];
    while (ticks.length < 300) ticks.push(...(await client.nextOf('ticks')).ticks);
    expect(ticks.map((t) => [t.time, t.price, t.size])).toEqual(rowsOf('ibm-trades-epoch-us.csv', ',').map((r) => [Number(r[0]) / 1000, Number(r[1]), Number(r[2])]));
  });

  it('separate date and time columns (a TAQ-style export) are read as one time, in New York, tick for tick', async () => {
    const out = join(dir, 'ibm-date-time.jsonl.gz');
    importCsv('ibm-trades-date-time.csv', out, ['--date', 'DATE', '--time', 'TIME_M', '--time-format', 'yyyyMMdd HH:mm:ss.SSS', '--symbol-col', 'SYM_ROOT', '--price', 'PRICE', '--size', 'SIZE']);
    const client = await connect(out, 'IBM');
    client.send({ type: 'control', action: 'play' });
    const ticks: Tick[] = [];
    while (ticks.length < 120) ticks.push(...(await client.nextOf('ticks')).ticks);
    // The same trades as the epoch-microsecond file: 09:30:00.072 New York (EDT) on 7 Oct 2013 is 1381152600072 ms.
    const epochRows = rowsOf('ibm-trades-epoch-us.csv', ',').slice(0, 120);
    expect(ticks.map((t) => [t.time, t.price, t.size])).toEqual(epochRows.map((r) => [Number(r[0]) / 1000, Number(r[1]), Number(r[2])]));
    const missing = spawnSync(process.execPath, [BIN, 'import', 'csv', join(CSV, 'ibm-trades-date-time.csv'), '--dry-run', '--date', 'DAY', '--time', 'TIME_M', '--symbol-col', 'SYM_ROOT', '--price', 'PRICE'], { encoding: 'utf8' });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/no column named "DAY" for --date; the header \(separated by ","\) has: DATE, TIME_M, SYM_ROOT, PRICE, SIZE/);
  });
});
