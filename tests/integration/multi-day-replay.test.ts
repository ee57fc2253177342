import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ZonedDay } from '../../feed/import/zoned-day.ts';
import { startReplayServer, type ReplayServer } from '../support/replay-server.ts';
import { TestClient } from '../support/ws-test-client.ts';

const LEAN = fileURLToPath(new URL('../../data/lean/', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/tickwall.js', import.meta.url));
const DAYS = ['20131004', '20131007', '20131008', '20131009', '20131010', '20131011'];
const ZONE = 'America/New_York';
const dir = mkdtempSync(join(tmpdir(), 'tickwall-week-'));
const week = join(dir, 'ibm-week.jsonl.gz');
let replay: ReplayServer | null = null;

const csvOf = (path: string) => Buffer.from(Object.values(unzipSync(readFileSync(path)))[0]!).toString('utf8').trim().split('\n');
const at = (date: string, hhmm: string) => ZonedDay.fromCompact(ZONE, date).toEpoch((Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) * 60_000);

/** Each day's close as the data has it, read straight from the files: the last regular-session minute bar's close. */
function minuteCloses(): Map<string, number> {
  const closes = new Map<string, number>();
  for (const date of DAYS) {
    const rows = csvOf(join(LEAN, `minute/ibm/${date}_trade.zip`)).map((line) => line.split(',').map(Number));
    const regular = rows.filter(([ms]) => ms! >= 9.5 * 3_600_000 && ms! < 16 * 3_600_000);
    closes.set(date, regular.at(-1)![4]! / 10_000);
  }
  return closes;
}

beforeAll(() => {
  const files = [...DAYS.map((d) => join(LEAN, `minute/ibm/${d}_trade.zip`)), join(LEAN, 'daily/ibm.zip')];
  const result = spawnSync(process.execPath, [BIN, 'import', 'lean', ...files, '--out', week], { encoding: 'utf8' });
  expect(result.stderr.replace(/npm warn.*\n/g, '')).toBe('');
  expect(result.status).toBe(0);
});

afterEach(async () => {
  await replay?.close();
  replay = null;
});

describe('a week-long import', () => {
  it('replays with the right previous close on every day, and daily history from the daily file', async () => {
    replay = await startReplayServer(week);
    const { header } = replay.recording;
    // The first day's previous close: the daily file's close of Thursday 3 October 2013.
    const daily = csvOf(join(LEAN, 'daily/ibm.zip')).find((line) => line.startsWith('20131003'))!.split(',');
    expect(header.symbols[0]).toMatchObject({ symbol: 'IBM', prevClose: Number(daily[4]) / 10_000 });
    expect(header.version).toBe(2);

    const client = await TestClient.connect(replay.server.url);
    await client.nextOf('hello');
    client.send({ type: 'subscribe', symbols: ['IBM'] });
    await client.nextOf('snapshot');
    const closes = minuteCloses();
    for (let i = 1; i < DAYS.length; i++) {
      client.send({ type: 'control', action: 'seek', time: at(DAYS[i]!, '12:00') });
      const snapshot = await client.nextOf('snapshot');
      const ibm = snapshot.quotes[0]!;
      expect({ day: DAYS[i], prevClose: ibm.prevClose }).toEqual({ day: DAYS[i], prevClose: closes.get(DAYS[i - 1]!) });
    }

    // Daily bars at the last day: the daily file's days before the week, then the week's days counted from its minutes.
    client.send({ type: 'history', id: 'days', symbols: ['IBM'], interval: '1d', limit: 400 });
    const bars = await client.nextOf('bars');
    const days = bars.series[0]!.bars;
    const fromFile = csvOf(join(LEAN, 'daily/ibm.zip')).filter((line) => line < '20131004');
    expect(days.time.length).toBe(fromFile.length + DAYS.length - 1 + 1);
    expect(days.close[fromFile.length - 1]).toBe(Number(daily[4]) / 10_000);
    expect(days.close[fromFile.length]).toBe(closes.get('20131004'));
    await client.close();
  });

  it('plays nights and the weekend in no time at 60x', async () => {
    replay = await startReplayServer(week, { speed: 60, from: at('20131004', '19:58') });
    const client = await TestClient.connect(replay.server.url);
    await client.nextOf('hello');
    client.send({ type: 'subscribe', symbols: ['IBM'] });
    await client.nextOf('snapshot');
    client.send({ type: 'control', action: 'play' });
    // Two recorded minutes to Friday's last bar, then Monday's first: about 2 s at 60x, not 56 hours / 60.
    // Without the skip this would take 56 minutes; the bound only has to tell the two apart.
    const monday = at('20131007', '04:00');
    const deadline = Date.now() + 30_000;
    let reached = false;
    while (!reached && Date.now() < deadline) {
      const message = await client.nextAny(30_000);
      if (message.type === 'ticks') reached = message.ticks.some((t) => t.time >= monday);
    }
    expect(reached).toBe(true);
  });
});
