import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { Recording } from '../../feed/recording/reader.ts';

const LEAN = fileURLToPath(new URL('../../data/lean/', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/tickwall.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tickwall-import-'));

describe('tickwall import (CLI)', () => {
  it('writes a replayable recording, quietly when stderr is not a terminal', () => {
    const out = join(dir, 'minute.jsonl.gz');
    const result = spawnSync(process.execPath, [BIN, 'import', 'lean', ...['aig', 'spy'].map((s) => join(LEAN, `minute/${s}/20131007_trade.zip`)), '--out', out], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stderr.replace(/npm warn.*\n/g, '')).toBe('');
    expect(result.stdout).toMatch(/imported [\d,]+ ticks of AIG, SPY/);
    return Recording.load(out).then((recording) => {
      expect(recording.header.source).toMatchObject({ kind: 'import', importer: 'lean' });
      expect(recording.header.range).toEqual(recording.range);
      expect(recording.header.symbols.map((s) => s.symbol)).toEqual(['AIG', 'SPY']);
    });
  });

  it('refuses to overwrite an existing recording, and rejects files from different days', () => {
    const out = join(dir, 'exists.jsonl');
    writeFileSync(out, 'precious');
    const again = spawnSync(process.execPath, [BIN, 'import', 'lean', join(LEAN, 'minute/spy/20131007_trade.zip'), '--out', out], { encoding: 'utf8' });
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already exists.*--force/);
    const other = join(dir, 'x', 'minute', 'spy');
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, '20131008_trade.zip'), zipSync({ 'a.csv': Buffer.from('14400000,1,1,1,1,1') }));
    const mixed = spawnSync(process.execPath, [BIN, 'import', 'lean', join(LEAN, 'minute/spy/20131007_trade.zip'), join(other, '20131008_trade.zip'), '--out', join(dir, 'mixed.jsonl')], { encoding: 'utf8' });
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toMatch(/one trading day; these files span 20131007, 20131008/);
  });
});
