import type { ReplaySpeed, ReplayStatusMessage } from '../../../shared/protocol.ts';

export const SPEED_PRESETS: readonly ReplaySpeed[] = [0.25, 0.5, 1, 2, 5, 10, 30, 60, 100, 300, 1000, 'max'];

/**
 * Where the shared replay clock is now: the last status, advanced by the
 * wall time since it arrived at the replay speed. At "max" there is no rate
 * to extrapolate, so the newest tick time stands in.
 */
export function replayPosition(status: ReplayStatusMessage, receivedAt: number, now: number, latestTickTime: number | null): number {
  if (status.state !== 'playing') return status.position;
  if (status.speed === 'max') return Math.max(status.position, latestTickTime ?? status.position);
  return Math.min(status.range.end, status.position + Math.max(0, now - receivedAt) * status.speed);
}

/** The next preset up or down from the current speed. */
export function nextSpeed(current: ReplaySpeed, direction: 1 | -1): ReplaySpeed {
  const index = SPEED_PRESETS.indexOf(current);
  const from = index >= 0 ? index : SPEED_PRESETS.findIndex((s) => s === 'max' || (typeof current === 'number' && s >= current));
  return SPEED_PRESETS[Math.min(SPEED_PRESETS.length - 1, Math.max(0, from + direction))]!;
}

export function speedLabel(speed: ReplaySpeed): string {
  return speed === 'max' ? 'Max' : `${speed}×`;
}
