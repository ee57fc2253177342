import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from '../../web/src/lib/feed-connection.ts';

describe('reconnect backoff', () => {
  it('grows exponentially up to the cap, with full jitter', () => {
    expect(backoffDelay(0, DEFAULT_BACKOFF, () => 0.999)).toBe(499);
    expect(backoffDelay(2, DEFAULT_BACKOFF, () => 0.999)).toBe(1998);
    expect(backoffDelay(30, DEFAULT_BACKOFF, () => 0.999)).toBe(3996);
    expect(backoffDelay(30, DEFAULT_BACKOFF, () => 0)).toBe(0);
  });

  it('however long the outage, the next attempt comes within 4 s, so a wall is back within 5 s of the feed', () => {
    for (let attempt = 0; attempt <= 200; attempt++) expect(backoffDelay(attempt, DEFAULT_BACKOFF, () => 0.999999)).toBeLessThan(4000);
  });
});
