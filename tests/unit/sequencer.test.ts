import { describe, expect, it } from 'vitest';
import { Sequencer } from '../../feed/sequencer.ts';

const tick = { symbol: 'AAPL', price: 1, size: 1, time: 1 };

describe('Sequencer', () => {
  it('numbers batches from 1, one per non-empty batch, within one epoch', () => {
    const sequencer = new Sequencer('e1');
    expect(sequencer.next([tick], 10)).toEqual({ epoch: 'e1', seq: 1, time: 10, ticks: [tick] });
    expect(sequencer.next([], 20)).toBeNull();
    expect(sequencer.next([tick], 30)?.seq).toBe(2);
    expect(sequencer.seq).toBe(2);
  });

  it('keeps recorded seqs, and continues a restarted epoch after the given seq', () => {
    const sequencer = new Sequencer('e1');
    expect(sequencer.next([tick], 10, 41)?.seq).toBe(41);
    const epoch = sequencer.restart(100);
    expect(epoch).not.toBe('e1');
    expect(sequencer.next([tick], 20)).toMatchObject({ epoch, seq: 101 });
  });
});
