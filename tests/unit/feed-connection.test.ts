import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from '../../web/src/lib/feed-connection.ts';

describe('reconnect backoff', () => {
  it('grows exponentially up to the cap, with full jitter', () => {
    expect(backoffDelay(0, DEFAULT_BACKOFF, () => 0.999)).toBe(499);
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0.999)).toBe(3996);
    expect(backoffDelay(30, DEFAULT_BACKOFF, () => 0.999)).toBe(14_985);
    expect(backoffDelay(30, DEFAULT_BACKOFF, () => 0)).toBe(0);
  });
});
