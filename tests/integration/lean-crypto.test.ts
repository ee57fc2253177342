import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { Recording } from '../../feed/recording/reader.ts';
import { BinaryTicksCodec } from '../../shared/codec/binary-ticks-codec.ts';
import { startReplayServer, type ReplayServer } from '../support/replay-server.ts';
import { TestClient } from '../support/ws-test-client.ts';

const LEAN = fileURLToPath(new URL('../../data/lean/crypto/coinbase/minute/', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/tickwall.js', import.meta.url));
const out = join(mkdtempSync(join(tmpdir(), 'tickwall-crypto-')), 'coinbase.jsonl.gz');
let replay: ReplayServer | null = null;
afterEach(async () => {
  await replay?.close();
  replay = null;
});

const rowsOf = (symbol: string) =>
  Buffer.from(Object.values(unzipSync(readFileSync(join(LEAN, `${symbol}/20170903_trade.zip`))))[0]!)
    .toString('utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(',').map(Number));

describe('Lean crypto files (Coinbase minute bars)', () => {
  it('import with the symbol properties, 24/7 in UTC, and replay as candles equal to the rows, fractional volumes exact', async () => {
    const result = spawnSync(process.execPath, [BIN, 'import', 'lean', join(LEAN, 'btcusd/20170903_trade.zip'), join(LEAN, 'ethusd/20170903_trade.zip'), '--out', out], { encoding: 'utf8' });
    expect(result.stderr.replace(/npm warn.*\n/g, '')).toBe('');
    expect(result.status).toBe(0);
    replay = await startReplayServer(out);
    const { header } = replay.recording;
    expect(header.timeZone).toBe('UTC');
    expect(header.symbols).toEqual([
      { symbol: 'BTC-USD', name: 'Bitcoin-US Dollar', sector: 'Crypto', prevClose: null, tickSize: 0.01, lotSize: 1e-8, currency: 'USD', calendar: '24x7' },
      { symbol: 'ETH-USD', name: 'Ethereum-US Dollar', sector: 'Crypto', prevClose: null, tickSize: 0.01, lotSize: 1e-8, currency: 'USD', calendar: '24x7' },
    ]);

    const client = await TestClient.connect(replay.server.url);
    await client.nextOf('hello');
    client.send({ type: 'subscribe', symbols: ['BTC-USD'] });
    await client.nextOf('snapshot');
    client.send({ type: 'control', action: 'play' });
    for (;;) if ((await client.nextOf('replay')).state === 'ended') break;
    client.send({ type: 'history', id: 'm', symbols: ['BTC-USD'], interval: '1m', limit: 2000 });
    const { bars } = (await client.nextOf('bars')).series[0]!;
    const rows = rowsOf('btcusd').filter((r) => r[5]! > 0);
    expect(bars.time.map((_, i) => [bars.time[i]! - Date.UTC(2017, 8, 3), bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]])).toEqual(rows);
    await client.close();

    // Binary frames carry the 8-decimal sizes exactly.
    const codec = new BinaryTicksCodec(header.symbols);
    for (let i = 0; i < replay.recording.batchCount; i++) {
      const batch = replay.recording.batch(i);
      const message = { type: 'ticks' as const, epoch: 'e', seq: batch.seq, ticks: batch.ticks };
      expect(codec.decode(codec.encode(message))).toEqual(message);
    }
  });

  it('a crypto daily file: alone, each UTC day replays as four trades with the row\'s open, high, low, close and volume; beside a minute file, it is the daily history and the previous close', async () => {
    const dailyZip = fileURLToPath(new URL('../../data/lean/crypto/coinbase/daily/btcusd_trade.zip', import.meta.url));
    const rows = Buffer.from(Object.values(unzipSync(readFileSync(dailyZip)))[0]!).toString('utf8').trim().split('\n').map((line) => line.split(','));
    const dailyOut = join(mkdtempSync(join(tmpdir(), 'tickwall-crypto-daily-')), 'daily.jsonl.gz');
    const alone = spawnSync(process.execPath, [BIN, 'import', 'lean', dailyZip, '--out', dailyOut], { encoding: 'utf8' });
    expect(alone.status, alone.stderr).toBe(0);
    const recording = await Recording.load(dailyOut);
    expect(recording.header.timeZone).toBe('UTC');
    expect(recording.header.symbols[0]).toMatchObject({ symbol: 'BTC-USD', calendar: '24x7', currency: 'USD' });
    const byDay = new Map<string, number[][]>();
    for (let i = 0; i < recording.batchCount; i++) {
      for (const t of recording.batch(i).ticks) {
        const day = new Date(t.time).toISOString().slice(0, 10).replaceAll('-', '');
        byDay.set(day, [...(byDay.get(day) ?? []), [t.price, t.size]]);
      }
    }
    expect([...byDay.keys()]).toEqual(rows.map((r) => r[0]!.slice(0, 8)));
    for (const [date, open, high, low, close, volume] of rows) {
      const trades = byDay.get(date!.slice(0, 8))!;
      const prices = trades.map(([price]) => price!);
      expect([prices[0], Math.max(...prices), Math.min(...prices), prices.at(-1)]).toEqual([Number(open), Number(high), Number(low), Number(close)]);
      expect(Math.round(trades.reduce((n, [, size]) => n + size!, 0) * 1e8) / 1e8).toBe(Number(volume));
    }
    const withMinutes = join(mkdtempSync(join(tmpdir(), 'tickwall-crypto-daily-')), 'both.jsonl.gz');
    const both = spawnSync(process.execPath, [BIN, 'import', 'lean', dailyZip, join(LEAN, 'btcusd/20170903_trade.zip'), '--out', withMinutes], { encoding: 'utf8' });
    expect(both.status, both.stderr).toBe(0);
    const summary = await Recording.summarize(withMinutes);
    expect(summary.header.symbols[0]!.prevClose).toBe(Number(rows.at(-1)![4]));
    expect(summary.daily).toEqual([{ symbol: 'BTC-USD', bars: rows.length, first: Date.UTC(2017, 7, 1), last: Date.UTC(2017, 8, 2) }]);
    const quote = spawnSync(process.execPath, [BIN, 'import', 'lean', dailyZip.replace('_trade', '_quote'), '--out', join(tmpdir(), 'never.jsonl')], { encoding: 'utf8' });
    expect(quote.stderr).toMatch(/daily quote files are not read .*give the btcusd_trade\.zip beside it/);
  });
});
