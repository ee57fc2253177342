import { describe, expect, it } from 'vitest';
import { ProgressBar } from '../../feed/cli/progress.ts';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { stream: { isTTY, write: (chunk: string) => writes.push(chunk) } as unknown as NodeJS.WriteStream, writes };
}

describe('ProgressBar', () => {
  it('draws on a terminal and clears its line when done', () => {
    const { stream, writes } = fakeStream(true);
    const bar = new ProgressBar('reading', 200, stream);
    bar.update(200, '200 rows');
    bar.done();
    expect(writes[0]).toMatch(/^\rreading \[#{28}\] 100% 200 rows/);
    expect(writes.at(-1)).toBe('\r\x1b[K');
  });

  it('stays quiet when stderr is not a terminal', () => {
    const { stream, writes } = fakeStream(false);
    const bar = new ProgressBar('reading', 200, stream);
    bar.update(100);
    bar.done();
    expect(writes).toEqual([]);
  });
});
