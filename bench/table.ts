/** Rows as a GitHub-flavoured markdown table; the first column left-aligned, the rest right. */
export function markdownTable(header: string[], rows: string[][]): string {
  const table = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...table.map((row) => (row[c] ?? '').length)));
  const line = (row: string[]) => `| ${row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (c === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export function printTable(header: string[], rows: string[][]): void {
  console.log(markdownTable(header, rows));
}

export function fmt(value: number | null | undefined, digits = 0): string {
  return value === null || value === undefined || !Number.isFinite(value)
    ? 'n/a'
    : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

/** A latency for a table; the histograms stop at 10 s, so a value there means "at least". */
export function fmtLatency(ms: number): string {
  return ms >= 10_000 ? '≥ 10,000' : fmt(ms, 1);
}
