import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
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
});
