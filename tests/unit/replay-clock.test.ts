import { describe, expect, it } from 'vitest';
import type { ReplayStatusMessage } from '../../shared/protocol.ts';
import { nextSpeed, replayPosition, speedLabel } from '../../web/src/lib/replay-clock.ts';

const status = (state: ReplayStatusMessage['state'], speed: ReplayStatusMessage['speed'], position = 1000): ReplayStatusMessage => ({
  type: 'replay',
  epoch: 'e',
  state,
  speed,
  position,
  range: { start: 0, end: 100_000 },
  controllable: true,
});

describe('the replay clock in the browser', () => {
  it('extrapolates a playing clock by the wall time since the status, at its speed, up to the end', () => {
    expect(replayPosition(status('playing', 10), 5000, 5500, null)).toBe(6000);
    expect(replayPosition(status('paused', 10), 5000, 9000, null)).toBe(1000);
    expect(replayPosition(status('playing', 1000), 0, 1000, null)).toBe(100_000);
    expect(replayPosition(status('playing', 'max'), 0, 1000, 4000)).toBe(4000);
  });

  it('steps through the speed presets', () => {
    expect(nextSpeed(1, 1)).toBe(2);
    expect(nextSpeed(1, -1)).toBe(0.5);
    expect(nextSpeed('max', 1)).toBe('max');
    expect(nextSpeed(3, 1)).toBe(10);
    expect(speedLabel('max')).toBe('Max');
    expect(speedLabel(0.25)).toBe('0.25×');
  });
});
