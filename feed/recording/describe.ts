import { formatExchangeTime } from '../exchange-time.ts';
import type { RecordingSummary } from './reader.ts';

/** What `inspect` prints about a recording, and the damage line `replay` warns with. */

export function describeDamage(recording: RecordingSummary): string {
  const { tornTailBytes, skippedCount, skippedLines } = recording.damage;
  const notes: string[] = [];
  if (tornTailBytes > 0) notes.push(`torn last line: ${tornTailBytes} bytes dropped (a write cut short, e.g. by a crash); everything before it is intact`);
  if (skippedCount > 0) notes.push(`${skippedCount} corrupt line(s) skipped (lines ${skippedLines.join(', ')}${skippedCount > skippedLines.length ? ', …' : ''})`);
  if (!recording.end) notes.push('no end line: the recording was not closed cleanly');
  return notes.join('; ');
}

export function describeRecording(recording: RecordingSummary): string {
  const { header, range } = recording;
  const zone = header.timeZone;
  const source =
    header.source.kind === 'simulator'
      ? `simulator, seed ${header.source.seed}, ${header.source.ticksPerSecond} ticks/s, universe ${header.source.universe}`
      : `import (${header.source.importer}) of ${header.source.files.map((f) => `${f.name} (${f.rows} rows${f.skipped ? `, ${f.skipped} skipped` : ''})`).join(', ')}`;
  const symbols = header.symbols.map((s) => s.symbol);
  const lines = [
    `file:        ${recording.path}`,
    `format:      ${header.format} version ${header.version}, created ${new Date(header.createdAt).toISOString()}`,
    `source:      ${source}`,
    ...(header.source.kind === 'import' ? header.source.notes.map((note) => `             ${note}`) : []),
    `time zone:   ${zone}`,
    `time range:  ${formatExchangeTime(zone, range.start)} to ${formatExchangeTime(zone, range.end)}`,
    `             ${new Date(range.start).toISOString()} to ${new Date(range.end).toISOString()} (UTC)`,
    `symbols:     ${symbols.length}: ${symbols.slice(0, 20).join(', ')}${symbols.length > 20 ? ', …' : ''}`,
    `batches:     ${recording.batchCount.toLocaleString('en-US')} (batch interval ${header.batchIntervalMs} ms)`,
    `ticks:       ${recording.tickCount.toLocaleString('en-US')}`,
    ...recording.daily.map(
      (d, i) => `${i === 0 ? 'daily:       ' : '             '}${d.symbol}: ${d.bars.toLocaleString('en-US')} days, ${formatExchangeTime(zone, d.first).slice(0, 10)} to ${formatExchangeTime(zone, d.last).slice(0, 10)}`,
    ),
    `damage:      ${describeDamage(recording) || 'none'}`,
  ];
  return lines.join('\n');
}
