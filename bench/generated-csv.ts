import { createWriteStream } from 'node:fs';

const SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL', 'META', 'TSLA', 'BTC-USD'];

/** Writes trades until the file reaches `mb` MB: ISO times a few ms apart (now and then a row slightly out of order), 8 symbols, fractional prices. */
export async function generateTradesCsv(path: string, mb: number): Promise<number> {
  const out = createWriteStream(path);
  out.write('time,symbol,price,size\n');
  let bytes = 0;
  let rows = 0;
  let time = Date.UTC(2024, 2, 4, 14, 30);
  const target = mb * 1_000_000;
  while (bytes < target) {
    let chunk = '';
    for (let i = 0; i < 5000; i++) {
      time += 1 + (rows % 7);
      const jitter = rows % 101 === 0 ? -20 : 0;
      const symbol = SYMBOLS[rows % SYMBOLS.length]!;
      chunk += `${new Date(time + jitter).toISOString()},${symbol},${(100 + ((rows * 7919) % 10_000) / 100).toFixed(2)},${1 + (rows % 500)}\n`;
      rows++;
    }
    bytes += chunk.length;
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return rows;
}
