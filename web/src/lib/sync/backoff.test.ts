import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('waits up to twice as long after each failure, capped at a minute', () => {
    const longest = (attempt: number) => backoffDelay(attempt, () => 1);
    expect([0, 1, 2, 3, 5, 6, 7, 20].map(longest)).toEqual([
      1000, 2000, 4000, 8000, 32000, 60000, 60000, 60000,
    ]);
  });

  it('spreads retries over the whole window (full jitter) but never below a second', () => {
    expect(backoffDelay(4, () => 0.5)).toBe(8000);
    expect(backoffDelay(4, () => 0)).toBe(1000);
  });
});
